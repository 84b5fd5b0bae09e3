// The log panel following a process that logs 100 lines a second: every notification is a whole Ink frame,
// so a steady stream is drawn once a second (nobody reads 100 lines a second as they scroll), and no line is
// lost. A burst before the stream changes nothing. The files are read no more often than the panel is told.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {defaultLogsOpener} from '../../../source/services/log-sessions.js';
import type {LogsHandle} from '../../../source/logs/process-log-sources.js';
import {countLooks} from '../../helpers/follower-looks.js';
import {makeProcess} from '../../helpers/process-fixture.js';

let dir: string;
let handle: LogsHandle | null = null;

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2-doctor-log-rate-'));
});
afterEach(async () => {
	vi.restoreAllMocks();
	await handle?.close();
	handle = null;
	fs.rmSync(dir, {recursive: true, force: true});
});

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe.runIf(process.platform === 'linux')('the log panel following 100 lines a second', () => {
	it('is notified about once a second, also after a burst, and ends with every line', async () => {
		const outLogPath = path.join(dir, 'app-out.log');
		const errLogPath = path.join(dir, 'app-error.log');
		fs.writeFileSync(outLogPath, '');
		fs.writeFileSync(errLogPath, '');
		const looksSoFar = countLooks([outLogPath]);
		const opener = defaultLogsOpener;
		handle = opener.process(makeProcess({pmId: 0, name: 'app', outLogPath, errLogPath}), opener.options);
		for (let waited = 0; !handle.getSnapshot().backfillDone && waited < 10_000; waited += 50) await sleep(50);

		// A burst (a restart's start-up output), straight into a steady 100 lines a second, a line every 10 ms as
		// a busy logger writes them; the rate is counted after the first 1.5 s.
		let notifications = 0;
		handle.subscribe(() => notifications++);
		let written = 0;
		for (; written < 300; written++) fs.appendFileSync(outLogPath, `line ${written}\n`);
		const burst = written;
		const startedAt = Date.now();
		let countedFromMs: number | null = null;
		let looksBefore = new Map<string, number>();
		while (Date.now() - startedAt < 5500) {
			const due = burst + Math.floor(((Date.now() - startedAt) / 1000) * 100);
			for (; written < due; written++) fs.appendFileSync(outLogPath, `line ${written}\n`);
			if (countedFromMs === null && Date.now() - startedAt >= 1500) {
				countedFromMs = Date.now();
				notifications = 0;
				looksBefore = looksSoFar();
			}
			await sleep(10);
		}
		const elapsedS = (Date.now() - countedFromMs!) / 1000;
		const looksPerSecond = (looksSoFar().get(outLogPath)! - looksBefore.get(outLogPath)!) / elapsedS;
		const lastLine = `line ${written - 1}`;
		for (let waited = 0; handle.getSnapshot().lines.at(-1)?.text !== lastLine && waited < 10_000; waited += 20) await sleep(20);

		const texts = handle.getSnapshot().lines.map(line => line.text);
		expect(texts).toEqual(Array.from({length: written}, (_, index) => `line ${index}`));
		// 6 a second at a former 10 a second, 3-4 at 4 a second.
		expect(notifications / elapsedS).toBeLessThanOrEqual(1.5);
		expect(notifications / elapsedS).toBeGreaterThanOrEqual(0.6);
		// Read at every fs.watch wake-up this file would be looked at up to 20 times a second.
		expect(looksPerSecond).toBeLessThanOrEqual(2);
	});
});

// The log panel following a process that logs 100 lines a second: every notification is a whole Ink frame,
// so the panel is told of new lines a few times a second (what a reader can follow), and no line is lost.
// A burst is no flood: the steady rate after it is drawn as often as before it. The files are read no more
// often than the panel is told.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {defaultLogsOpener} from '../../../source/services/log-sessions.js';
import type {LogsHandle} from '../../../source/logs/process-log-sources.js';
import {makeProcess} from '../../helpers/process-fixture.js';

let dir: string;
let handle: LogsHandle | null = null;

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2-doctor-log-rate-'));
});
afterEach(async () => {
	await handle?.close();
	handle = null;
	fs.rmSync(dir, {recursive: true, force: true});
});

/** Read system calls of this process so far (/proc/self/io): each look at a followed file makes a few. */
const readCalls = () => Number(/^syscr: (\d+)$/m.exec(fs.readFileSync('/proc/self/io', 'utf8'))![1]);
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe.runIf(process.platform === 'linux')('the log panel following 100 lines a second', () => {
	it('is notified 3 to 4 times a second, also after a burst, and ends with every line', async () => {
		const outLogPath = path.join(dir, 'app-out.log');
		const errLogPath = path.join(dir, 'app-error.log');
		fs.writeFileSync(outLogPath, '');
		fs.writeFileSync(errLogPath, '');
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
		let readsBefore = 0;
		while (Date.now() - startedAt < 5500) {
			const due = burst + Math.floor(((Date.now() - startedAt) / 1000) * 100);
			for (; written < due; written++) fs.appendFileSync(outLogPath, `line ${written}\n`);
			if (countedFromMs === null && Date.now() - startedAt >= 1500) {
				countedFromMs = Date.now();
				notifications = 0;
				readsBefore = readCalls();
			}
			await sleep(10);
		}
		const elapsedS = (Date.now() - countedFromMs!) / 1000;
		const readsPerSecond = (readCalls() - readsBefore) / elapsedS;
		const lastLine = `line ${written - 1}`;
		for (let waited = 0; handle.getSnapshot().lines.at(-1)?.text !== lastLine && waited < 10_000; waited += 20) await sleep(20);

		const texts = handle.getSnapshot().lines.map(line => line.text);
		expect(texts).toEqual(Array.from({length: written}, (_, index) => `line ${index}`));
		// Measured 6 a second at the former 10 a second, and 1 a second once a burst had been taken for a flood.
		expect(notifications / elapsedS).toBeLessThanOrEqual(4.5);
		expect(notifications / elapsedS).toBeGreaterThanOrEqual(2.5);
		// Measured 126–135 read calls a second when the files were read up to 20 times a second, 55 at the update rate.
		expect(readsPerSecond).toBeLessThanOrEqual(90);
	});
});

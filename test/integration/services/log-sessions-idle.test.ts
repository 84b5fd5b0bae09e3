// The log panel on a quiet process: fs.watch wakes the follower when a line is written, so its safety poll
// (identity and size of each file) runs every 5 s, not four times a second: an open panel costs the idle box little.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {defaultLogsOpener} from '../../../source/services/log-sessions.js';
import type {LogsHandle} from '../../../source/logs/process-log-sources.js';
import {countLooks, lookRates} from '../../helpers/follower-looks.js';
import {makeProcess} from '../../helpers/process-fixture.js';

let dir: string;
let handle: LogsHandle | null = null;

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2-doctor-log-idle-'));
});
afterEach(async () => {
	vi.restoreAllMocks();
	await handle?.close();
	handle = null;
	fs.rmSync(dir, {recursive: true, force: true});
});

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe.runIf(process.platform === 'linux')('the log panel on a quiet process', () => {
	it('checks its two files about every 5 s each, and still shows a new line at once', async () => {
		const outLogPath = path.join(dir, 'app-out.log');
		const errLogPath = path.join(dir, 'app-error.log');
		fs.writeFileSync(outLogPath, 'old line\n');
		fs.writeFileSync(errLogPath, '');
		const looksSoFar = countLooks([outLogPath, errLogPath]);
		const opener = defaultLogsOpener;
		handle = opener.process(makeProcess({pmId: 0, name: 'app', outLogPath, errLogPath}), opener.options);
		const lines = () => handle!.getSnapshot().lines.map(line => line.text);
		for (let waited = 0; !handle.getSnapshot().backfillDone && waited < 10_000; waited += 50) await sleep(50);
		expect(lines()).toContain('old line');

		await sleep(500);
		// Longer than one safety poll, so each file is looked at in it at least once.
		const quietMs = 7500;
		const {perSecond, seconds} = await lookRates(looksSoFar, quietMs);
		for (const file of [outLogPath, errLogPath]) {
			const looksPerSecond = perSecond.get(file)!;
			// Polled every 250 ms this was 4 a second, every second 1; a watcher that woke the follower on its own
			// reads would make it 20 (one look per minReadGapMs).
			expect(looksPerSecond, `${path.basename(file)}: looks a second over ${seconds.toFixed(1)} s`).toBeGreaterThan(0);
			expect(looksPerSecond, `${path.basename(file)}: looks a second over ${seconds.toFixed(1)} s`).toBeLessThanOrEqual(0.5);
		}

		fs.appendFileSync(outLogPath, 'new line\n');
		const writtenAt = Date.now();
		while (!lines().includes('new line') && Date.now() - writtenAt < 10_000) await sleep(20);
		expect(lines()).toContain('new line');
	});
});

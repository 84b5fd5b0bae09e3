// The log panel on a quiet process: fs.watch wakes the follower when a line is written, so its safety poll
// (identity and size of each file) runs once a second, not four times: an open panel costs the idle box little.
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
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2-doctor-log-idle-'));
});
afterEach(async () => {
	await handle?.close();
	handle = null;
	fs.rmSync(dir, {recursive: true, force: true});
});

/** Read system calls of this process so far (/proc/self/io): each poll of a followed file makes a few. */
const readCalls = () => Number(/^syscr: (\d+)$/m.exec(fs.readFileSync('/proc/self/io', 'utf8'))![1]);
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe.runIf(process.platform === 'linux')('the log panel on a quiet process', () => {
	it('checks its two files about once a second each, and still shows a new line at once', async () => {
		const outLogPath = path.join(dir, 'app-out.log');
		const errLogPath = path.join(dir, 'app-error.log');
		fs.writeFileSync(outLogPath, 'old line\n');
		fs.writeFileSync(errLogPath, '');
		const opener = defaultLogsOpener;
		handle = opener.process(makeProcess({pmId: 0, name: 'app', outLogPath, errLogPath}), opener.options);
		const lines = () => handle!.getSnapshot().lines.map(line => line.text);
		for (let waited = 0; !handle.getSnapshot().backfillDone && waited < 10_000; waited += 50) await sleep(50);
		expect(lines()).toContain('old line');

		await sleep(500);
		const quietMs = 4000;
		const before = readCalls();
		await sleep(quietMs);
		// Measured: about 23 a second when each file was polled every 250 ms, about 5 at once a second.
		const readsPerSecond = (readCalls() - before) / (quietMs / 1000);
		expect(readsPerSecond).toBeLessThanOrEqual(10);

		fs.appendFileSync(outLogPath, 'new line\n');
		const writtenAt = Date.now();
		while (!lines().includes('new line') && Date.now() - writtenAt < 10_000) await sleep(20);
		expect(lines()).toContain('new line');
	});
});

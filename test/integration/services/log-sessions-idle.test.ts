// The log panel on a quiet process: fs.watch wakes the follower when a line is written, so its safety poll
// (identity and size of each file) runs once a second, not four times: an open panel costs the idle box little.
import fs from 'node:fs';
import fsPromises from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {defaultLogsOpener} from '../../../source/services/log-sessions.js';
import type {LogsHandle} from '../../../source/logs/process-log-sources.js';
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

/**
 * Every look of a follower at its file begins with a stat of the path (follow-file.ts), so counting those
 * counts the looks. Not the process's read system calls (/proc/self/io): they also count whatever else the
 * test process reads (the test runner's own messages), which made one loaded run read 129 a second.
 */
function countLooks(paths: readonly string[]) {
	const looks = new Map(paths.map(file => [file, 0]));
	const stat = fsPromises.stat.bind(fsPromises);
	vi.spyOn(fsPromises, 'stat').mockImplementation(((file: fs.PathLike, options?: fs.StatOptions) => {
		const key = String(file);
		if (looks.has(key)) looks.set(key, looks.get(key)! + 1);
		return stat(file, options);
	}) as typeof fsPromises.stat);
	return () => new Map(looks);
}
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe.runIf(process.platform === 'linux')('the log panel on a quiet process', () => {
	it('checks its two files about once a second each, and still shows a new line at once', async () => {
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
		const quietMs = 4000;
		const before = looksSoFar();
		const startedAtMs = Date.now();
		await sleep(quietMs);
		const after = looksSoFar();
		// The window as it really passed: a loaded machine can stretch a 4 s sleep.
		const seconds = (Date.now() - startedAtMs) / 1000;
		for (const file of [outLogPath, errLogPath]) {
			const looksPerSecond = (after.get(file)! - before.get(file)!) / seconds;
			// Polled every 250 ms this was 4 a second; a watcher that woke the follower on its own reads would
			// make it 20 (one look per minReadGapMs).
			expect(looksPerSecond, `${path.basename(file)}: looks a second over ${seconds.toFixed(1)} s`).toBeGreaterThan(0);
			expect(looksPerSecond, `${path.basename(file)}: looks a second over ${seconds.toFixed(1)} s`).toBeLessThanOrEqual(1.5);
		}

		fs.appendFileSync(outLogPath, 'new line\n');
		const writtenAt = Date.now();
		while (!lines().includes('new line') && Date.now() - writtenAt < 10_000) await sleep(20);
		expect(lines()).toContain('new line');
	});
});

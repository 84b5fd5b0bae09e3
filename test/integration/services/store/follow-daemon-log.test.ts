// pm2.log on a quiet daemon: fs.watch wakes its follower when the daemon writes a line, so the safety poll (a
// stat of the path) runs every few seconds instead of every second, and a new line still arrives at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {followDaemonLog} from '../../../../source/services/store/follow-daemon-log.js';
import type {DaemonLogLine} from '../../../../source/model/types.js';
import {countLooks, lookRates} from '../../../helpers/follower-looks.js';

let home: string;
let follower: {close(): void} | null = null;

beforeEach(() => {
	home = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2-doctor-daemon-log-'));
});
afterEach(() => {
	vi.restoreAllMocks();
	follower?.close();
	follower = null;
	fs.rmSync(home, {recursive: true, force: true});
});

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe.runIf(process.platform === 'linux')('following pm2.log on a quiet daemon', () => {
	it('looks at the file less than once a second, and still delivers a new line at once', async () => {
		const logPath = path.join(home, 'pm2.log');
		fs.writeFileSync(logPath, '2026-12-07T05:00:00: PM2 log: App [api:0] online\n');
		const looksSoFar = countLooks([logPath]);
		const delivered: Array<{lines: DaemonLogLine[]; backfill: boolean}> = [];
		follower = followDaemonLog(home, (lines, delivery) => delivered.push({lines, backfill: delivery.backfill}));
		for (let waited = 0; delivered.length === 0 && waited < 10_000; waited += 50) await sleep(50);
		expect(delivered[0]?.backfill).toBe(true);
		for (let waited = 0; looksSoFar().get(logPath) === 0 && waited < 10_000; waited += 50) await sleep(50);

		const {perSecond, seconds} = await lookRates(looksSoFar, 4000);
		// Polled every second this was 1 a second.
		expect(perSecond.get(logPath), `looks a second over ${seconds.toFixed(1)} s`).toBeLessThanOrEqual(0.5);

		fs.appendFileSync(logPath, '2026-12-07T05:00:09: PM2 log: App [api:0] exited with code [1] via signal [SIGINT]\n');
		const writtenAtMs = Date.now();
		const arrived = () => delivered.some(delivery => !delivery.backfill && delivery.lines.some(line => line.text.includes('exited with code')));
		while (!arrived() && Date.now() - writtenAtMs < 10_000) await sleep(20);
		expect(arrived()).toBe(true);
		// Well inside the safety poll's 5 s: the watcher woke the follower.
		expect(Date.now() - writtenAtMs).toBeLessThan(2500);
	});
});

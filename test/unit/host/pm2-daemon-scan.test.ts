// The daemon scan of every diagnosis run, from a fake /proc: a pid that was no daemon twice is not read again
// until its settling expires; new daemons, gone daemons and re-used pids are still seen.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createPm2DaemonScanner} from '../../../source/host/pm2-daemon-scan.js';

let procRoot: string;
beforeEach(() => {
	procRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-proc-scan-'));
});
afterEach(() => fs.rmSync(procRoot, {recursive: true, force: true}));

function setTitle(pid: number, cmdline: string) {
	fs.mkdirSync(path.join(procRoot, String(pid)), {recursive: true});
	fs.writeFileSync(path.join(procRoot, String(pid), 'cmdline'), cmdline);
}

describe('createPm2DaemonScanner', () => {
	it('reads a node title twice and another title once, then not again until the settling expires', async () => {
		for (let pid = 1000; pid < 1300; pid++) setTitle(pid, `node /srv/app-${pid}.js\0`);
		for (let pid = 3000; pid < 3300; pid++) setTitle(pid, `/usr/sbin/worker-${pid}\0`);
		setTitle(42, 'PM2 v7.0.4: God Daemon (/home/app/.pm2)\0');
		let nowMs = 1_000_000;
		const scanner = createPm2DaemonScanner(procRoot, () => nowMs);
		const scan = async () => (await scanner.scan()).map(daemon => daemon.pid).sort((a, b) => a - b);
		/** Gives these pids a daemon's title: a scan that reports one of them has read its title. */
		const giveDaemonTitles = (pids: number[]) => {
			for (const pid of pids) setTitle(pid, `PM2 v7.0.4: God Daemon (/home/u${pid})\0`);
		};
		const range = (from: number, to: number) => Array.from({length: to - from}, (_, i) => from + i);

		expect(await scan()).toEqual([42]);
		nowMs += 30_000;
		// Second run: a node title is read again (a daemon sets its title just after it starts), the others not.
		giveDaemonTitles([1001, ...range(3000, 3300)]);
		expect(await scan()).toEqual([42, 1001]);
		setTitle(1001, 'node /srv/app-1001.js\0');
		giveDaemonTitles(range(1002, 1300));
		nowMs += 30_000;
		// Third run: no settled title is read; the daemon's own still is.
		expect(await scan()).toEqual([42]);
		for (const pid of range(1002, 1300)) setTitle(pid, `node /srv/app-${pid}.js\0`);
		for (const pid of range(3000, 3300)) setTitle(pid, `/usr/sbin/worker-${pid}\0`);

		// A daemon started since (a new pid) is found at once; one that quit is gone.
		setTitle(2000, 'PM2 v7.0.4: God Daemon (/tmp/other-home)\0');
		fs.rmSync(path.join(procRoot, '42'), {recursive: true});
		nowMs += 30_000;
		expect(await scan()).toEqual([2000]);

		// A settled pid that became a daemon (exec, or a re-used pid) is found once the settling expires.
		setTitle(1000, 'PM2 v6.0.1: God Daemon (/srv/home)\0');
		nowMs += 30_000;
		expect(await scan()).toEqual([2000]);
		nowMs += 5 * 60_000;
		expect(await scan()).toEqual([1000, 2000]);
	});
});

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

/** Read system calls of this process so far (/proc/self/io). */
const readCalls = () => Number(/^syscr: (\d+)$/m.exec(fs.readFileSync('/proc/self/io', 'utf8'))![1]);

describe.runIf(process.platform === 'linux')('createPm2DaemonScanner', () => {
	it('reads a node title twice and another title once, then not again until the settling expires', async () => {
		for (let pid = 1000; pid < 1300; pid++) setTitle(pid, `node /srv/app-${pid}.js\0`);
		for (let pid = 3000; pid < 3300; pid++) setTitle(pid, `/usr/sbin/worker-${pid}\0`);
		setTitle(42, 'PM2 v7.0.4: God Daemon (/home/app/.pm2)\0');
		let nowMs = 1_000_000;
		const scanner = createPm2DaemonScanner(procRoot, () => nowMs);
		const scanReads = async () => {
			const before = readCalls();
			const daemons = await scanner.scan();
			return {daemons: daemons.map(daemon => daemon.pid), reads: readCalls() - before};
		};

		const first = await scanReads();
		expect(first.daemons).toEqual([42]);
		expect(first.reads).toBeGreaterThanOrEqual(600);
		nowMs += 30_000;
		const second = await scanReads();
		expect(second.reads).toBeGreaterThanOrEqual(300);
		expect(second.reads).toBeLessThan(500);
		nowMs += 30_000;
		const third = await scanReads();
		expect(third.daemons).toEqual([42]);
		// The daemon's title, the directory listing and a few of the runtime's own: not 301 titles.
		expect(third.reads).toBeLessThan(60);

		// A daemon started since (a new pid) is found at once; one that quit is gone.
		setTitle(2000, 'PM2 v7.0.4: God Daemon (/tmp/other-home)\0');
		fs.rmSync(path.join(procRoot, '42'), {recursive: true});
		nowMs += 30_000;
		expect((await scanReads()).daemons).toEqual([2000]);

		// A settled pid that became a daemon (exec, or a re-used pid) is found once the settling expires.
		setTitle(1000, 'PM2 v6.0.1: God Daemon (/srv/home)\0');
		nowMs += 30_000;
		expect((await scanReads()).daemons).toEqual([2000]);
		nowMs += 5 * 60_000;
		expect((await scanReads()).daemons.sort((a, b) => a - b)).toEqual([1000, 2000]);
	});
});

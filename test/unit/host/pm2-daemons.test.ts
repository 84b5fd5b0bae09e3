// The daemons on the host, from a fake /proc: whole titles, cut titles completed from the environment, and
// the finder's memory of titles between runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {createPm2DaemonFinder, daemonTitleRescanMs, findPm2Daemons, type ProcReader} from '../../../source/host/pm2-daemons.js';

const procRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-proc-'));
afterAll(() => fs.rmSync(procRoot, {recursive: true, force: true}));

function fakeProcess(pid: number, cmdline: string, environ?: string) {
	fs.mkdirSync(path.join(procRoot, String(pid)));
	fs.writeFileSync(path.join(procRoot, String(pid), 'cmdline'), cmdline);
	if (environ !== undefined) fs.writeFileSync(path.join(procRoot, String(pid), 'environ'), environ);
}

describe('findPm2Daemons', () => {
	it('lists daemons by their titles and completes a cut title from the daemon environment', async () => {
		fakeProcess(101, 'PM2 v7.0.4: God Daemon (/home/app/.pm2)\0');
		fakeProcess(102, 'PM2 v7.0.4: God Daemon (/tmp/pm2doc-long-ho', 'PATH=/bin\0PM2_HOME=/tmp/pm2doc-long-home\0');
		fakeProcess(103, 'PM2 v6.0.1: God Daemon (/srv/a-cut-ho');
		fakeProcess(104, 'node /usr/bin/pm2 logs\0');
		const daemons = (await findPm2Daemons(procRoot)).sort((a, b) => a.pid - b.pid);
		expect(daemons).toEqual([
			{pid: 101, version: '7.0.4', home: '/home/app/.pm2', homeIsPrefix: false},
			{pid: 102, version: '7.0.4', home: '/tmp/pm2doc-long-home'},
			{pid: 103, version: '6.0.1', home: '/srv/a-cut-ho', homeIsPrefix: true},
		]);
	});
});

/** An in-memory /proc that counts the title reads. */
function memoryProc(titles: Map<number, string>) {
	const reads: number[] = [];
	const reader: ProcReader = {
		listPids: async () => [...titles.keys()],
		async readPidFile(pid, name) {
			const title = titles.get(pid);
			if (name !== 'cmdline' || title === undefined) throw new Error('ENOENT');
			reads.push(pid);
			return title;
		},
	};
	return {reader, reads};
}

describe('createPm2DaemonFinder', () => {
	beforeEach(() => vi.useFakeTimers({now: 1_000_000}));
	afterEach(() => vi.useRealTimers());

	it('reads the titles of new pids only, forgets ended pids, and reads every title again once a minute', async () => {
		const titles = new Map([
			[1, 'PM2 v7.0.4: God Daemon (/home/app/.pm2)\0'],
			[2, 'node app.js\0'],
			[3, 'bash\0'],
		]);
		const {reader, reads} = memoryProc(titles);
		const find = createPm2DaemonFinder(reader);
		expect((await find()).map(d => d.pid)).toEqual([1]);
		expect(reads.sort()).toEqual([1, 2, 3]);

		reads.length = 0;
		titles.set(4, 'PM2 v7.0.4: God Daemon (/tmp/other)\0');
		titles.delete(1);
		expect((await find()).map(d => d.home)).toEqual(['/tmp/other']);
		expect(reads).toEqual([4]); // 2 and 3 are remembered, 1 ended

		reads.length = 0;
		titles.set(1, 'PM2 v7.0.4: God Daemon (/home/app/.pm2)\0'); // a pid that ended and is used again is read again
		expect((await find()).map(d => d.pid)).toEqual([4, 1]);
		expect(reads).toEqual([1]);

		reads.length = 0;
		await vi.advanceTimersByTimeAsync(daemonTitleRescanMs - 1);
		await find();
		expect(reads).toEqual([]);
		titles.set(2, 'PM2 v6.0.1: God Daemon (/srv/reused)\0'); // pid 2 ended and was reused between two runs
		await vi.advanceTimersByTimeAsync(1);
		expect((await find()).map(d => d.home)).toEqual(['/srv/reused', '/tmp/other', '/home/app/.pm2']);
		expect(reads.sort()).toEqual([1, 2, 3, 4]);
	});

	it('asks again next run about a daemon that has not set its title yet', async () => {
		const titles = new Map([[7, 'node /usr/lib/node_modules/pm2/lib/Daemon.js\0']]);
		const {reader} = memoryProc(titles);
		const find = createPm2DaemonFinder(reader);
		expect(await find()).toEqual([]);
		titles.set(7, 'PM2 v7.0.4: God Daemon (/home/app/.pm2)\0');
		expect((await find()).map(d => d.pid)).toEqual([7]);
	});
});

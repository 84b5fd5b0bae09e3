// The daemons on the host, from a fake /proc: whole titles, cut titles completed from the environment.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {findPm2Daemons} from '../../../source/host/pm2-daemons.js';

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

// What the probe says is at $PM2_HOME/rpc.sock when nothing answers there (no daemon is involved:
// a regular file refuses connections just as a dead socket does).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, expect, it} from 'vitest';
import {describeProbe} from '../../../source/pm2/daemon-client.js';
import {probeDaemon} from '../../../source/pm2/probe-daemon.js';

let home: string;
beforeEach(() => {
	home = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-probe-'));
});
afterEach(() => fs.rmSync(home, {recursive: true, force: true}));

it('names a regular file in place of rpc.sock, without a daemon pid when pm2.pid names no running PM2 daemon', async () => {
	const socketPath = path.join(home, 'rpc.sock');
	fs.writeFileSync(socketPath, '');
	// This test's own pid: running, but not a PM2 daemon (as when pm2.pid outlived its daemon and the pid was reused).
	fs.writeFileSync(path.join(home, 'pm2.pid'), String(process.pid));
	const probe = await probeDaemon(home);
	expect(probe).toEqual({kind: 'not-a-socket', home, socketPath, fileType: 'regular file', daemonPid: null});
	expect(describeProbe(probe)).toBe(`No PM2 daemon answers at ${home}: ${socketPath} is a regular file, not a socket`);
});

it('names a folder in place of rpc.sock', async () => {
	fs.mkdirSync(path.join(home, 'rpc.sock'));
	expect(await probeDaemon(home)).toMatchObject({kind: 'not-a-socket', fileType: 'directory', daemonPid: null});
});

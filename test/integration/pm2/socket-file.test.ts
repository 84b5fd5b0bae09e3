// Something else than the daemon's listening socket at $PM2_HOME/rpc.sock while the daemon runs: the
// message says what is there, and that the daemon is alive, instead of blaming a daemon that died.
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, expect, it} from 'vitest';
import {probeDaemon} from '../../../source/pm2/probe-daemon.js';
import {createPm2Sandbox, demoAppsDir, repoRoot, run, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';

const cliPath = path.join(repoRoot, 'dist', 'source', 'bin.js');
let sandbox: Pm2Sandbox;
let socketPath: string;
let movedSocketPath: string;

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-sockfile-');
	expect((await sandbox.pm2(['start', path.join(demoAppsDir, 'sleeper.cjs'), '--name', 'sleepy'])).code).toBe(0);
	socketPath = path.join(sandbox.home, 'rpc.sock');
	movedSocketPath = path.join(sandbox.home, 'rpc.sock.moved');
});

// The daemon keeps listening on the moved socket: putting it back lets `pm2 kill` reach it.
afterEach(() => {
	if (fs.existsSync(movedSocketPath)) {
		fs.rmSync(socketPath, {force: true, recursive: true});
		fs.renameSync(movedSocketPath, socketPath);
	}
});

afterAll(async () => sandbox.destroy());

it('names a regular file in place of rpc.sock, and the running daemon, in status and check', async () => {
	const daemonPid = sandbox.daemonPid()!;
	fs.renameSync(socketPath, movedSocketPath);
	fs.writeFileSync(socketPath, 'not a socket\n');

	expect(await probeDaemon(sandbox.home)).toEqual({kind: 'not-a-socket', home: sandbox.home, socketPath, fileType: 'regular file', daemonPid});
	for (const args of [['status'], ['check']]) {
		const result = await run(process.execPath, [cliPath, ...args, '--pm2-home', sandbox.home], {env: sandbox.env});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain(`${socketPath} is a regular file, not a socket`);
		expect(result.stderr).toContain(`the daemon in pm2.pid (pid ${daemonPid}) is running but cannot be reached through it`);
		expect(result.stderr).not.toMatch(/stale socket|died|never starts one/);
	}
});

it('says nothing listens on a dead socket while the daemon in pm2.pid runs', async () => {
	const daemonPid = sandbox.daemonPid()!;
	fs.renameSync(socketPath, movedSocketPath);
	// A process that exits without closing its server leaves a socket nobody listens on.
	const child = await run(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(socketPath)},()=>process.exit(0))`]);
	expect(child.code).toBe(0);

	const result = await run(process.execPath, [cliPath, 'status', '--pm2-home', sandbox.home], {env: sandbox.env});
	expect(result.code).toBe(2);
	expect(result.stderr).toContain(`nothing listens on ${socketPath}, though the daemon in pm2.pid (pid ${daemonPid}) is running`);
	expect(result.stderr).not.toMatch(/left by a daemon that died/);
});

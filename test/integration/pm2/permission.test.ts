// A daemon the operator may not talk to (another user's PM2_HOME): a clear one-line error naming
// the socket's owner and the current user, exit 2 — never pm2's own process.exit(1) or a stack trace.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createPm2Sandbox, demoAppsDir, run, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {copyForOtherUsers, type WorldReadableCopy} from '../../helpers/world-readable-copy.js';

const canSwitchUser = process.getuid?.() === 0 && fs.existsSync('/usr/bin/setpriv');

describe.skipIf(!canSwitchUser)('permission denied on rpc.sock', () => {
	let sandbox: Pm2Sandbox;
	// nobody runs the built CLI from here: the checkout may be in a folder only root can enter.
	let cli: WorldReadableCopy;
	beforeAll(async () => {
		cli = copyForOtherUsers(['package.json', 'dist/source', 'node_modules']);
		sandbox = await createPm2Sandbox();
		await sandbox.pm2(['start', path.join(demoAppsDir, 'sleeper.cjs'), '--name', 'sleepy']);
		// Let "nobody" reach the socket's folder but not write to the socket.
		for (let dir = sandbox.home; dir.startsWith(os.tmpdir() + path.sep); dir = path.dirname(dir)) {
			fs.chmodSync(dir, 0o755);
		}
		fs.chmodSync(path.join(sandbox.home, 'rpc.sock'), 0o755);
	});
	afterAll(async () => {
		cli?.remove();
		await sandbox?.destroy();
	});

	it('says who owns the socket and who you are, and exits 2', async () => {
		const result = await run(
			'/usr/bin/setpriv',
			['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, path.join(cli.root, 'dist/source/bin.js'), 'status', '--pm2-home', sandbox.home],
			{env: {...sandbox.env, HOME: '/tmp'}, cwd: cli.root},
		);
		expect(result.code, result.stderr).toBe(2);
		expect(result.stderr).toMatch(/Permission denied/);
		expect(result.stderr).toMatch(/owned by uid 0 \(root\)/);
		expect(result.stderr).toMatch(/you are uid 65534 \(nobody\)/);
		expect(result.stderr).not.toMatch(/\n\s+at /);
		// The daemon is untouched.
		expect((await sandbox.jlist()).map(p => p.name)).toEqual(['sleepy']);
	});
});

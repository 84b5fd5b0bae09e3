// The real CLI (dist/source/bin.js, built by `npm run build`) in a pseudo-terminal on a real daemon:
// select a crash-looping process, open the doctor, walk the restart-loop flow to its fixes.
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createPm2Sandbox, demoAppsDir, repoRoot, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {ptyKeys, spawnInPty, type PtyScreen} from '../../helpers/pty-screen.js';

const bin = path.join(repoRoot, 'dist', 'source', 'bin.js');
let sandbox: Pm2Sandbox;
let ui: PtyScreen | null = null;

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-e2e-doctor-');
	expect((await sandbox.pm2(['start', path.join(demoAppsDir, 'sleeper.cjs'), '--name', 'calm'])).code).toBe(0);
	expect((await sandbox.pm2(['start', path.join(demoAppsDir, 'crash-loop.cjs'), '--name', 'looper'])).code).toBe(0);
	await sandbox.pm2(['save']);
}, 60_000);

afterAll(async () => {
	ui?.kill('SIGKILL');
	await sandbox?.destroy();
}, 60_000);

describe('doctor in a pseudo-terminal', () => {
	it('walks the restart-loop flow of a crash-looping process to its fixes', async () => {
		ui = spawnInPty(process.execPath, [bin, '--pm2-home', sandbox.home], {cols: 120, rows: 40, env: {PM2_HOME: sandbox.home}});
		await ui.waitForScreen(/calm[\s\S]*looper/, 20_000);
		ui.press('j');
		await ui.waitForScreen(/^›\s+1 looper/m);
		ui.press('t');
		// The checks re-run every 5 s; the loop needs three crashes in the daemon log first.
		await ui.waitForScreen(/› ERR\s+looper:1\s+looper is in a restart loop/, 40_000);
		ui.press(ptyKeys.enter);
		let screen = await ui.waitForScreen(/Restart loop — looper \(id 1\)[\s\S]*✖ 1\. Count crash restarts/, 15_000);
		expect(screen).toMatch(/crash restarts in the last minute/);
		expect(screen).toContain('last error: Error: ECONNREFUSED 127.0.0.1:5432 (simulated)');
		expect(screen).toMatch(/PM2 will never stop this loop/);
		// One key per chunk: a terminal delivers keys typed quickly in one read.
		for (const fix of [
			/› ecosystem: exp_backoff_restart_delay/,
			/› ecosystem: min_uptime/,
			/› ecosystem: stop_exit_codes/,
			/› \$ pm2 restart looper.*\[f: run\]/,
		]) {
			ui.press('j');
			screen = await ui.waitForScreen(fix, 10_000);
		}
		expect(screen).toContain('Fixes');
		ui.press('f');
		await ui.waitForScreen(/Restart "looper" \(id 1\)\?/, 10_000);
		ui.press('n');
		await waitFor(() => !ui!.screenText().includes('Restart "looper" (id 1)?'), {what: 'the confirm dialog to close', timeoutMs: 10_000});
		expect(ui.screenText()).toMatch(/› \$ pm2 restart looper/);
		// Cancelled: no restart was sent (a manual restart logs "Stopping app", a crash does not).
		expect(fs.readFileSync(path.join(sandbox.home, 'pm2.log'), 'utf8')).not.toContain('Stopping app:looper');
		ui.press(ptyKeys.escape);
		await ui.waitForScreen(/› ERR\s+looper:1/, 10_000);
		ui.press(ptyKeys.escape);
		await ui.waitForScreen(/^›\s+1 looper/m, 10_000);
		ui.press('q');
		expect((await ui.exit).exitCode).toBe(0);
	}, 120_000);
});

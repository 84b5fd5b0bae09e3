// The daemon dies while the UI is attached: the header must say so (data kept, marked stale), actions
// are refused, and the UI re-attaches by itself when a daemon is back in the same PM2_HOME.
import path from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {createPm2Sandbox, demoAppsDir, isAlive, repoRoot, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {spawnInPty, type PtyScreen} from '../../helpers/pty-screen.js';

let sandbox: Pm2Sandbox;
let ui: PtyScreen | undefined;

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-e2e-outage-');
	expect((await sandbox.pm2(['start', path.join(demoAppsDir, 'sleeper.cjs'), '--name', 'before-outage'])).code).toBe(0);
}, 60_000);

afterAll(async () => {
	ui?.kill('SIGKILL');
	await sandbox?.destroy();
}, 60_000);

it('shows the outage, refuses actions during it, and re-attaches', async () => {
	ui = spawnInPty(process.execPath, [path.join(repoRoot, 'dist', 'source', 'bin.js'), '--pm2-home', sandbox.home], {cols: 100, rows: 30});
	await ui.waitForScreen(/· attached \(daemon pid \d+\)[\s\S]*before-outage/, 20_000);

	// The daemon dies abruptly (a crash, an OOM kill). Not `pm2 kill` or SIGTERM: both delete every process
	// before the daemon stops, so the last list the UI polls can be empty, with nothing stale left to show.
	const appPids = (await sandbox.jlist()).map(app => app.pid as number).filter(pid => pid > 0);
	const firstDaemonPid = sandbox.daemonPid()!;
	process.kill(firstDaemonPid, 'SIGKILL');
	await waitFor(() => !isAlive(firstDaemonPid), {what: 'the first daemon to exit'});
	// Its apps outlive it (nothing tells them): end them by pid, as the new daemon will not know them.
	for (const pid of appPids) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// Already gone.
		}
	}
	const during = await ui.waitForScreen(/PM2 daemon unreachable — retrying/, 20_000);
	// The last known list stays on screen, explained as stale.
	expect(during).toContain('before-outage');
	expect(during).toMatch(/stale/);
	ui.press('r');
	await ui.waitForScreen(/Restart refused: not attached/);

	expect((await sandbox.pm2(['start', path.join(demoAppsDir, 'sleeper.cjs'), '--name', 'after-outage'])).code).toBe(0);
	const after = await ui.waitForScreen(/attached \(daemon pid \d+\)[\s\S]*after-outage/, 30_000);
	expect(after).not.toMatch(/unreachable/);
	// Nothing typed during the outage ran later: no confirmation prompt appeared, and no restart counted.
	expect(after).not.toMatch(/Restart "/);
	ui.press('q');
	expect((await ui.exit).exitCode).toBe(0);
	expect(ui.isAlternateScreen()).toBe(false);
}, 120_000);

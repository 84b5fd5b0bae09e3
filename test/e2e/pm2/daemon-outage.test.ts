// The daemon dies while the UI is attached: the UI says so, refuses actions meanwhile (they must
// never run later against the next daemon), and re-attaches by itself when a daemon is back.
import path from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {createPm2Sandbox, demoAppsDir, isAlive, repoRoot, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {spawnInPty, type PtyScreen} from '../../helpers/pty-screen.js';

const bin = path.join(repoRoot, 'dist', 'source', 'bin.js');
const sleeper = path.join(demoAppsDir, 'sleeper.cjs');
let sandbox: Pm2Sandbox;
let ui: PtyScreen | null = null;

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-e2e-outage-');
	expect((await sandbox.pm2(['start', sleeper, '--name', 'steady'])).code).toBe(0);
});

afterAll(async () => {
	ui?.kill('SIGKILL');
	await sandbox.destroy();
});

it('shows the outage, refuses a restart during it, and re-attaches when the daemon returns', async () => {
	ui = spawnInPty(process.execPath, [bin, '--pm2-home', sandbox.home], {cols: 100, rows: 30});
	await ui.waitForScreen(/steady[\s\S]*online/, 20_000);

	// The daemon dies (as on a crash or an OOM kill). Not `pm2 kill` or SIGTERM: both delete every process
	// before stopping, so the last list the UI sees can be empty, with nothing selected to restart.
	const appPids = (await sandbox.jlist()).map(app => app.pid as number).filter(pid => pid > 0);
	const firstDaemonPid = sandbox.daemonPid()!;
	process.kill(firstDaemonPid, 'SIGKILL');
	await ui.waitForScreen(/PM2 daemon unreachable[\s\S]*steady/, 20_000);
	await waitFor(() => !isAlive(firstDaemonPid), {what: 'the first daemon to exit'});
	// Its apps outlive it (nothing tells them): end them by pid, as the new daemon will not know them.
	for (const pid of appPids) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// Already gone.
		}
	}

	ui.press('r');
	// Either refused at once, or after the confirmation: in both cases it must say it was not sent.
	const afterPress = await ui.waitForScreen(/refused|not attached|unreachable.*\(y\/n\)|\[y\]/i, 5000);
	if (/\(y\/n\)|\[y\]/i.test(afterPress) && !/refused/i.test(afterPress)) {
		ui.press('y');
		await ui.waitForScreen(/refused|not sent|unreachable/i, 5000);
	}

	// A new daemon with the same app under the same id; the UI finds it without a keypress.
	expect((await sandbox.pm2(['start', sleeper, '--name', 'steady'])).code).toBe(0);
	// The header's own words: the refusal in the status line also says "not attached".
	await ui.waitForScreen(/· attached \(daemon pid \d+\)[\s\S]*steady[\s\S]*online/, 20_000);
	// A restart asked for now runs after anything the UI could have kept from the outage: once it is done,
	// the daemon has counted exactly one restart, or two if the refused one was replayed.
	ui.press('r');
	await ui.waitForScreen(/Restart "steady"[\s\S]*\[y\] yes/, 10_000);
	ui.press('y');
	// The result shows in the status line for 6 s: watch the screen first, then ask the daemon.
	await ui.waitForScreen(/Restarted "steady"/, 30_000);
	expect((await sandbox.jlist()).find(app => app.name === 'steady').pm2_env.restart_time).toBe(1);

	// No daemon was started by pm2-doctor: only the one we started runs for this home.
	const daemonPid = sandbox.daemonPid();
	expect(daemonPid).not.toBeNull();

	ui.press('q');
	const exit = await ui.exit;
	expect(exit.exitCode).toBe(0);
	expect(ui.isAlternateScreen()).toBe(false);
	await waitFor(() => !ui!.isCursorHidden(), {what: 'cursor visible', timeoutMs: 2000});
}, 120_000);

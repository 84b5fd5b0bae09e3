// The daemon is stopped (SIGSTOP) while the UI is attached: its socket stays open and its pid alive, so
// only the missing answers tell. Within a poll deadline the header says it is not answering, the rows
// stop ageing, a restart is refused; after SIGCONT the UI is attached again by itself. Only the daemon
// this test started is stopped and continued, by its pid.
import path from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {createPm2Sandbox, demoAppsDir, isAlive, repoRoot, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {spawnInPty, type PtyScreen} from '../../helpers/pty-screen.js';

const bin = path.join(repoRoot, 'dist', 'source', 'bin.js');
/** The store's poll deadline (5 s) after the next poll starts (≤ 1 s), with room for a loaded machine. */
const notAnsweringWithinMs = 1000 + 5000 + 5000;
let sandbox: Pm2Sandbox;
let ui: PtyScreen | null = null;
let stoppedPid: number | null = null;

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-e2e-frozen-');
	expect((await sandbox.pm2(['start', path.join(demoAppsDir, 'sleeper.cjs'), '--name', 'steady'])).code).toBe(0);
}, 60_000);

afterAll(async () => {
	ui?.kill('SIGKILL');
	// A stopped daemon would ignore `pm2 kill`.
	if (stoppedPid !== null && isAlive(stoppedPid)) process.kill(stoppedPid, 'SIGCONT');
	await sandbox.destroy();
}, 60_000);

const uptimeOf = (screen: string) =>
	screen
		.split('\n')
		.find(line => line.includes('steady'))
		?.match(/\s(\d+m(?: \d+s)?|\d+s)\s/)?.[1];
const silentSeconds = (screen: string) => Number(screen.match(/not answering for (\d+)s/)?.[1] ?? NaN);

it('shows a stopped daemon as not answering, refuses a restart, and is attached again after SIGCONT', async () => {
	ui = spawnInPty(process.execPath, [bin, '--pm2-home', sandbox.home], {cols: 120, rows: 30});
	await ui.waitForScreen(/attached \(daemon pid \d+\)[\s\S]*steady[\s\S]*online/, 20_000);
	const daemonPid = sandbox.daemonPid()!;

	stoppedPid = daemonPid;
	process.kill(daemonPid, 'SIGSTOP');
	const frozen = await ui.waitForScreen(new RegExp(`PM2 daemon \\(pid ${daemonPid}\\) not answering for \\d+s`), notAnsweringWithinMs);
	expect(frozen).toMatch(/Data shown is stale/);
	expect(frozen).toContain('steady');

	// Uptimes stay at the last poll while the header's silence counter moves on.
	const uptime = uptimeOf(frozen);
	expect(uptime).toBeDefined();
	const later = await ui.waitForScreen(/not answering for \d+s/, 1000);
	const moved = await waitForScreenWhere(screen => silentSeconds(screen) >= silentSeconds(later) + 2, 10_000);
	expect(uptimeOf(moved)).toBe(uptime);

	ui.press('r');
	await ui.waitForScreen(/Restart refused: the PM2 daemon .*is not answering/, 5000);

	process.kill(daemonPid, 'SIGCONT');
	stoppedPid = null;
	const back = await ui.waitForScreen(new RegExp(`attached \\(daemon pid ${daemonPid}\\)`), 10_000);
	expect(back.split('\n')[0]).not.toMatch(/not answering|unreachable/); // the header (the refusal may still be flashed)
	const steady = (await sandbox.jlist()).find(app => app.name === 'steady');
	expect(steady.pm2_env.restart_time).toBe(0); // the refused restart was never sent

	ui.press('q');
	expect((await ui.exit).exitCode).toBe(0);
}, 120_000);

async function waitForScreenWhere(predicate: (screen: string) => boolean, timeoutMs: number): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const screen = ui!.screenText();
		if (predicate(screen)) return screen;
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms; last screen:\n${screen}`);
		await new Promise(resolve => setTimeout(resolve, 100));
	}
}

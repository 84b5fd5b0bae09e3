// The doctor's fix loop end to end, in a pseudo-terminal on a real daemon: with "api" selected in the table,
// the restart-loop flow of "worker" offers exp_backoff_restart_delay; f opens the editor on worker's entry,
// ctrl+s → y saves, a asks to apply to "worker" (not the selected "api"), y applies it to worker only, and the
// flow comes back with the verdict: the crash exits after the apply, as evidence that it still fails.
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startEcosystemSandbox} from '../../helpers/ecosystem-sandbox.js';
import {cliBin, demoAppsDir, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {ctrl} from '../../helpers/ctrl-key.js';
import {ptyKeys, spawnInPty, type PtyScreen} from '../../helpers/pty-screen.js';

let sandbox: Pm2Sandbox;
let ui: PtyScreen | null = null;

beforeAll(async () => {
	({sandbox} = await startEcosystemSandbox('pm2doc-e2e-fixloop-', [
		'  apps: [',
		`    {name: 'api', script: ${JSON.stringify(path.join(demoAppsDir, 'sleeper.cjs'))}, env: {PORT: '47190'}, restart_delay: 1000},`,
		`    {name: 'worker', script: ${JSON.stringify(path.join(demoAppsDir, 'crash-loop.cjs'))}, env: {CRASH_AFTER_MS: '1500'}},`,
		'  ],',
	]));
}, 60_000);

afterAll(async () => {
	ui?.kill('SIGKILL');
	await sandbox?.destroy();
}, 60_000);

const entry = async (name: string) => (await sandbox.jlist()).find(app => app.name === name);

describe('fix loop end to end', () => {
	it('applies the fix to the app it is for and shows the re-check in the flow', async () => {
		ui = spawnInPty(process.execPath, [cliBin, '--pm2-home', sandbox.home], {cols: 120, rows: 40, env: {PM2_HOME: sandbox.home}});
		await ui.waitForScreen(/^›\s+0 api/m, 20_000); // api is selected
		ui.press('t');
		// The checks re-run every 5 s; the loop needs three crashes in the daemon log first.
		await ui.waitForScreen(/ERR\s+worker:1\s+worker is in a restart loop/, 60_000);
		// The selected process's findings come first: walk down to worker's.
		const selectedLine = () =>
			ui!
				.screenText()
				.split('\n')
				.find(line => line.startsWith('›')) ?? '';
		for (let step = 0; step < 10 && !/› ERR\s+worker:1/.test(selectedLine()); step++) {
			const before = selectedLine();
			ui.press('j');
			await waitFor(() => selectedLine() !== before, {what: 'the doctor cursor to move', timeoutMs: 10_000});
		}
		await ui.waitForScreen(/› ERR\s+worker:1/, 10_000);
		ui.press(ptyKeys.enter);
		await ui.waitForScreen(/Restart loop — worker \(id 1\)/, 15_000);
		ui.press('j');
		await ui.waitForScreen(/› ecosystem: exp_backoff_restart_delay/, 10_000);
		const apiBefore = await entry('api');
		ui.press('f');
		await ui.waitForScreen(/Suggested change in the buffer: .*exp_backoff_restart_delay → 100/, 30_000);
		ui.press(ctrl('s'));
		await ui.waitForScreen(/Changes \(diff against the file on disk\)/, 20_000);
		ui.press('y');
		const saved = await ui.waitForScreen(/Saved /, 20_000);
		ui.press('a');
		const confirmation = await ui.waitForScreen(/Apply ecosystem\.config\.js to "/, 10_000);
		expect(confirmation).toContain('Apply ecosystem.config.js to "worker" (pm2 startOrReload --only worker)?');
		expect(saved).toContain('What changed for worker:');
		expect(saved).not.toContain('What changed for api');
		expect(saved).not.toContain('Suggested change in the buffer');
		ui.press('y');
		// Back in the doctor's flow: the apply, then the verdict. worker still crashes 1.5 s after each start (a
		// back-off delay does not stop a crash), so the verdict names the crash exits after the apply as evidence.
		const verdict = await ui.waitForScreen(/Fix applied at [\d:]+: exp_backoff_restart_delay → 100 for worker[\s\S]*still failing ✖/, 60_000);
		expect(verdict).toContain('Restart loop — worker (id 1)');
		// The exit's cause reads "crash" until the error log's exception is matched to it, then the exception.
		expect(verdict).toMatch(
			/still failing ✖ \d+ crash exits? of worker since the fix \(the restart-rate check\)\n\s+[\d:]+ +up [\d.]+s exit 1 · (crash|uncaught Error: ECONNREFUSED)/,
		);
		await waitFor(async () => (await entry('worker'))?.pm2_env.exp_backoff_restart_delay === 100, {
			what: 'worker to get exp_backoff_restart_delay',
			timeoutMs: 20_000,
		});
		const apiAfter = await entry('api');
		// api was not reloaded: same pid, same start time, same restart count.
		expect(apiAfter?.pid).toBe(apiBefore?.pid);
		expect(apiAfter?.pm2_env.pm_uptime).toBe(apiBefore?.pm2_env.pm_uptime);
		expect(apiAfter?.pm2_env.exp_backoff_restart_delay).toBeUndefined();
		ui.press('q');
		expect((await ui.exit).exitCode).toBe(0);
	}, 180_000);
});

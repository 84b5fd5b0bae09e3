// Navigation among 200 processes in the real CLI, in a real pseudo-terminal: `/` filters to one row, a sort
// key reorders, the palette restarts a process by name, a cluster app is one row with its instances, and a
// process with a finding far down the list is counted in the header and reached with one key.
// The 200 are cheap (`sleep` in fork mode, no Node), started from one ecosystem file.
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createPm2Sandbox, demoAppsDir, repoRoot, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {ptyKeys, spawnInPty, type PtyScreen} from '../../helpers/pty-screen.js';

const bin = path.join(repoRoot, 'dist', 'source', 'bin.js');
const serviceCount = 200;
let sandbox: Pm2Sandbox;
let ui: PtyScreen | null = null;

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-e2e-scale-');
	const apps = [
		{name: 'api', script: path.join(demoAppsDir, 'sleeper.cjs'), exec_mode: 'cluster', instances: 2},
		...Array.from({length: serviceCount}, (_, index) => ({name: `svc-${index}`, script: 'sleep', args: '3600', interpreter: 'none', exec_mode: 'fork'})),
		// Last, so it gets the highest id: far below the fold in id order.
		{name: 'zz-broken', script: path.join(demoAppsDir, 'fails-at-start.cjs'), max_restarts: 2, min_uptime: 1000},
	];
	const ecosystemPath = path.join(sandbox.workDir, 'ecosystem.config.js');
	fs.writeFileSync(ecosystemPath, `module.exports = ${JSON.stringify({apps}, null, '\t')};\n`);
	expect((await sandbox.pm2(['start', ecosystemPath], {timeoutMs: 120_000})).code).toBe(0);
}, 150_000);

afterAll(async () => {
	ui?.kill('SIGKILL');
	await sandbox?.destroy();
}, 60_000);

const selectedLine = (screen: string) => screen.split('\n').find(line => line.startsWith('›')) ?? '';
const tableRows = (screen: string) => screen.split('\n').filter(line => /^[› ]\s+-?\d+ /.test(line));

describe('203 processes', () => {
	it('filters, sorts, groups, finds the problem far down, and restarts by name from the palette', async () => {
		ui = spawnInPty(process.execPath, [bin, '--pm2-home', sandbox.home], {cols: 140, rows: 40, env: {PM2_HOME: sandbox.home}});
		const total = serviceCount + 3;
		// The cluster app is one row, the count of processes covers its two instances.
		let screen = await ui.waitForScreen(new RegExp(`${total} processes[\\s\\S]*▸ api ×2`), 60_000);
		expect(tableRows(screen).some(line => /svc-199|zz-broken/.test(line))).toBe(false);

		// The broken app, last in id order, is counted in the header once the diagnosis has run, and one key reaches it.
		await ui.waitForScreen(/1 error · \d+ ok/, 60_000);
		ui.press('n');
		await ui.waitForScreen(/^›.*zz-broken.*NOSTART/m, 10_000);

		// Expanding the app shows its instances.
		ui.press('g');
		await ui.waitForScreen(/^›.*▸ api ×2/m);
		ui.press('o');
		await ui.waitForScreen(/▾ api ×2.*\n.* {2}api #\d+ .*\n.* {2}api #\d+ /);

		// `/` and a name: that row only, and the header says how many of all are shown.
		ui.press('/svc-137');
		screen = await ui.waitForScreen(new RegExp(`1 of ${total}`));
		expect(tableRows(screen)).toHaveLength(1);
		expect(tableRows(screen)[0]).toMatch(/svc-137/);
		ui.press(ptyKeys.enter);
		ui.press(ptyKeys.escape);
		// The header's counts come first; the filter's words after them are gone once it is cleared.
		screen = await ui.waitForScreen(new RegExp(`${total} processes · 1 error · \\d+ ok(?: · (?:rec|no history)[^\\n]*)? *\\n`));
		expect(tableRows(screen).length).toBeGreaterThan(5);

		// Health sort: the problem first.
		ui.press('H');
		screen = await ui.waitForScreen(/sort health/);
		expect(tableRows(screen)[0]).toMatch(/zz-broken/);

		// The palette restarts a process by name, after confirmation.
		ui.press(':restart svc-5');
		await ui.waitForScreen(/:restart svc-5/);
		ui.press(ptyKeys.enter);
		await ui.waitForScreen(/Restart "svc-5" \(id \d+\)\?/);
		ui.press('y');
		await ui.waitForScreen(/Restarted "svc-5"\./, 30_000);
		expect((await sandbox.jlist()).find(app => app.name === 'svc-5').pm2_env.restart_time).toBe(1);
		expect(selectedLine(screen)).not.toBe('');

		ui.press('q');
		expect((await ui.exit).exitCode).toBe(0);
	}, 150_000);
});

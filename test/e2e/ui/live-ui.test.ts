// The real CLI (dist/source/bin.js, built by `npm run build`) in a pseudo-terminal, attached to a
// real PM2 daemon in a temporary PM2_HOME. Asserts on the emulated screen.
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createPm2Sandbox, demoAppsDir, fixtureAppsDir, repoRoot, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {ptyKeys, spawnInPty, type PtyScreen} from '../../helpers/pty-screen.js';

const bin = path.join(repoRoot, 'dist', 'source', 'bin.js');
let sandbox: Pm2Sandbox;
const running: PtyScreen[] = [];

function openUi(cols: number, rows: number, extraArgs: string[] = []): PtyScreen {
	const screen = spawnInPty(process.execPath, [bin, '--pm2-home', sandbox.home, ...extraArgs], {cols, rows, env: {PM2_HOME: sandbox.home}});
	running.push(screen);
	return screen;
}

/** Every name and status started in beforeAll is on screen. */
const allVisible = /alpha[\s\S]*● online[\s\S]*broken[\s\S]*✖ errored[\s\S]*gamma[\s\S]*○ stopped/;

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-e2e-ui-');
	const sleeper = path.join(demoAppsDir, 'sleeper.cjs');
	expect((await sandbox.pm2(['start', sleeper, '--name', 'alpha'])).code).toBe(0);
	// min_uptime 60 s: every exit counts as unstable even when a loaded machine takes over a second (PM2's default
	// min_uptime) to start node, so PM2 gives up after two restarts whatever the load.
	const broken = {name: 'broken', script: path.join(fixtureAppsDir, 'ui-exits-at-once.cjs'), max_restarts: 2, min_uptime: 60_000};
	const brokenConfigPath = path.join(sandbox.workDir, 'broken.config.js');
	fs.writeFileSync(brokenConfigPath, `module.exports = ${JSON.stringify({apps: [broken]})};\n`);
	expect((await sandbox.pm2(['start', brokenConfigPath])).code).toBe(0);
	expect((await sandbox.pm2(['start', sleeper, '--name', 'gamma'])).code).toBe(0);
	expect((await sandbox.pm2(['stop', 'gamma'])).code).toBe(0);
	// A process with a secret in its environment and a steady stream of log lines.
	const chatty = {name: 'delta', script: path.join(fixtureAppsDir, 'ui-chatty.cjs'), env: {DELTA_API_TOKEN: 'e2e-secret-value', DELTA_PORT: '4100'}};
	const ecosystemPath = path.join(sandbox.workDir, 'delta.config.js');
	fs.writeFileSync(ecosystemPath, `module.exports = ${JSON.stringify({apps: [chatty]})};\n`);
	expect((await sandbox.pm2(['start', ecosystemPath])).code).toBe(0);
	await waitFor(async () => (await sandbox.jlist()).some(app => app.name === 'broken' && app.pm2_env.status === 'errored'), {
		what: 'broken to be errored',
		timeoutMs: 60_000,
	});
}, 90_000);

afterAll(async () => {
	for (const screen of running) screen.kill('SIGKILL');
	await sandbox?.destroy();
}, 60_000);

describe('pm2-doctor live UI in a pseudo-terminal', () => {
	it('shows processes and statuses at 100x30, navigates with j/k, shows help, and q restores the terminal', async () => {
		const ui = openUi(100, 30);
		const screen = await ui.waitForScreen(allVisible, 20_000);
		expect(ui.isAlternateScreen()).toBe(true);
		expect(ui.isCursorHidden()).toBe(true);
		// The header names the attached PM2_HOME, cut with "…" when the health counts need the room.
		const shownHome = screen.split('\n')[0]!.split(' · ')[1]!;
		expect(shownHome.endsWith('…') ? sandbox.home.startsWith(shownHome.slice(0, -1)) && shownHome.length >= 6 : shownHome === sandbox.home).toBe(true);
		expect(screen).toMatch(/attached/);
		// The frame stays within rows − 1: the last row is free, and Ink never had to clear the whole terminal.
		expect(screen.split('\n').at(-1)).toBe('');
		expect(ui.output()).not.toContain('\u001B[3J');

		await ui.waitForScreen(/^›\s+0 alpha/m);
		ui.press('j');
		await ui.waitForScreen(/^›\s+1 broken/m);
		ui.press('k');
		await ui.waitForScreen(/^›\s+0 alpha/m);
		ui.press(ptyKeys.down);
		ui.press(ptyKeys.down);
		await ui.waitForScreen(/^›\s+2 gamma/m);

		ui.press('?');
		await ui.waitForScreen(/Help — key bindings[\s\S]*Quit pm2-doctor/);
		ui.press(ptyKeys.escape);
		await ui.waitForScreen(/^›\s+2 gamma/m);

		ui.press('q');
		const exit = await ui.exit;
		expect(exit.exitCode).toBe(0);
		expect(ui.isAlternateScreen()).toBe(false);
		expect(ui.isCursorHidden()).toBe(false);
	});

	it('Ctrl-C quits with status 0 and restores the terminal', async () => {
		const ui = openUi(100, 30);
		await ui.waitForScreen(allVisible, 20_000);
		ui.press(ptyKeys.ctrlC);
		expect((await ui.exit).exitCode).toBe(0);
		expect(ui.isAlternateScreen()).toBe(false);
		expect(ui.isCursorHidden()).toBe(false);
	});

	it('fits an 80x24 terminal: table, summary, health explanation, recent log lines, and quit, help and troubleshoot', async () => {
		const ui = openUi(80, 24);
		let screen = await ui.waitForScreen(allVisible, 20_000);
		expect(screen.split('\n').at(-1)).toBe('');
		expect(screen).toMatch(/q\/Ctrl-C quit/);
		expect(ui.output()).not.toContain('\u001B[3J');
		ui.press('G');
		screen = await ui.waitForScreen(/^›\s+3 delta[\s\S]*^delta \(id 3\) · ● online · ns default · pid \d+ · fork[\s\S]*chatty tick \d+/m, 20_000);
		const lines = screen.split('\n');
		const summaryRow = lines.findIndex(line => line.startsWith('delta (id 3)'));
		// Under the summary, its health; then the log panel with several recent lines.
		expect(lines[summaryRow + 1]).toMatch(/No problems found\.|Checking|⚠|✖/);
		expect(lines.filter(line => /chatty tick \d+/.test(line)).length).toBeGreaterThanOrEqual(5);
		expect(screen).not.toContain('DELTA_API_TOKEN');
		expect(lines.at(-2)).toMatch(/t\/d troubleshoot {2}q\/Ctrl-C quit {2}\? help$/);
		// The environment is one key away, its secret masked; Esc comes back.
		ui.press('v');
		screen = await ui.waitForScreen(/Environment · delta \(id 3\)[\s\S]*DELTA_API_TOKEN=\*\*\*\*/);
		expect(screen).toContain('DELTA_PORT=4100');
		expect(ui.output()).not.toContain('e2e-secret-value');
		ui.press(ptyKeys.escape);
		await ui.waitForScreen(/^›\s+3 delta/m);
		ui.press('q');
		expect((await ui.exit).exitCode).toBe(0);
	});

	it('shows a notice in a terminal below 80x24, and the UI after growing', async () => {
		const ui = openUi(70, 20);
		await ui.waitForScreen(/terminal too small \(need 80x24, have 70x20\)/, 20_000);
		ui.resize(100, 30);
		await ui.waitForScreen(allVisible);
		ui.press('q');
		expect((await ui.exit).exitCode).toBe(0);
		expect(ui.isAlternateScreen()).toBe(false);
	});

	it('redraws cleanly when the terminal shrinks and grows', async () => {
		const ui = openUi(120, 40);
		await ui.waitForScreen(allVisible, 20_000);
		const headerCount = (screen: string) => screen.split('\n').filter(line => line.startsWith('pm2-doctor · ')).length;
		for (const [cols, rows] of [
			[80, 24],
			[100, 30],
			[120, 40],
		] as const) {
			ui.resize(cols, rows);
			// Ink first re-lays-out the old tree at the new width (transient); wait for the redraw at the new
			// size: the header on row 1, the footer on row rows − 1, the last row free.
			const screen = await ui.waitForScreen(new RegExp(`^pm2-doctor · [^\\n]*\\n(.*\\n){${rows - 3}}.*quit[^\\n]*\\n$`));
			expect(headerCount(screen)).toBe(1);
			expect(screen).toMatch(allVisible);
		}
		ui.press('q');
		expect((await ui.exit).exitCode).toBe(0);
	});

	it('SIGTERM restores the terminal', async () => {
		const ui = openUi(100, 30);
		await ui.waitForScreen(allVisible, 20_000);
		ui.kill('SIGTERM');
		const exit = await ui.exit;
		expect(exit.exitCode !== 0 || exit.signal === 15).toBe(true);
		expect(ui.isAlternateScreen()).toBe(false);
		expect(ui.isCursorHidden()).toBe(false);
	});

	it('exits within 2 s when the terminal hangs up (SIGHUP)', async () => {
		const ui = openUi(100, 30);
		await ui.waitForScreen(allVisible, 20_000);
		const sentAt = Date.now();
		ui.kill('SIGHUP');
		await ui.exit;
		expect(Date.now() - sentAt).toBeLessThan(2000);
	});
});

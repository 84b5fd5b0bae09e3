// Several keys in one read (a laggy SSH link, `tmux send-keys jjj`, keys typed while the UI loads) are
// each acted on; only a bracketed paste is taken as a paste. The real CLI in a pseudo-terminal.
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createPm2Sandbox, demoAppsDir, repoRoot, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {spawnInPty, type PtyScreen} from '../../helpers/pty-screen.js';

const bin = path.join(repoRoot, 'dist', 'source', 'bin.js');
const names = ['app-a', 'app-b', 'app-c', 'app-d', 'app-e'];
let sandbox: Pm2Sandbox;
const running: PtyScreen[] = [];

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-e2e-keys-');
	const sleeper = path.join(demoAppsDir, 'sleeper.cjs');
	for (const name of names) expect((await sandbox.pm2(['start', sleeper, '--name', name])).code).toBe(0);
}, 60_000);

afterAll(async () => {
	for (const screen of running) screen.kill('SIGKILL');
	await sandbox?.destroy();
}, 60_000);

const selectedRow = (index: number) => new RegExp(`^›\\s+${index} ${names[index]}`, 'm');

describe('keys that arrive in one chunk', () => {
	it('acts on every key of a chunk long after start-up, and ignores a bracketed paste', async () => {
		const ui = spawnInPty(process.execPath, [bin, '--pm2-home', sandbox.home], {cols: 100, rows: 30, env: {PM2_HOME: sandbox.home}});
		running.push(ui);
		await ui.waitForScreen(new RegExp(names.join('[\\s\\S]*')), 20_000);
		await ui.waitForScreen(selectedRow(0));
		// One key first, and a chunk only once that key is handled: no start-up burst is involved.
		ui.press('j');
		await ui.waitForScreen(selectedRow(1));
		ui.press('jjj');
		await ui.waitForScreen(selectedRow(4));
		ui.press('kk');
		await ui.waitForScreen(selectedRow(2));

		// The session asks the terminal to mark pastes; a bracketed paste of "jj" then moves nothing, and the
		// key after it does, so the paste was read (and skipped as text, not taken as keys).
		expect(ui.output()).toContain('\u001B[?2004h');
		ui.press('\u001B[200~jj\u001B[201~');
		ui.press('k');
		const screen = await ui.waitForScreen(selectedRow(1));
		expect(screen).not.toMatch(selectedRow(3));

		ui.press('q');
		expect((await ui.exit).exitCode).toBe(0);
	}, 60_000);
});

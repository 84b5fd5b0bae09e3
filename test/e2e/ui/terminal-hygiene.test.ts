// Error and signal exit paths of the terminal session, on a fake store (no daemon needed): every one
// must leave the alternate screen, show the cursor, and exit non-zero when it is an error.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it, onTestFinished} from 'vitest';
import {repoRoot, waitFor} from '../../helpers/pm2-sandbox.js';
import {spawnInPty, type PtyScreen} from '../../helpers/pty-screen.js';

const entry = path.join(repoRoot, 'test', 'helpers', 'ui-dev-entry.tsx');
const running: PtyScreen[] = [];

function openDevUi(env: Record<string, string> = {}): PtyScreen {
	const screen = spawnInPty(process.execPath, ['--import', 'tsx', entry], {cols: 100, rows: 30, env, cwd: repoRoot});
	running.push(screen);
	return screen;
}

afterAll(() => {
	for (const screen of running) screen.kill('SIGKILL');
});

const restored = (ui: PtyScreen) => {
	expect(ui.isAlternateScreen()).toBe(false);
	expect(ui.isCursorHidden()).toBe(false);
};

describe('terminal hygiene', () => {
	it('a render error exits 1 and restores the terminal', async () => {
		const ui = openDevUi({FAKE_CRASH: 'render'});
		await ui.waitForScreen(/sleeper/, 20_000);
		expect(ui.isAlternateScreen()).toBe(true);
		const exit = await ui.exit;
		expect(exit.exitCode).toBe(1);
		restored(ui);
		expect(ui.screenText()).toMatch(/display crashed/);
	});

	it('an uncaught exception exits 1 and restores the terminal', async () => {
		const ui = openDevUi({FAKE_CRASH: 'uncaught'});
		await ui.waitForScreen(/sleeper/, 20_000);
		const exit = await ui.exit;
		expect(exit.exitCode).toBe(1);
		restored(ui);
		expect(ui.screenText()).toMatch(/boom outside React/);
	});

	it.each(['SIGQUIT', 'SIGINT'])('%s restores the terminal and exits non-zero', async signal => {
		const ui = openDevUi();
		await ui.waitForScreen(/sleeper/, 20_000);
		ui.kill(signal);
		const exit = await ui.exit;
		expect(exit.exitCode !== 0 || (exit.signal ?? 0) !== 0).toBe(true);
		restored(ui);
	});

	it('NO_COLOR removes colours', async () => {
		const ui = openDevUi({NO_COLOR: '1', FORCE_COLOR: '1'});
		await ui.waitForScreen(/sleeper/, 20_000);
		expect(ui.output()).not.toMatch(/\u001B\[(3[0-8]|9[0-7])(;[0-9]+)*m/);
		ui.press('q');
		expect((await ui.exit).exitCode).toBe(0);
	});
});

describe('lending the terminal to a child program (the editor handoff)', () => {
	it('gives every key to the child, then takes the terminal back with working input', async () => {
		const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-handoff-'));
		onTestFinished(() => fs.rmSync(outDir, {recursive: true, force: true}));
		const outFile = path.join(outDir, 'typed.txt');
		const ui = openDevUi({FAKE_HANDOFF: outFile});
		await ui.waitForScreen(/CHILD READY/, 20_000);
		expect(ui.isAlternateScreen()).toBe(false);
		expect(ui.isCursorHidden()).toBe(false);
		ui.press('jjk hello world\r');
		await waitFor(() => fs.existsSync(outFile) && fs.readFileSync(outFile, 'utf8'), {what: 'the child to read a line'});
		expect(fs.readFileSync(outFile, 'utf8')).toBe('jjk hello world');
		// Back in the UI: redrawn on the alternate screen, and keys reach it again.
		await ui.waitForScreen(/^›\s+0 healthy-http/m);
		expect(ui.isAlternateScreen()).toBe(true);
		ui.press('j');
		await ui.waitForScreen(/^›\s+1 crash-loop/m);
		ui.press('q');
		expect((await ui.exit).exitCode).toBe(0);
		restored(ui);
	});
});

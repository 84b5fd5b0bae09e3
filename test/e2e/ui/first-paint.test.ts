// The plain first paint (source/ui/first-paint.ts) in a real pseudo-terminal, against a real daemon.
// test/fixtures/hooks/delay-ink.mjs holds Ink's chunk back for 2 s, so the tests act in the window
// between the plain paint and Ink's mount instead of racing it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import xterm from '@xterm/headless';
import {afterAll, beforeAll, describe, expect, it, onTestFinished} from 'vitest';
import {enterSequence} from '../../../source/terminal/terminal-session.js';
import {createPm2Sandbox, demoAppsDir, repoRoot, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {spawnInPty, type PtyScreen} from '../../helpers/pty-screen.js';

const bin = path.join(repoRoot, 'dist', 'source', 'bin.js');
const delayInk = path.join(repoRoot, 'test', 'fixtures', 'hooks', 'delay-ink.mjs');
let sandbox: Pm2Sandbox;
const running: PtyScreen[] = [];

/** Ink wraps every frame in "begin/end synchronized update"; the plain paint does not use them. */
const inkFrameStart = '\u001B[?2026h';
const inkFrameEnd = '\u001B[?2026l';

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-e2e-paint-');
	const sleeper = path.join(demoAppsDir, 'sleeper.cjs');
	for (const name of ['alpha', 'beta', 'gamma']) expect((await sandbox.pm2(['start', sleeper, '--name', name])).code).toBe(0);
}, 60_000);

afterAll(async () => {
	for (const screen of running) screen.kill('SIGKILL');
	await sandbox?.destroy();
}, 60_000);

/** The screen an xterm shows after `steps` (output, or a resize), as trimmed lines. */
async function emulate(cols: number, rows: number, steps: Array<string | {resize: [number, number]}>): Promise<string[]> {
	const terminal = new xterm.Terminal({cols, rows, allowProposedApi: true});
	for (const step of steps) {
		if (typeof step === 'string') await new Promise<void>(resolve => terminal.write(step, resolve));
		else terminal.resize(...step.resize);
	}
	const buffer = terminal.buffer.active;
	return Array.from({length: terminal.rows}, (_, row) => buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
}

describe('the plain first paint', () => {
	it('shows the process rows before Ink mounts; Ink replaces it without leftovers and gets the keys typed meanwhile', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-paint-'));
		onTestFinished(() => fs.rmSync(dir, {recursive: true, force: true}));
		const heldFile = path.join(dir, 'held');
		const ui = spawnInPty(process.execPath, ['--import', delayInk, bin, '--pm2-home', sandbox.home], {
			cols: 100,
			rows: 30,
			env: {PM2_HOME: sandbox.home, HELD_FILE: heldFile},
		});
		running.push(ui);
		const screen = await ui.waitForScreen(/alpha[\s\S]*beta[\s\S]*gamma/, 20_000);
		// The window exists because the hook held Ink's module back (a renamed chunk would silently race).
		// The plain paint comes first and the import that the hook holds right after it, so the record may
		// land a moment after the rows do; from then on Ink is 2 s away.
		const held = await waitFor(() => (fs.existsSync(heldFile) ? fs.readFileSync(heldFile, 'utf8') : null), {
			timeoutMs: 1500,
			intervalMs: 20,
			what: 'the held-module record',
		});
		expect(held.trim().split('\n')).toEqual([expect.stringMatching(/render-app[^/]*\.js$/)]);
		expect(ui.output()).not.toContain(inkFrameStart);
		expect(ui.isAlternateScreen()).toBe(true);
		expect(ui.isCursorHidden()).toBe(true);
		const lines = screen.split('\n');
		expect(lines[0]).toMatch(new RegExp(`^pm2-doctor · ${sandbox.home} · attached \\(daemon pid \\d+\\) · 3 processes · 3 ok$`));
		expect(lines[2]).toMatch(/^\s+id name\s+status/);
		expect(lines[3]).toMatch(/^›\s+0 alpha\s+● online/);
		expect(lines[5]).toMatch(/^\s+2 gamma\s+● online/);
		expect(lines[28]).toMatch(/q\/Ctrl-C quit/);
		const plainPaint = ui.output();

		// Before Ink mounts: a bigger window (Ink's first frame then has other lines where the plain paint's
		// footer was) and two keys, which wait in the terminal without being echoed.
		ui.resize(120, 40);
		ui.press('j');
		ui.press('j');
		await ui.waitForScreen(/^›\s+2 gamma/m, 20_000);
		expect(ui.screenText()).not.toMatch(/jj/);

		// The screen right after Ink's first frame, versus that frame drawn on an empty screen.
		const output = ui.output();
		const inkStart = output.indexOf(inkFrameStart, plainPaint.length);
		const inkEnd = output.indexOf(inkFrameEnd, inkStart);
		expect(inkStart).toBeGreaterThan(0);
		expect(inkEnd).toBeGreaterThan(inkStart);
		const firstFrame = output.slice(inkStart, inkEnd);
		const overPlainPaint = await emulate(100, 30, [plainPaint, {resize: [120, 40]}, output.slice(plainPaint.length, inkEnd)]);
		const onEmptyScreen = await emulate(120, 40, [enterSequence, firstFrame]);
		expect(onEmptyScreen.join('\n')).toMatch(/Logs · alpha/);
		expect(overPlainPaint).toEqual(onEmptyScreen);

		ui.press('q');
		expect((await ui.exit).exitCode).toBe(0);
		expect(ui.isAlternateScreen()).toBe(false);
		expect(ui.isCursorHidden()).toBe(false);
	});

	it('a SIGTERM between the plain paint and Ink restores the terminal (screen, cursor, raw mode)', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-paint-'));
		onTestFinished(() => fs.rmSync(dir, {recursive: true, force: true}));
		const pidFile = path.join(dir, 'pid');
		// The shell prints the terminal's modes once pm2-doctor is gone.
		const script = `"${process.execPath}" --import "${delayInk}" "${bin}" --pm2-home "${sandbox.home}"; echo "EXIT $?"; stty -a`;
		const ui = spawnInPty('/bin/sh', ['-c', script], {cols: 100, rows: 30, env: {PM2_HOME: sandbox.home, PID_FILE: pidFile}});
		running.push(ui);
		await ui.waitForScreen(/alpha[\s\S]*gamma/, 20_000);
		expect(ui.isAlternateScreen()).toBe(true);
		process.kill(Number(await waitFor(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8'), {what: 'the pid file'})), 'SIGTERM');
		await ui.exit;
		expect(ui.output()).not.toContain(inkFrameStart);
		const screen = ui.screenText();
		expect(screen).toMatch(/EXIT 143/);
		expect(ui.isAlternateScreen()).toBe(false);
		expect(ui.isCursorHidden()).toBe(false);
		// Raw mode is off again: canonical input and echo.
		expect(screen).toMatch(/(^|[\s;])icanon\b/m);
		expect(screen).toMatch(/(^|[\s;])echo\b/m);
		expect(screen).not.toMatch(/-icanon|-echo\b/);
	});
});

// The real CLI in a pseudo-terminal, attached to a sandbox daemon running an app that logs every escape
// vector and then a live stream. Asserts on the bytes written to the terminal and on the emulated screen.
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {sanitizeLine} from '../../../source/logs/sanitize-line.js';
import {createPm2Sandbox, fixtureAppsDir, repoRoot, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {ptyKeys, spawnInPty, type PtyScreen} from '../../helpers/pty-screen.js';

/** The escape-vector corpus (35 vectors). */
const ESCAPE_VECTORS_PATH = new URL('../../fixtures/logs/escape-vectors.json', import.meta.url);

const bin = path.join(repoRoot, 'dist', 'source', 'bin.js');
type Vector = {name: string; input: string; expectedVisible: string};
const vectors: Vector[] = JSON.parse(fs.readFileSync(ESCAPE_VECTORS_PATH, 'utf8'));
let sandbox: Pm2Sandbox;
const running: PtyScreen[] = [];

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-e2e-logs-');
	const started = await sandbox.pm2(['start', path.join(fixtureAppsDir, 'logs-hostile.cjs'), '--name', 'hostile']);
	expect(started.code).toBe(0);
	const [app] = await sandbox.jlist();
	await waitFor(() => fs.existsSync(app.pm2_env.pm_err_log_path) && fs.readFileSync(app.pm2_env.pm_err_log_path, 'utf8').includes('needle'), {
		what: 'the first needle',
	});
}, 60_000);

afterAll(async () => {
	for (const screen of running) screen.kill('SIGKILL');
	await sandbox?.destroy();
}, 60_000);

function openUi(cols: number, rows: number): PtyScreen {
	const screen = spawnInPty(process.execPath, [bin, '--pm2-home', sandbox.home], {cols, rows, env: {PM2_HOME: sandbox.home}});
	running.push(screen);
	return screen;
}

async function typePrompt(ui: PtyScreen, opener: '/' | '&', text: string): Promise<void> {
	ui.press(opener);
	await ui.waitForScreen(new RegExp(`^\\${opener}.*█`, 'm'));
	ui.press(text);
	await ui.waitForScreen(new RegExp(`${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}█`));
	ui.press(ptyKeys.enter);
}

/** Hostile byte sequences that must never reach the terminal from a log line. */
const forbidden: Array<[string, string]> = [
	['OSC 52 clipboard', '\u001b]52;'],
	['OSC 0 title', '\u001b]0;pwned'],
	['OSC 8 link', '\u001b]8;;'],
	['OSC 11 query', '\u001b]11;?'],
	['OSC 1337', '\u001b]1337;'],
	['DSR query', '\u001b[6n'],
	['XTVERSION query', '\u001b[>0q'],
	['DECRQSS', '\u001bP$q'],
	['tmux passthrough', '\u001bPtmux;'],
	['APC', '\u001b_G'],
	['RIS', '\u001bc'],
	['charset', '\u001b(0'],
	['SGR conceal', '\u001b[8m'],
	['C1 CSI', '\u009b'],
	['C1 OSC', '\u009d'],
	['C1 DCS', '\u0090'],
	['BEL', '\u0007'],
	['BS', '\u0008'],
	['SO', '\u000e'],
	['NUL', '\u0000'],
	['RLO', '\u202e'],
	['LRI', '\u2066'],
];

describe('logs in the real UI', () => {
	it('renders every escape vector inert and visible, then searches and filters a live stream', async () => {
		const ui = openUi(140, 50);
		// The main screen's log panel already shows the process's logs.
		await ui.waitForScreen(/Logs · hostile \(id 0\) · following/, 20_000);
		// Full screen: the process table goes away.
		await waitFor(
			() => {
				if (!/ id name /.test(ui.screenText())) return true;
				ui.press('L');
				return false;
			},
			{what: 'the full-screen logs', intervalMs: 500, timeoutMs: 10_000},
		);
		await ui.waitForScreen(/tick \d+/);

		// Only the vector lines: 35 rows.
		// The key that opens a prompt must arrive alone; the pattern may come as one chunk (a paste).
		await typePrompt(ui, '&', '^V\\d\\d');
		const screen = await ui.waitForScreen(/only \/\^V\\d\\d\/ \(35\//);
		for (const [index, vector] of vectors.entries()) {
			// The screen shows the visible form (xterm renders each character in its cell). Log views keep plain
			// allowlisted colour codes as styles (SGR policy 'spans'), so "ESC[0m" is applied, not shown; every
			// other vector shows exactly its expectedVisible form.
			const visible = sanitizeLine(vector.input, {sgr: 'spans'}).text;
			if (!vector.input.includes('\u001b[0m') && vector.name !== 'zero-width space') expect(visible).toBe(vector.expectedVisible);
			const shown = `V${String(index).padStart(2, '0')} ${visible}`;
			expect(screen, vector.name).toContain(shown.slice(0, 120).trimEnd());
		}
		const bytes = ui.output();
		for (const [name, sequence] of forbidden) expect(bytes.includes(sequence), name).toBe(false);

		// Search in the live-following view: the filter is cleared, the stream keeps coming.
		ui.press('c');
		await waitFor(() => !/only \//.test(ui.screenText()), {what: 'the filter cleared'});
		await typePrompt(ui, '/', 'needle');
		await ui.waitForScreen(/search \/needle\/ \d+\/\d+/);
		await ui.waitForScreen(/following/);
		const before = ui.output().length;
		await waitFor(() => /\u001b\[7m(?:\u001b\[[0-9;]*m)*needle/i.test(ui.output().slice(before)), {
			what: 'an inverse-video needle drawn after the search',
			timeoutMs: 10_000,
		});
		const tickBefore = Number(/tick (\d+)/.exec(ui.screenText().split('\n').reverse().join('\n'))?.[1]);
		await waitFor(() => Number([...ui.screenText().matchAll(/tick (\d+)/g)].at(-1)?.[1]) > tickBefore, {what: 'still following'});

		// Filter to the needle lines only.
		await typePrompt(ui, '&', 'needle');
		const filtered = await ui.waitForScreen(/only \/needle\//);
		const logRows = filtered.split('\n').filter(row => /^[·!#] /.test(row));
		expect(logRows.length).toBeGreaterThan(0);
		expect(logRows.every(row => row.includes('needle'))).toBe(true);
		expect(logRows.every(row => row.startsWith('! '))).toBe(true); // stderr marker

		ui.press('q');
		expect((await ui.exit).exitCode).toBe(0);
	});
});

// The report key in the real CLI in a pseudo-terminal, against a real daemon: W on the selected process writes
// the incident report (the status line shows its path; the file names the process), and `:report NAME` does
// the same under --read-only, where writing a report is allowed (it changes nothing in PM2 or the apps).
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cliBin, createPm2Sandbox, demoAppsDir, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {ptyKeys, spawnInPty, type PtyScreen} from '../../helpers/pty-screen.js';

let sandbox: Pm2Sandbox;
const running: PtyScreen[] = [];

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-e2e-report-');
	const sleeper = path.join(demoAppsDir, 'sleeper.cjs');
	expect((await sandbox.pm2(['start', sleeper, '--name', 'alpha'])).code).toBe(0);
	expect((await sandbox.pm2(['start', sleeper, '--name', 'beta'])).code).toBe(0);
}, 60_000);

afterAll(async () => {
	for (const screen of running) screen.kill('SIGKILL');
	await sandbox?.destroy();
}, 60_000);

function openUi(extraArgs: string[] = []): PtyScreen {
	const screen = spawnInPty(process.execPath, [cliBin, '--pm2-home', sandbox.home, ...extraArgs], {cols: 180, rows: 32, env: {PM2_HOME: sandbox.home}});
	running.push(screen);
	return screen;
}

async function type(ui: PtyScreen, text: string) {
	for (const key of text) {
		ui.press(key);
		await new Promise(resolve => setTimeout(resolve, 60));
	}
}

/** The path the status line shows, once it shows one. */
async function writtenPath(ui: PtyScreen): Promise<string> {
	const screen = await ui.waitForScreen(/Report written: \S+\.md/, 90_000);
	return /Report written: (\S+\.md)/.exec(screen)![1]!;
}

describe('the report key', () => {
	it('W writes the report for the selected process and shows where', async () => {
		const ui = openUi();
		await ui.waitForScreen(/alpha[\s\S]*online[\s\S]*beta[\s\S]*online/, 30_000);
		ui.press('j');
		await ui.waitForScreen(/beta.*\n[\s\S]*beta/);
		ui.press('W');
		// Not waiting for the "Writing …" line: a quick write replaces it before a frame shows it.
		const file = await writtenPath(ui);
		expect(path.dirname(file)).toBe(path.join(sandbox.home, 'pm2-doctor', 'reports'));
		expect(fs.statSync(file).mode & 0o777).toBe(0o600);
		const text = fs.readFileSync(file, 'utf8');
		expect(text).toContain('# Incident report: PM2 on');
		expect(text).toMatch(/^## beta \(id 1\)$/m);
		expect(text).not.toMatch(/^## alpha/m);
		ui.press('q');
		expect((await ui.exit).exitCode).toBe(0);
	}, 180_000);

	it(':report NAME writes it under --read-only too', async () => {
		const ui = openUi(['--read-only']);
		await ui.waitForScreen(/alpha[\s\S]*online[\s\S]*beta[\s\S]*online/, 30_000);
		ui.press(':');
		await type(ui, 'report alpha');
		await ui.waitForScreen(/:report alpha/);
		ui.press(ptyKeys.enter);
		const file = await writtenPath(ui);
		expect(fs.readFileSync(file, 'utf8')).toMatch(/^## alpha \(id 0\)$/m);
		// Nothing was done, so nothing was logged.
		expect(fs.existsSync(path.join(sandbox.home, 'pm2-doctor', 'actions.jsonl'))).toBe(false);
		ui.press('q');
		expect((await ui.exit).exitCode).toBe(0);
	}, 180_000);
});

// The real CLI in a pseudo-terminal against a real daemon: `e` opens the ecosystem file of the selected app,
// typing + ctrl+s shows the diff, `y` saves; `E` goes through a scripted $VISUAL; `a` + confirm applies, and
// pm2_env.max_memory_restart changes in the daemon.
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startEcosystemSandbox} from '../../helpers/ecosystem-sandbox.js';
import {cliBin, demoAppsDir, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {ctrl} from '../../helpers/ctrl-key.js';
import {ptyKeys, spawnInPty, type PtyScreen} from '../../helpers/pty-screen.js';

let sandbox: Pm2Sandbox;
let file: string;
const running: PtyScreen[] = [];

beforeAll(async () => {
	({sandbox, file} = await startEcosystemSandbox('pm2doc-e2e-eco-', [
		'  apps: [{',
		"    name: 'eco-e2e',",
		`    script: ${JSON.stringify(path.join(demoAppsDir, 'sleeper.cjs'))},`,
		"    max_memory_restart: '200M', // raised after the leak fix",
		"    env: {NODE_ENV: 'production'},",
		'  }],',
	]));
}, 60_000);

afterAll(async () => {
	for (const screen of running) screen.kill('SIGKILL');
	await sandbox?.destroy();
}, 60_000);

// One key at a time, like a person: keys written in one chunk reach Ink as a single paste.
async function type(ui: PtyScreen, ...sequences: string[]) {
	for (const sequence of sequences) {
		for (const key of sequence.length > 1 && !sequence.startsWith('\u001B') ? [...sequence] : [sequence]) {
			ui.press(key);
			await new Promise(resolve => setTimeout(resolve, 60));
		}
	}
}

function openUi(env: Record<string, string> = {}): PtyScreen {
	const screen = spawnInPty(process.execPath, [cliBin, '--pm2-home', sandbox.home], {cols: 110, rows: 32, env: {PM2_HOME: sandbox.home, ...env}});
	running.push(screen);
	return screen;
}

describe('ecosystem editor end to end', () => {
	it('e → edit → ctrl+s → diff → y → saved file', async () => {
		const ui = openUi();
		await ui.waitForScreen(/eco-e2e[\s\S]*online/, 20_000);
		ui.press('e');
		await ui.waitForScreen(/Defines an app named "eco-e2e"/, 20_000);
		await type(ui, ctrl('f'), '200M', ptyKeys.enter);
		await ui.waitForScreen(/Ln 5, Col 26/);
		await type(ui, ctrl('d'), '3');
		await ui.waitForScreen(/'300M', \/\/ raised/);
		ui.press(ctrl('s'));
		const review = await ui.waitForScreen(/Changes \(diff against the file on disk\)/, 20_000);
		expect(review).toContain("+    max_memory_restart: '300M', // raised after the leak fix");
		ui.press('y');
		await ui.waitForScreen(/Saved ecosystem\.config\.js|Saved .*ecosystem\.config\.js/, 20_000);
		expect(fs.readFileSync(file, 'utf8')).toContain("max_memory_restart: '300M', // raised after the leak fix");
		await type(ui, ptyKeys.escape);
		await ui.waitForScreen(/Ln 5, Col 27/); // back in the editor, buffer saved
		await type(ui, ptyKeys.escape);
		await ui.waitForScreen(/^(?![\s\S]*Defines an app named)[\s\S]*eco-e2e[\s\S]*online/, 10_000); // main screen again
		await type(ui, 'q');
		const exit = await Promise.race([ui.exit, new Promise<'timeout'>(resolve => setTimeout(() => resolve('timeout'), 15_000))]);
		expect(exit === 'timeout' ? ui.screenText() : exit.exitCode).toBe(0);
	}, 90_000);

	it('E → scripted $VISUAL → review → y → a → confirm: the daemon applies the new max_memory_restart', async () => {
		// Only the limit's value: the script's path (a temporary folder) may hold digits followed by "M" too.
		const ui = openUi({VISUAL: `sed -i -E "s/(max_memory_restart: ')[0-9]+M/\\1400M/"`});
		await ui.waitForScreen(/eco-e2e[\s\S]*online/, 20_000);
		ui.press('E');
		const review = await ui.waitForScreen(/Changes \(diff against the file on disk\)/, 30_000);
		expect(review).toContain("+    max_memory_restart: '400M'");
		ui.press('y');
		await ui.waitForScreen(/Apply now\? pm2 startOrReload --only eco-e2e/, 20_000);
		ui.press('a');
		await ui.waitForScreen(/Apply ecosystem\.config\.js to "eco-e2e" \(pm2 startOrReload --only eco-e2e\)\?/, 10_000);
		ui.press('y');
		await ui.waitForScreen(/Applied/, 60_000);
		// The view re-checks against the live store: the daemon's value for the changed field.
		await ui.waitForScreen(/max_memory_restart: daemon reports 400 MB ✓/, 20_000);
		await waitFor(async () => (await sandbox.jlist()).find(app => app.name === 'eco-e2e')?.pm2_env.max_memory_restart === 400 * 1024 * 1024, {
			what: 'max_memory_restart to be applied',
			timeoutMs: 20_000,
		});
		ui.press('q');
	}, 120_000);
});

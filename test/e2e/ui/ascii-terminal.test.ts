// Under TERM=vt100 and LANG=C the real CLI draws plain ASCII: the table, the trends chart, the logs panel,
// the footer, and the plain first paint before them (every byte written is checked, not only the last screen).
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createPm2Sandbox, demoAppsDir, repoRoot, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {spawnInPty, type PtyScreen} from '../../helpers/pty-screen.js';

const bin = path.join(repoRoot, 'dist', 'source', 'bin.js');
let sandbox: Pm2Sandbox;
const running: PtyScreen[] = [];

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-e2e-ascii-');
	const sleeper = path.join(demoAppsDir, 'sleeper.cjs');
	for (const name of ['alpha', 'beta']) expect((await sandbox.pm2(['start', sleeper, '--name', name])).code).toBe(0);
	expect((await sandbox.pm2(['stop', 'beta'])).code).toBe(0);
}, 60_000);

afterAll(async () => {
	for (const screen of running) screen.kill('SIGKILL');
	await sandbox?.destroy();
}, 60_000);

describe('a terminal without Unicode', () => {
	it('gets ASCII only, in every frame', async () => {
		const ui = spawnInPty(process.execPath, [bin, '--pm2-home', sandbox.home], {
			cols: 140,
			rows: 40,
			env: {PM2_HOME: sandbox.home, TERM: 'vt100', LANG: 'C', LC_ALL: '', LC_CTYPE: ''},
		});
		running.push(ui);
		// The table, a chart with its axis and a plotted line, the logs panel and the footer.
		const screen = await ui.waitForScreen(
			/^>\s+0 alpha[\s\S]*\* online[\s\S]*o stopped[\s\S]*Memory[\s\S]*M \|[^\n]*[-/\\][\s\S]*Logs \| alpha[\s\S]*\^\/k up/m,
			30_000,
		);
		expect(screen).not.toMatch(/[^\x00-\x7F]/u);
		ui.press('q');
		expect((await ui.exit).exitCode).toBe(0);
		const written = ui.output();
		const nonAscii = [...new Set(written.match(/[^\x00-\x7F]/gu) ?? [])];
		expect(nonAscii).toEqual([]);
	}, 60_000);
});

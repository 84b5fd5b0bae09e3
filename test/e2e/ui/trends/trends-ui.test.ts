// The trends panel and the timeline view in the real CLI (dist/source/bin.js, built by `npm run build`)
// in a pseudo-terminal at 120x40, attached to a real daemon running a crash-looping app.
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createPm2Sandbox, fixtureAppsDir, repoRoot, type Pm2Sandbox} from '../../../helpers/pm2-sandbox.js';
import {spawnInPty, type PtyScreen} from '../../../helpers/pty-screen.js';

const bin = path.join(repoRoot, 'dist', 'source', 'bin.js');
let sandbox: Pm2Sandbox;
const running: PtyScreen[] = [];

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-e2e-trends-');
	const started = await sandbox.pm2(['start', path.join(fixtureAppsDir, 'trends-throws-late.cjs'), '--name', 'thrower']);
	expect(started.code, started.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
	for (const screen of running) screen.kill('SIGKILL');
	await sandbox?.destroy();
}, 60_000);

describe('trends in the live UI', () => {
	it('shows the chart, the verdict and the latest restarts with their cause at 120x40, and the timeline on t', async () => {
		const ui = spawnInPty(process.execPath, [bin, '--pm2-home', sandbox.home], {cols: 120, rows: 40, env: {PM2_HOME: sandbox.home}});
		running.push(ui);
		// Axis labels with the axis, a plotted line, and the panel title.
		let screen = await ui.waitForScreen(/Memory 1m \[5m\] 15m 1h[\s\S]*\d+(\.\d)?M [┤┼][\s\S]*[─╭╮╯╰]/, 30_000);
		expect(screen).toMatch(/(heap|RSS)[^\n]*(stable|not enough data|no trend|MB\/min)/);
		screen = await ui.waitForScreen(/Latest restarts \(\d+\)[\s\S]*exit 1 · uncaught TypeError: Cannot read pro/, 30_000);
		expect(screen.split('\n').length).toBeLessThanOrEqual(40);

		ui.press('h');
		screen = await ui.waitForScreen(/Timeline · thrower \(id 0\)[\s\S]*Exits, newest first/, 10_000);
		expect(screen).toMatch(/\d+(\.\d)?M [┤┼]/);
		await ui.waitForScreen(/stderr│ payment gateway handshake failed, giving up/, 20_000);
		ui.press('q');
		expect((await ui.exit).exitCode).toBe(0);
	});
});

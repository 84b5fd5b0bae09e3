// A real PM2 daemon running an app whose --name carries terminal controls (ESC ] 0 ; pwned BEL sets the
// window title, ESC [ 31 m turns what follows red) and whose args carry secrets, seen through the real
// CLI: the TUI in a pseudo-terminal, `status` (text and JSON) and `check` (text, JSON, OpenMetrics).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {rawControl} from '../../helpers/escape-vectors.js';
import {createPm2Sandbox, demoAppsDir, repoRoot, run, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {spawnInPty, type PtyScreen} from '../../helpers/pty-screen.js';

const bin = path.join(repoRoot, 'dist', 'source', 'bin.js');
const evilName = 'evil\u001b]0;pwned\u0007\u001b[31m';
const evilNamespace = 'ns\u009b2J\u202e';
const visibleName = 'evil^[]0;pwned^G^[[31m';
let sandbox: Pm2Sandbox;
const running: PtyScreen[] = [];

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-e2e-hostile-');
	// In the sandbox, not the checkout: the detail pane shows the script path before the args, and a checkout
	// under a long path pushed the masked args past the pane's edge.
	const sleeper = path.join(sandbox.workDir, 'sleeper.cjs');
	fs.copyFileSync(path.join(demoAppsDir, 'sleeper.cjs'), sleeper);
	const started = await sandbox.pm2(['start', sleeper, '--name', evilName, '--namespace', evilNamespace, '--', '--password=argsecret', '--token', 'tok123']);
	expect(started.code).toBe(0);
	// Started second, so its row is drawn after the hostile one.
	expect((await sandbox.pm2(['start', sleeper, '--name', 'after-evil'])).code).toBe(0);
}, 60_000);

afterAll(async () => {
	for (const screen of running) screen.kill('SIGKILL');
	await sandbox?.destroy();
}, 60_000);

const cli = (args: string[], home = sandbox.home) => run(process.execPath, [bin, ...args, '--pm2-home', home], {env: sandbox.env, timeoutMs: 60_000});

describe('a process name with terminal controls', () => {
	it('the TUI shows it inert: the window title never changes and nothing turns red', async () => {
		const ui = spawnInPty(process.execPath, [bin, '--pm2-home', sandbox.home], {cols: 220, rows: 40, env: {PM2_HOME: sandbox.home}});
		running.push(ui);
		const screen = await ui.waitForScreen(/after-evil[\s\S]*\(id 0\)/, 30_000);
		const lines = screen.split('\n');
		const evilRow = lines.findIndex(line => /^›\s+0 evil\^\[\]0;pwned\^G\^\[\[31m\s/.test(line));
		const afterRow = lines.findIndex(line => /^\s+1 after-evil\s/.test(line));
		expect(evilRow, screen).toBeGreaterThanOrEqual(0);
		expect(afterRow, screen).toBeGreaterThan(evilRow);
		// The detail pane's header and the masked args.
		expect(screen).toContain(`${visibleName} (id 0) · `);
		expect(screen).toContain('--password=**** --token ****');
		expect(screen).not.toMatch(/argsecret|tok123/);

		expect(ui.titles().join('\n')).not.toContain('pwned');
		expect(ui.output()).not.toContain('\u001b]0;pwned');
		// Red would start right after the name: the name's own cells, the mode column, and the next row.
		const red = ui
			.coloredCells()
			.filter(cell => cell.isPalette && (cell.fg === 1 || cell.fg === 9))
			.filter(cell => cell.row === evilRow || cell.row === afterRow);
		const statusColumn = lines[evilRow]!.indexOf('● online');
		expect(red.filter(cell => cell.column < statusColumn)).toEqual([]);

		ui.press('q');
		expect((await ui.exit).exitCode).toBe(0);
		expect(ui.titles().join('\n')).not.toContain('pwned');
	}, 60_000);

	it('status prints it inert, as text and as JSON that gives the exact name back, with args masked', async () => {
		const text = await cli(['status']);
		expect(text.code).toBe(0);
		expect(text.stdout).not.toMatch(rawControl);
		expect(text.stdout).toMatch(new RegExp(`^0\\s+${visibleName.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}\\s+\\S+\\s+fork\\s+online`, 'm'));

		const json = await cli(['status', '--json']);
		expect(json.code).toBe(0);
		expect(json.stdout.replaceAll('\n', '')).not.toMatch(rawControl);
		const processes = JSON.parse(json.stdout) as Array<{name: string; namespace: string; args: string[]; env?: unknown}>;
		const evil = processes.find(process => process.name === evilName);
		expect(evil?.namespace).toBe(evilNamespace);
		expect(evil?.args).toEqual(['--password=****', '--token', '****']);
		expect(evil?.env).toBeUndefined();
		expect(json.stdout).not.toMatch(/argsecret|tok123/);
	}, 60_000);

	it('check prints it inert in every format', async () => {
		for (const format of ['text', 'json', 'openmetrics']) {
			const result = await cli(['check', '--sample', '0', '--format', format]);
			expect(result.code, result.stderr).toBeLessThan(2);
			expect(result.stdout.replaceAll('\n', ''), format).not.toMatch(rawControl);
			if (format === 'json') expect((JSON.parse(result.stdout) as {processes: Array<{name: string}>}).processes.map(p => p.name)).toContain(evilName);
			if (format === 'openmetrics') expect(result.stdout).toContain(`pm2_doctor_process_online{process="${visibleName}",pm_id="0"} 1`);
		}
	}, 120_000);
});

describe('status --json without a daemon', () => {
	it('prints a JSON error object and exits 2, starting no daemon', async () => {
		const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-e2e-nodaemon-'));
		try {
			const result = await cli(['status', '--json'], home);
			expect(result.code).toBe(2);
			expect(JSON.parse(result.stdout)).toEqual({error: `No PM2 daemon is running at ${home}`, pm2Home: home});
			expect(result.stderr).toContain('No PM2 daemon is running');
			expect(fs.existsSync(path.join(home, 'pm2.pid'))).toBe(false);
		} finally {
			fs.rmSync(home, {recursive: true, force: true});
		}
	}, 60_000);
});

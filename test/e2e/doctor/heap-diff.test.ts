// The real CLI (dist/source/bin.js) in a pseudo-terminal on a real daemon: select the leaking app, press m, read
// the question and its notice, confirm, and find the leaking class named in the memory-growth flow; the app is
// left running, unpaused and with its inspector closed, and the two snapshots are 0600 files where it said.
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {isPortAnswering} from '../../../source/inspector/open-inspector.js';
import {lockInspectorPort} from '../../helpers/inspector-port-lock.js';
import {createPm2Sandbox, fixtureAppsDir, repoRoot, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {spawnInPty, type PtyScreen} from '../../helpers/pty-screen.js';
import {expectLeftAlone, inspectorPort, processOf} from '../../integration/inspector/inspector-helpers.js';

const bin = path.join(repoRoot, 'dist', 'source', 'bin.js');
let sandbox: Pm2Sandbox;
let ui: PtyScreen | null = null;
let releaseInspectorPort: (() => void) | undefined;

beforeAll(async () => {
	releaseInspectorPort = await lockInspectorPort();
	sandbox = await createPm2Sandbox('pm2doc-e2e-heap-');
	expect((await sandbox.pm2(['start', path.join(fixtureAppsDir, 'heap-leaker.cjs'), '--name', 'leaky'])).code).toBe(0);
	await waitFor(async () => (await processOf(sandbox, 'leaky')).status === 'online', {timeoutMs: 30_000, what: 'leaky online'});
}, 16 * 60_000);

afterAll(async () => {
	ui?.kill('SIGKILL');
	await sandbox?.destroy();
	releaseInspectorPort?.();
}, 60_000);

describe('heap diff from the TUI', () => {
	it('m on the leaking app asks, then the memory-growth flow names DistinctiveLeakyWidget and what keeps it', async () => {
		// The inspector port is machine-wide: the lock keeps other test files off it; anything else must be gone.
		await waitFor(async () => !(await isPortAnswering(inspectorPort)), {timeoutMs: 60_000, what: `127.0.0.1:${inspectorPort} to be free`});
		const {pid} = await processOf(sandbox, 'leaky');
		ui = spawnInPty(process.execPath, [bin, '--pm2-home', sandbox.home], {cols: 120, rows: 40, env: {PM2_HOME: sandbox.home}, cwd: sandbox.workDir});
		await ui.waitForScreen(/^›\s+0 leaky/m, 30_000);
		ui.press('m');
		let screen = await ui.waitForScreen(/Take two heap snapshots of "leaky" \(id 0\), 30 s apart\?/, 15_000);
		expect(screen).toMatch(/Heap diff — leaky \(id 0\): about to start/);
		expect(screen).toMatch(/the app pauses about \d+ s for each/);
		expect(screen).toContain(`127.0.0.1:${inspectorPort}`);
		expect(screen.replace(/\s+/g, ' ')).toContain(`written 0600 in ${sandbox.workDir}`);
		ui.press('y');
		// Two snapshots 30 s apart, each a few seconds on a loaded machine, then the reading.
		screen = await ui.waitForScreen(/Heap diff — leaky \(id 0\): DistinctiveLeakyWidget grows/, 110_000);
		expect(screen).toMatch(/\+\d+\s+\+[\d.]+ [kKM]?B\s+DistinctiveLeakyWidget/);
		expect(screen).toContain('<- variable retainedWidgets');
		const files = fs.readdirSync(sandbox.workDir).filter(name => name.endsWith('.heapsnapshot'));
		expect(files).toHaveLength(2);
		for (const file of files) {
			expect(screen).toContain(file);
			expect(fs.statSync(path.join(sandbox.workDir, file)).mode & 0o777).toBe(0o600);
		}
		await expectLeftAlone(sandbox, 'leaky', pid);
	}, 180_000);
});

// `pm2-doctor heap` and `pm2-doctor profile` against a real daemon: what grows in a leaking app, nothing
// dominant in a healthy one, the hot function of a CPU burner, and every target left as it was found.
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {lockInspectorPort} from '../../helpers/inspector-port-lock.js';
import {createPm2Sandbox, fixtureAppsDir, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {expectLeftAlone, processOf, runCli} from './inspector-helpers.js';

let sandbox: Pm2Sandbox;
let releaseInspectorPort: (() => void) | undefined;

beforeAll(async () => {
	releaseInspectorPort = await lockInspectorPort();
	sandbox = await createPm2Sandbox('pm2doc-heap-');
	for (const [name, file] of [
		['leaker', 'heap-leaker.cjs'],
		['healthy', 'heap-healthy.cjs'],
		['burner', 'cpu-burner.cjs'],
	])
		expect((await sandbox.pm2(['start', path.join(fixtureAppsDir, file), '--name', name])).code).toBe(0);
}, 16 * 60_000);

afterAll(async () => {
	await sandbox?.destroy();
	releaseInspectorPort?.();
});

describe('heap --compare', () => {
	it('names the leaking class as the top grower, with the variable that keeps it', async () => {
		const {pid} = await processOf(sandbox, 'leaker');
		const result = await runCli(sandbox, ['heap', 'leaker', '--compare', '2', '--json', '--out', sandbox.workDir]);
		expect(result.stderr).toContain('the app pauses about');
		expect(result.code).toBe(0);
		const report = JSON.parse(result.stdout);
		expect(report.diff.growers[0].name).toBe('DistinctiveLeakyWidget');
		expect(report.diff.dominant.name).toBe('DistinctiveLeakyWidget');
		expect(report.diff.dominant.countDelta).toBeGreaterThan(1000);
		expect(report.diff.retainers.map((step: {via: string}) => step.via)).toContain('variable retainedWidgets');
		for (const file of report.files) {
			expect(fs.statSync(file.path).mode & 0o777).toBe(0o600);
			// Chrome DevTools reads the file: a complete JSON document.
			expect(JSON.parse(fs.readFileSync(file.path, 'utf8')).snapshot.node_count).toBeGreaterThan(1000);
		}
		await expectLeftAlone(sandbox, 'leaker', pid);
	});

	it('finds no dominant grower in a healthy app', async () => {
		const {pid} = await processOf(sandbox, 'healthy');
		const result = await runCli(sandbox, ['heap', 'healthy', '--compare', '2', '--out', sandbox.workDir]);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('No dominant grower');
		expect(result.stdout).not.toContain('Top grower');
		await expectLeftAlone(sandbox, 'healthy', pid);
	});
});

describe('cluster mode', () => {
	it('asks for one worker by pm_id, then snapshots that worker alone', async () => {
		expect((await sandbox.pm2(['start', path.join(fixtureAppsDir, 'heap-healthy.cjs'), '--name', 'workers', '-i', '2'])).code).toBe(0);
		const workers = (await sandbox.jlist()).filter(entry => entry.name === 'workers');
		expect(workers).toHaveLength(2);
		const byName = await runCli(sandbox, ['heap', 'workers', '--out', sandbox.workDir]);
		expect(byName.code).toBe(2);
		expect(byName.stderr).toContain('workers runs as 2 processes: name one by its pm_id');
		const [first, second] = workers;
		const result = await runCli(sandbox, ['heap', String(first.pm_id), '--json', '--out', sandbox.workDir]);
		expect(result.code).toBe(0);
		expect(JSON.parse(result.stdout).target).toEqual({name: 'workers', pmId: first.pm_id, pid: first.pid});
		await expectLeftAlone(sandbox, 'workers', first.pid, {heartbeat: false});
		expect((await sandbox.jlist()).find(entry => entry.pm_id === second.pm_id)?.pid).toBe(second.pid);
	});
});

describe('profile', () => {
	it('puts the hot function of a CPU burner first', async () => {
		const {pid} = await processOf(sandbox, 'burner');
		const result = await runCli(sandbox, ['profile', 'burner', '--seconds', '2', '--json', '--out', sandbox.workDir]);
		expect(result.code).toBe(0);
		const report = JSON.parse(result.stdout);
		expect(report.hottest[0].functionName).toBe('burnCpuInDistinctiveHotLoop');
		expect(fs.statSync(report.file).mode & 0o777).toBe(0o600);
		await expectLeftAlone(sandbox, 'burner', pid, {heartbeat: false});
	});
});

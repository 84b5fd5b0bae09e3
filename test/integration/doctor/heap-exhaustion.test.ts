// A restart loop that is really a memory problem: a real app whose heap grows until V8 aborts at
// --max-old-space-size=48, under a real PM2 daemon, diagnosed by `pm2-doctor check --json` (runCheckCommand
// through the real DaemonClient). The loop is reported under memory-growth with the heap limit that was
// hit and the fix, and the restart-loop finding names it as its root cause.
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {CheckReport} from '../../../source/doctor/check-report.js';
import {createPm2Sandbox, fixtureAppsDir, startScript, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {runJsonCheck} from './doctor-helpers.js';

describe('a restart loop of V8 heap exhaustion', () => {
	let sandbox: Pm2Sandbox;
	let report: CheckReport;
	let exitCode: number;

	beforeAll(async () => {
		sandbox = await createPm2Sandbox('pm2doc-heap-');
		await startScript(sandbox, path.join(fixtureAppsDir, 'doctor-heap-exhaustion.cjs'), 'heap-hog', ['--node-args=--max-old-space-size=48']);
		// Three aborts make a loop (three crashes in a minute); each run lasts a few seconds.
		await waitFor(async () => (await sandbox.jlist()).find(p => p.name === 'heap-hog' && p.pm2_env.restart_time >= 3), {
			what: 'three restarts of heap-hog',
			timeoutMs: 90_000,
			intervalMs: 500,
		});
		const check = await runJsonCheck(sandbox.home, {sampleSeconds: 3, host: {startupUnitDirs: []}});
		expect(check.stderrText).toBe('');
		({report, exitCode} = check);
	}, 150_000);

	afterAll(async () => {
		await sandbox?.destroy();
	});

	it('reports the loop under memory-growth with the heap limit that was hit and the fix', () => {
		expect(exitCode).toBe(1);
		const memory = report.findings.filter(f => f.process === 'heap-hog' && f.flow === 'memory-growth');
		const [exhaustion] = memory.filter(f => f.id === 'heap-exhaustion');
		expect(exhaustion, JSON.stringify(report.findings, null, 2)).toBeDefined();
		expect(exhaustion!.severity).toBe('error');
		expect(exhaustion!.title).toBe('heap-hog runs out of memory: V8 heap exhausted at the 48 MB V8 heap limit (--max-old-space-size=48)');
		const evidence = exhaustion!.evidence.join('\n');
		expect(evidence).toMatch(/\d+ exit\(s\) via SIGABRT in the pm2\.log tail; last: App \[heap-hog:0\] exited with code \[\d+\] via signal \[SIGABRT\]/);
		expect(evidence).toContain('error log: FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory');
		expect(evidence).toContain("fix: raise the limit if the app needs more (node_args: ['--max-old-space-size=96']), or find the leak");
	});

	it('links the restart-loop finding to it', () => {
		const [loop] = report.findings.filter(f => f.process === 'heap-hog' && f.id === 'restart-rate');
		expect(loop, JSON.stringify(report.findings, null, 2)).toBeDefined();
		expect(loop!.flow).toBe('restart-loop');
		expect(loop!.title).toBe('heap-hog is in a restart loop: it runs out of memory');
		expect(loop!.rootCause).toEqual({
			id: 'heap-exhaustion',
			flow: 'memory-growth',
			title: 'V8 heap exhausted at the 48 MB V8 heap limit (--max-old-space-size=48)',
		});
		expect(loop!.evidence[0]).toBe('root cause: V8 heap exhausted at the 48 MB V8 heap limit (--max-old-space-size=48) — see heap-exhaustion (memory-growth)');
	});
});

// The leak verdict on real PM2 heap metrics (axm_monitor "Used Heap Size", polled at 1 Hz through
// the real DaemonClient): a leaking app is called leaking within 60 s, a healthy HTTP server is not.
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {recordSnapshotSamples, type MetricHistory} from '../../../source/model/process-history.js';
import {assessLeak, type LeakVerdict} from '../../../source/model/trend.js';
import type {MetricSample} from '../../../source/model/types.js';
import {DaemonClient} from '../../../source/pm2/daemon-client.js';
import type {ReadonlyRing} from '../../../source/services/store/store-types.js';
import {createPm2Sandbox, demoAppsDir, repoRoot, run, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';

const pm2Bin = path.join(repoRoot, 'node_modules', 'pm2', 'bin', 'pm2');

let sandbox: Pm2Sandbox;
let client: DaemonClient;

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-trends-leak-');
	// 16 KB of one-character strings every 200 ms: about 0.6 MB/s of heap, enough within a minute, small for the machine.
	// The CLI's environment becomes the app's environment: that is how the fixtures get their settings.
	const start = (args: string[], env: Record<string, string>) =>
		run(process.execPath, [pm2Bin, 'start', ...args], {env: {...sandbox.env, ...env}, cwd: sandbox.workDir});
	const leak = await start([path.join(demoAppsDir, 'slow-leak.cjs'), '--name', 'leaky', '--max-memory-restart', '900M'], {LEAK_KB_PER_TICK: '16'});
	expect(leak.code, leak.stderr).toBe(0);
	const healthy = await start([path.join(demoAppsDir, 'healthy-http.cjs'), '--name', 'healthy'], {PORT: '47221'});
	expect(healthy.code, healthy.stderr).toBe(0);
	client = new DaemonClient(sandbox.home);
	expect((await client.attach(() => {})).ok).toBe(true);
}, 60_000);

afterAll(async () => {
	client?.detach();
	await sandbox?.destroy();
});

describe('leak verdict with a real daemon', () => {
	it('calls the leaking app leaking within 60 s and never the healthy one', async () => {
		const histories = new Map<number, ReadonlyRing<MetricSample>>();
		const startedAt = Date.now();
		let leakyVerdict: LeakVerdict | null = null;
		const healthyVerdicts: LeakVerdict[] = [];
		await waitFor(
			async () => {
				const processes = await client.listProcesses();
				const snapshot = {takenAtMs: Date.now(), processes};
				recordSnapshotSamples(histories, snapshot);
				const verdictOf = (name: string) => {
					const process = processes.find(p => p.name === name)!;
					const history = histories.get(process.pmId) as MetricHistory;
					return assessLeak(history.toArray(), process, {window: '5m', nowMs: snapshot.takenAtMs});
				};
				leakyVerdict = verdictOf('leaky');
				healthyVerdicts.push(verdictOf('healthy'));
				return leakyVerdict.kind === 'leaking';
			},
			{timeoutMs: 75_000, intervalMs: 1000, what: 'a leaking verdict for the leaky app'},
		);
		const elapsedMs = Date.now() - startedAt;
		const verdict = leakyVerdict as unknown as LeakVerdict;
		expect(verdict.metric).toBe('heap');
		expect(verdict.growthBytesPerMin!).toBeGreaterThan(5 * 1024 * 1024);
		expect(verdict.sentence).toMatch(/^heap \+\d+(\.\d)? MB\/min \(fit \d\.\d\d\) — reaches the 900 MB limit in ~/);
		// The app was started before the sampling began: 60 s of sampling is the budget.
		expect(elapsedMs).toBeLessThanOrEqual(60_000);
		expect(healthyVerdicts.map(v => v.kind)).not.toContain('leaking');
		expect(healthyVerdicts.at(-1)!.kind).toMatch(/stable|not-enough-data/);
		console.log(`leaky: ${verdict.sentence} after ${Math.round(elapsedMs / 1000)} s; healthy: ${healthyVerdicts.at(-1)!.sentence}`);
	});
});

// Alerts from the recorder to a local HTTP receiver (127.0.0.1), with a real daemon and crash-looping apps: a
// crash loop is one alert however often it restarts, its end one "resolved"; a burst of findings is held to the
// rate limit; `record --test-alert` reaches the receiver in Slack's shape.
import http from 'node:http';
import path from 'node:path';
import type {AddressInfo} from 'node:net';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {DaemonClient} from '../../../source/pm2/daemon-client.js';
import {createWebhookSink, type AlertPayload} from '../../../source/recorder/alert-sinks.js';
import {createRecorder, type Recorder} from '../../../source/recorder/record-loop.js';
import {createPm2Sandbox, demoAppsDir, repoRoot, run, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';

const cliPath = path.join(repoRoot, 'dist', 'source', 'bin.js');
let sandbox: Pm2Sandbox;
let server: http.Server;
let receiverUrl: string;
const received: unknown[] = [];
let recorder: Recorder | null = null;

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-alerts-');
	server = http.createServer((request, response) => {
		let body = '';
		request.setEncoding('utf8');
		request.on('data', (chunk: string) => (body += chunk));
		request.on('end', () => {
			received.push(JSON.parse(body));
			response.end('ok');
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});

afterEach(async () => {
	await recorder?.stop();
	recorder = null;
	await sandbox.pm2(['delete', 'all']);
	received.length = 0;
});

afterAll(async () => {
	await new Promise(resolve => server.close(resolve));
	await sandbox.destroy();
});

const crashLoop = (name: string) => sandbox.pm2(['start', path.join(demoAppsDir, 'crash-loop.cjs'), '--name', name], {timeoutMs: 30_000});
const payloads = () => received as AlertPayload[];

function startRecorder(alertPolicy: {maxAlertsPerWindow: number; rateWindowMs: number}) {
	recorder = createRecorder({
		home: sandbox.home,
		client: new DaemonClient(sandbox.home),
		intervalMs: 1000,
		// The checks every 3 s and a finding resolved after 6 s away: the production timing (30 s, 60 s) compressed.
		diagnosisIntervals: {tableMs: 3000, warmUpTableMs: 3000},
		clearAfterMs: 6000,
		sinks: [createWebhookSink(receiverUrl, 'generic')],
		alertPolicy: {minSeverity: 'error', ...alertPolicy},
		log: () => {},
	});
	recorder.start();
}

describe('alerts', () => {
	it('a crash loop sends one alert, not one per restart, and its end one "resolved"', {timeout: 120_000}, async () => {
		await crashLoop('crashy');
		startRecorder({maxAlertsPerWindow: 10, rateWindowMs: 600_000});
		await waitFor(() => payloads().some(p => p.finding?.id === 'restart-rate'), {what: 'the crash-loop alert', timeoutMs: 60_000});
		const restartsAtAlert = (await sandbox.jlist()).find(p => p.name === 'crashy').pm2_env.restart_time as number;
		// Let it loop on: more restarts, more check runs, no more alerts.
		await waitFor(async () => ((await sandbox.jlist()).find(p => p.name === 'crashy').pm2_env.restart_time as number) >= restartsAtAlert + 4, {
			what: 'four more restarts',
			timeoutMs: 40_000,
		});
		const loopAlerts = () => payloads().filter(p => p.finding?.id === 'restart-rate');
		expect(loopAlerts().map(p => [p.event, p.finding?.process, p.severity])).toEqual([['appeared', 'crashy', 'error']]);
		expect(loopAlerts()[0]!.text).toContain('crashy is in a restart loop');

		await sandbox.pm2(['delete', 'crashy']);
		await waitFor(() => loopAlerts().some(p => p.event === 'resolved'), {what: 'the resolved alert', timeoutMs: 40_000});
		// Two more check runs (every 3 s, one interval a second) after the resolution: still one of each.
		const writtenAtResolution = recorder!.stats.intervalsWritten;
		await waitFor(() => (recorder?.stats.intervalsWritten ?? 0) >= writtenAtResolution + 7, {what: 'seven more intervals', timeoutMs: 40_000});
		expect(loopAlerts().map(p => p.event)).toEqual(['appeared', 'resolved']);
	});

	it('a burst of findings is held to the rate limit', {timeout: 120_000}, async () => {
		for (const name of ['burst-1', 'burst-2', 'burst-3', 'burst-4', 'burst-5', 'burst-6']) await crashLoop(name);
		startRecorder({maxAlertsPerWindow: 3, rateWindowMs: 600_000});
		await waitFor(() => payloads().length >= 3, {what: 'three alerts', timeoutMs: 60_000});
		// Every app loops (six findings) for several more check runs: the receiver still has three.
		await waitFor(() => (recorder?.stats.intervalsWritten ?? 0) >= 25, {what: 'more intervals', timeoutMs: 60_000});
		expect(payloads()).toHaveLength(3);
		expect(payloads().every(p => p.event === 'appeared' && p.finding?.id === 'restart-rate')).toBe(true);
	});

	it('record --test-alert reaches the receiver, in the Slack shape when asked', async () => {
		const result = await run(process.execPath, [cliPath, 'record', '--test-alert', '--webhook', receiverUrl, '--webhook-format', 'slack'], {env: sandbox.env});
		expect(result.stdout).toContain('delivered to 1 of 1 target');
		expect(result.code).toBe(0);
		expect(received).toEqual([{text: expect.stringContaining('pm2-doctor test alert from')}]);

		const refused = await run(process.execPath, [cliPath, 'record', '--test-alert', '--webhook', 'http://127.0.0.1:9/none'], {env: sandbox.env});
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(/alert to webhook http:\/\/127\.0\.0\.1:9 \(generic\) failed/);
	});
});

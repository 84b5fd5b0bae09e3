// An app whose logs go to /dev/null: the log view says so and reads its lines from PM2's bus instead.
import path from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {openProcessLogs} from '../../../source/logs/process-log-sources.js';
import {DaemonClient} from '../../../source/pm2/daemon-client.js';
import {createBusLogSubscriber, toChunk} from '../../../source/pm2/bus-logs.js';
import {createPm2Sandbox, demoAppsDir, startScript, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';

let sandbox: Pm2Sandbox;

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-bus-');
	await startScript(sandbox, path.join(demoAppsDir, 'noisy-logger.cjs'), 'silent-files', ['--output', '/dev/null', '--error', '/dev/null']);
});

afterAll(async () => sandbox.destroy());

it('follows a process with /dev/null log files through the bus', async () => {
	const client = new DaemonClient(sandbox.home);
	expect((await client.attach(() => {})).ok).toBe(true);
	const [process] = await client.listProcesses();
	client.detach();
	expect(process!.outLogPath).toBe('/dev/null');

	const logs = openProcessLogs(process!, {subscribeBusLogs: createBusLogSubscriber(sandbox.home)});
	try {
		const snapshot = await waitFor(
			() => {
				const current = logs.getSnapshot();
				return current.lines.some(line => /GET \/api\/items/.test(line.text)) ? current : null;
			},
			{what: 'bus lines', timeoutMs: 15_000},
		);
		expect(snapshot.lines.find(line => /GET \/api\/items/.test(line.text))!.source).toBe('out');
		expect(JSON.stringify(snapshot.statuses)).toMatch(/dev\/null|bus/i);
	} finally {
		await logs.close();
	}
});

it('ignores bus packets that do not look like PM2 log events', () => {
	expect(toChunk({process: {pm_id: 3}, data: 'x\n', at: 5}, 'out')).toEqual({pmId: 3, source: 'out', data: 'x\n', atMs: 5});
	expect(toChunk({process: {pm_id: '3'}, data: 'x'}, 'out')).toBeNull();
	expect(toChunk({data: 'x'}, 'err')).toBeNull();
	expect(toChunk('log', 'err')).toBeNull();
});

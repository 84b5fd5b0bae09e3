import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {ConnectionState} from '../../../source/model/types.js';
import {createActionsService, type ActionPlan, type ActionsDaemonClient, type InstanceCall} from '../../../source/services/actions.js';
import type {ActionLogEntry} from '../../../source/logs/actions-log.js';
import {makeProcess} from '../../helpers/process-fixture.js';

const home = '/home/app/.pm2';
const attached: ConnectionState = {kind: 'attached', home, daemonPid: 4242, sinceMs: 0};

type Call = {pmId: number; call: InstanceCall; timeoutMs: number};

function fakeClient(answer: (call: Call) => Promise<void> = async () => {}) {
	const calls: Call[] = [];
	const client: ActionsDaemonClient & {calls: Call[]; isAttached: boolean} = {
		calls,
		isAttached: true,
		callProcess(pmId, call, timeoutMs) {
			const entry = {pmId, call, timeoutMs};
			calls.push(entry);
			return answer(entry);
		},
	};
	return client;
}

function setUp(options: {readOnly?: boolean; answer?: (call: Call) => Promise<void>} = {}) {
	let connection: ConnectionState = attached;
	const client = fakeClient(options.answer);
	let acted = 0;
	const logged: ActionLogEntry[] = [];
	const service = createActionsService({
		client,
		home,
		readOnly: options.readOnly ?? false,
		connection: () => connection,
		onActed: () => acted++,
		log: {append: entry => logged.push(entry)},
	});
	return {
		service,
		client,
		logged,
		acted: () => acted,
		setConnection(next: ConnectionState) {
			connection = next;
		},
	};
}

function confirmed(plan: ActionPlan): Extract<ActionPlan, {kind: 'confirm'}> {
	if (plan.kind !== 'confirm') throw new Error(`refused: ${plan.message}`);
	return plan;
}

const api = [10, 0, 9, 8].map(pmId => makeProcess({pmId, name: 'api', execMode: 'cluster', instances: 4}));
const worker = makeProcess({pmId: 3, name: 'worker', outLogPath: '/logs/worker-out.log', errLogPath: '/dev/null'});
const apiApp = {scope: 'app', name: 'api', instances: api} as const;

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the actions service', () => {
	it('reloads an app: the question names every instance, and they are reloaded one by one in pm_id order', async () => {
		let release: (() => void) | null = null;
		const {service, client, acted} = setUp({answer: () => new Promise<void>(resolve => (release = resolve))});
		const plan = confirmed(service.plan({kind: 'reload'}, apiApp));
		expect(plan.message).toBe('Reload all 4 instances of "api" (ids 0, 8, 9, 10), one by one?');
		expect(plan.progressMessage).toBe('Reloading "api" (4 instances)…');
		expect(client.calls).toEqual([]);
		const result = plan.run();
		for (let step = 0; step < 4; step++) {
			await vi.advanceTimersByTimeAsync(0);
			// The next instance waits for the previous one: never two in flight.
			expect(client.calls).toHaveLength(step + 1);
			release!();
		}
		expect(await result).toEqual({ok: true, message: 'Reloaded "api" (4 instances).'});
		expect(client.calls.map(call => [call.pmId, call.call.kind, call.timeoutMs])).toEqual([
			[0, 'reload', 30_000],
			[8, 'reload', 30_000],
			[9, 'reload', 30_000],
			[10, 'reload', 30_000],
		]);
		expect(acted()).toBe(1);
	});

	it('acts on one instance only when asked, and says so', async () => {
		const {service, client} = setUp();
		const plan = confirmed(service.plan({kind: 'restart'}, {scope: 'instance', process: api[3]!}));
		expect(plan.message).toBe('Restart only instance id 8 of "api"?');
		expect(await plan.run()).toEqual({ok: true, message: 'Restarted "api" (id 8).'});
		expect(client.calls.map(call => call.pmId)).toEqual([8]);
	});

	it('records every action it sent, with its time, target and result; refusals send nothing and are not recorded', async () => {
		vi.setSystemTime(Date.UTC(2026, 0, 1, 3, 12));
		const {service, logged, setConnection} = setUp({answer: async call => (call.pmId === 3 ? Promise.reject(new Error('process busy')) : undefined)});
		await confirmed(service.plan({kind: 'restart'}, apiApp)).run();
		await confirmed(service.plan({kind: 'signal', signal: 'SIGUSR2'}, {scope: 'app', name: 'worker', instances: [worker]})).run();
		await confirmed(service.plan({kind: 'scale', instances: 2}, apiApp)).run();
		const flush = confirmed(service.plan({kind: 'flush'}, apiApp));
		setConnection({kind: 'not-answering', home, daemonPid: 4242, reason: 'silent', sinceMs: 0});
		expect((await flush.run()).ok).toBe(false);
		const readOnly = setUp({readOnly: true});
		expect(readOnly.service.plan({kind: 'restart'}, apiApp).kind).toBe('refused');
		expect(readOnly.logged).toEqual([]);
		expect(logged).toEqual([
			{atMs: Date.UTC(2026, 0, 1, 3, 12), action: 'restart', target: '"api" (4 instances)', ok: true, result: 'Restarted "api" (4 instances).'},
			{
				atMs: Date.UTC(2026, 0, 1, 3, 12),
				action: 'signal SIGUSR2',
				target: '"worker"',
				ok: false,
				result: 'Signal of "worker" failed: process busy',
			},
			{atMs: Date.UTC(2026, 0, 1, 3, 12), action: 'scale to 2', target: '"api" (4 instances)', ok: true, result: 'Scaled "api" to 2 instance(s).'},
		]);
	});

	it('names an app of one instance by its id', () => {
		const {service} = setUp();
		expect(confirmed(service.plan({kind: 'stop'}, {scope: 'app', name: 'worker', instances: [worker]})).message).toBe('Stop "worker" (id 3)?');
	});

	it('refuses read-only, while the daemon is not answering, or not attached, without sending anything', async () => {
		expect(setUp({readOnly: true}).service.plan({kind: 'restart'}, apiApp)).toEqual({
			kind: 'refused',
			message: 'Restart refused: pm2-doctor runs read-only (--read-only).',
		});
		const {service, client, setConnection} = setUp();
		setConnection({kind: 'not-answering', home, daemonPid: 4242, reason: 'silent', sinceMs: 0});
		expect(service.plan({kind: 'restart'}, apiApp)).toMatchObject({kind: 'refused', message: expect.stringContaining('is not answering')});
		setConnection({kind: 'unreachable', home, reason: 'ECONNREFUSED', sinceMs: 0, nextRetryAtMs: null});
		expect(service.plan({kind: 'delete'}, apiApp)).toMatchObject({kind: 'refused', message: expect.stringContaining('not attached')});
		expect(service.plan({kind: 'restart'}, null)).toEqual({kind: 'refused', message: 'Restart: no process selected.'});
		expect(client.calls).toEqual([]);
	});

	it('re-checks when confirmed: a daemon that went silent after the question gets nothing', async () => {
		const {service, client, setConnection} = setUp();
		const plan = confirmed(service.plan({kind: 'restart'}, apiApp));
		setConnection({kind: 'not-answering', home, daemonPid: 4242, reason: 'silent', sinceMs: 0});
		expect(await plan.run()).toMatchObject({ok: false, message: expect.stringContaining('is not answering')});
		expect(client.calls).toEqual([]);
	});

	it('gives up at the deadline when the daemon does not answer, and stops the rolling reload there', async () => {
		const {service, client} = setUp({answer: () => new Promise<void>(() => {})});
		const result = confirmed(service.plan({kind: 'reload'}, apiApp)).run();
		await vi.advanceTimersByTimeAsync(29_999);
		expect(client.calls).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(1);
		expect(await result).toEqual({ok: false, message: 'Reload of "api" (4 instances) failed (0 of 4 done): PM2 did not answer within 30 s'});
		expect(client.calls).toHaveLength(1);
	});

	it('reports the daemon error', async () => {
		const {service} = setUp({answer: async () => Promise.reject(new Error('Reload already in progress'))});
		expect(await confirmed(service.plan({kind: 'reload'}, {scope: 'instance', process: api[0]!})).run()).toEqual({
			ok: false,
			message: 'Reload of "api" (id 10) failed: Reload already in progress',
		});
	});

	it('scales up with copies of the first instance and down by deleting the newest ones, on app rows only', async () => {
		const {service, client} = setUp();
		const up = confirmed(service.plan({kind: 'scale', instances: 6}, apiApp));
		expect(up.message).toBe('Scale "api" from 4 to 6 instance(s)?');
		await up.run();
		expect(client.calls.map(call => [call.pmId, call.call.kind])).toEqual([
			[0, 'duplicate'],
			[0, 'duplicate'],
		]);
		client.calls.length = 0;
		await confirmed(service.plan({kind: 'scale', instances: 2}, apiApp)).run();
		expect(client.calls.map(call => [call.pmId, call.call.kind])).toEqual([
			[9, 'delete'],
			[10, 'delete'],
		]);
		expect(service.plan({kind: 'scale', instances: 2}, {scope: 'instance', process: api[0]!})).toMatchObject({kind: 'refused'});
		expect(service.plan({kind: 'scale', instances: 0}, apiApp)).toMatchObject({kind: 'refused'});
		expect(service.plan({kind: 'scale', instances: 4}, apiApp)).toMatchObject({kind: 'refused', message: 'Scale: "api" already runs 4 instance(s).'});
	});

	it('sends a signal; SIGKILL asks a second time; unknown signals are refused', async () => {
		const {service, client} = setUp();
		const usr2 = confirmed(service.plan({kind: 'signal', signal: 'SIGUSR2'}, {scope: 'app', name: 'worker', instances: [worker]}));
		expect(usr2.message).toBe('Send SIGUSR2 to "worker" (id 3)?');
		expect(usr2.secondMessage).toBeUndefined();
		await usr2.run();
		expect(client.calls[0]).toMatchObject({pmId: 3, call: {kind: 'signal', signal: 'SIGUSR2'}});
		const kill = confirmed(service.plan({kind: 'signal', signal: 'SIGKILL'}, apiApp));
		expect(kill.secondMessage).toMatch(/without any cleanup/);
		expect(service.plan({kind: 'signal', signal: 'SIGFOO'}, apiApp)).toMatchObject({kind: 'refused'});
	});

	it('flushes the log files an instance writes to (not /dev/null)', async () => {
		const {service, client} = setUp();
		const plan = confirmed(service.plan({kind: 'flush'}, {scope: 'app', name: 'worker', instances: [worker]}));
		expect(plan.message).toBe('Empty the log files of "worker" (id 3)?');
		await plan.run();
		expect(client.calls[0]!.call).toEqual({kind: 'flush', logPaths: ['/logs/worker-out.log']});
	});

	it('makes names from PM2 inert in its texts', () => {
		const {service} = setUp();
		const evil = makeProcess({pmId: 4, name: 'x\u001B]0;pwned\u0007'});
		const plan = confirmed(service.plan({kind: 'delete'}, {scope: 'app', name: evil.name, instances: [evil]}));
		expect(plan.message).not.toContain('\u001B');
		expect(plan.message).toMatch(/^Stop and delete from PM2 "x.*" \(id 4\)\?$/);
	});
});

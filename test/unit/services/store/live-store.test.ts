// The live store's timing rules with a scripted client and a fake clock: polls never overlap, a poll
// past its deadline marks the daemon "not answering" (stale data, actions refused) until it answers,
// failed polls back off, and a closed link is re-attached with growing delays and a full resync.
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {ProcessSnapshot} from '../../../../source/model/types.js';
import {createLiveStore} from '../../../../source/services/store/live-store.js';
import type {LiveStore} from '../../../../source/services/store/store-types.js';
import {connectionBanner} from '../../../../source/ui/connection-text.js';
import {makeProcess} from '../../../helpers/process-fixture.js';
import {createFakeDaemonClient, type FakeDaemonClient} from './fake-daemon-client.js';

const home = '/home/app/.pm2';
const app = (overrides: Partial<ProcessSnapshot> = {}) =>
	makeProcess({pmId: 0, name: 'api', outLogPath: null, errLogPath: null, combinedLogPath: null, ...overrides});

let client: FakeDaemonClient;
let store: LiveStore;

beforeEach(() => {
	vi.useFakeTimers({now: new Date('2026-01-01T00:00:00Z')});
	client = createFakeDaemonClient(home, [app()]);
	store = createLiveStore({home, client});
});

afterEach(async () => {
	await store.stop();
	vi.useRealTimers();
});

/** Lets the fake clock run, settling promises between timers. */
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);
const connection = () => store.getState().connection;

async function startAttached() {
	store.start();
	await advance(0);
	expect(connection().kind).toBe('attached');
	expect(store.getState().snapshot?.processes.map(p => p.name)).toEqual(['api']);
}

describe('polling', () => {
	it('polls once a second and never sends a poll while one is unanswered', async () => {
		await startAttached();
		expect(client.listCalls).toHaveLength(1);
		await advance(1000);
		expect(client.listCalls).toHaveLength(2);

		client.listMode = 'hang';
		await advance(1000);
		expect(client.listCalls).toHaveLength(3);
		await advance(20_000);
		expect(client.listCalls).toHaveLength(3);
		expect(client.maxListsInFlight).toBe(1);
	});

	it('gives the transport the give-up time as the call deadline', async () => {
		await startAttached();
		expect(client.listCalls[0]!.timeoutMs).toBe(30_000);
	});

	it('asked for a prompt poll (after an action), polls 300 ms later; while a poll is in flight, right after it instead of beside it', async () => {
		await startAttached();
		store.requestPoll();
		await advance(300);
		expect(client.listCalls).toHaveLength(2);

		client.listMode = 'hang';
		await advance(1000);
		expect(client.listCalls).toHaveLength(3);
		store.requestPoll();
		await advance(2000);
		expect(client.listCalls).toHaveLength(3); // no second poll beside the unanswered one
		client.answerPending();
		await advance(299);
		expect(client.listCalls).toHaveLength(3);
		await advance(1);
		expect(client.listCalls).toHaveLength(4);
		expect(client.maxListsInFlight).toBe(1);
	});

	it('backs off failed polls 2, 4, 8, 10 s while the daemon answers with errors, and returns to 1 s', async () => {
		await startAttached();
		client.listMode = 'fail';
		const sentAt: number[] = [];
		const startMs = Date.now();
		for (let elapsedMs = 0; elapsedMs < 36_000; elapsedMs += 100) {
			const before = client.listCalls.length;
			await advance(100);
			if (client.listCalls.length > before) sentAt.push(Date.now() - startMs);
		}
		expect(sentAt).toEqual([1000, 3000, 7000, 15_000, 25_000, 35_000]);
		// An error is an answer: the daemon is up, the data is only older.
		expect(connection().kind).toBe('attached');
		client.listMode = 'answer';
		await advance(10_000);
		expect(store.getState().pollIntervalMs).toBe(1000);
	});
});

describe('many processes', () => {
	const many = () => Array.from({length: 1000}, (_, pmId) => app({pmId, name: `worker-${pmId}`}));

	/** A store over 1,000 processes whose pm2.log lines the test writes. */
	async function startWithDaemonLog() {
		let writeDaemonLog: (text: string, backfill?: boolean) => void = () => {};
		await store.stop();
		client = createFakeDaemonClient(home, many());
		store = createLiveStore({
			home,
			client,
			followDaemonLog: (_home, onLines) => {
				writeDaemonLog = (text, backfill = false) => onLines([{receivedAtMs: Date.now(), text}], {backfill});
				return {close() {}};
			},
		});
		store.start();
		await advance(0);
		expect(store.getState().snapshot?.processes).toHaveLength(1000);
		return (text: string, backfill?: boolean) => writeDaemonLog(text, backfill);
	}

	it('polls a quiet 1,000-process daemon every 60 s, not every second', async () => {
		await startWithDaemonLog();
		expect(store.getState().pollIntervalMs).toBe(60_000);
		expect(store.getState().histories.get(999)!.capacity).toBe(360); // 1,000 share the history budget
		await advance(59_999);
		expect(client.listCalls).toHaveLength(1);
		await advance(1);
		expect(client.listCalls).toHaveLength(2);
	});

	it('polls within the prompt interval of a pm2.log event, and back to the quiet interval after', async () => {
		const writeDaemonLog = await startWithDaemonLog();
		await advance(5000);
		writeDaemonLog('2026-01-01T00:00:05: PM2 log: App [worker-7:7] exited with code [1] via signal [SIGINT]');
		await advance(0);
		expect(client.listCalls).toHaveLength(2); // the last poll ended more than 1 s ago: at once
		await advance(500);
		writeDaemonLog('2026-01-01T00:00:05: PM2 log: App [worker-7:7] starting in -fork mode-');
		await advance(499);
		expect(client.listCalls).toHaveLength(2); // not sooner than the prompt interval after the last poll
		await advance(1);
		expect(client.listCalls).toHaveLength(3);
		await advance(59_999);
		expect(client.listCalls).toHaveLength(3);
		await advance(1);
		expect(client.listCalls).toHaveLength(4);
	});

	it('takes the back-filled tail of pm2.log for history, not for an event', async () => {
		const writeDaemonLog = await startWithDaemonLog();
		await advance(5000);
		writeDaemonLog('2026-01-01T00:00:00: PM2 log: App [worker-7:7] online', true);
		await advance(30_000);
		expect(client.listCalls).toHaveLength(1);
	});

	it('follows an event seen while a poll is in flight with a prompt poll, never beside it', async () => {
		const writeDaemonLog = await startWithDaemonLog();
		client.listMode = 'hang';
		await advance(60_000);
		expect(client.listCalls).toHaveLength(2);
		writeDaemonLog('2026-01-01T00:00:40: PM2 log: App [worker-3:3] online');
		await advance(100);
		expect(client.listCalls).toHaveLength(2);
		client.listMode = 'answer';
		client.answerPending();
		await advance(999);
		expect(client.listCalls).toHaveLength(2);
		await advance(1);
		expect(client.listCalls).toHaveLength(3);
		expect(client.maxListsInFlight).toBe(1);
	});
});

describe('a daemon that stops answering (SIGSTOP) with its socket open', () => {
	it('is marked not answering once a poll passes its 5 s deadline: stale (the actions service refuses while it lasts)', async () => {
		await startAttached();
		const lastUpdateMs = store.getState().snapshot!.takenAtMs;
		client.listMode = 'hang';
		await advance(1000);
		const sentAtMs = Date.now();
		await advance(4999);
		expect(connection().kind).toBe('attached');
		await advance(1);
		expect(connection()).toMatchObject({kind: 'not-answering', daemonPid: 4242, sinceMs: sentAtMs});

		await advance(3000);
		const banner = connectionBanner(connection(), Date.now(), lastUpdateMs);
		expect(banner).toMatchObject({text: 'PM2 daemon (pid 4242) not answering for 8s', tone: 'error', stale: true});
		expect(banner.explanation).toContain('last update 9s ago');
	});

	it('recovers as soon as the daemon answers the waiting poll (SIGCONT), with fresh data', async () => {
		await startAttached();
		client.listMode = 'hang';
		await advance(1000 + 5000 + 7000);
		expect(connection().kind).toBe('not-answering');

		client.answerPending([app({restartCount: 3})]);
		await advance(0);
		expect(connection()).toMatchObject({kind: 'attached', daemonPid: 4242});
		expect(store.getState().snapshot).toMatchObject({takenAtMs: Date.now(), processes: [{restartCount: 3}]});
	});

	it('gives a poll up after 30 s and sends the next one with back-off, staying not answering', async () => {
		await startAttached();
		client.listMode = 'hang';
		await advance(1000);
		expect(client.listCalls).toHaveLength(2);
		await advance(30_000);
		expect(connection().kind).toBe('not-answering');
		await advance(1999);
		expect(client.listCalls).toHaveLength(2);
		await advance(1);
		expect(client.listCalls).toHaveLength(3);
		expect(connection().kind).toBe('not-answering');
		// The daemon wakes up: the newest request is answered, the given-up one never mattered.
		client.answerPending();
		await advance(0);
		expect(connection().kind).toBe('attached');
	});
});

describe('a daemon that dies', () => {
	it('is noticed at once, counts down from 1 s, backs off 1, 2, 4, 5 s, and resyncs when a daemon is back', async () => {
		await startAttached();
		client.probe = {kind: 'absent', home};
		client.closeLink('the daemon closed the connection', {rejectPending: true});
		const unreachable = connection();
		expect(unreachable).toMatchObject({kind: 'unreachable', reason: 'the daemon closed the connection', nextRetryAtMs: Date.now() + 1000});
		expect(connectionBanner(unreachable, Date.now(), store.getState().snapshot!.takenAtMs).text).toBe('PM2 daemon unreachable — retrying in 1s');

		const attemptsAt: number[] = [];
		const startMs = Date.now();
		for (let elapsedMs = 0; elapsedMs < 17_000; elapsedMs += 100) {
			const before = client.attachCalls;
			await advance(100);
			if (client.attachCalls > before) attemptsAt.push(Date.now() - startMs);
		}
		expect(attemptsAt).toEqual([1000, 3000, 7000, 12_000, 17_000]);
		expect(connection()).toMatchObject({kind: 'unreachable', sinceMs: startMs, nextRetryAtMs: Date.now() + 5000});

		client.probe = {kind: 'alive', home, daemonPid: 5151};
		client.processes = [app({pid: 777})];
		await advance(5000);
		expect(connection()).toMatchObject({kind: 'attached', daemonPid: 5151});
		expect(store.getState().snapshot!.processes[0]!.pid).toBe(777);
	});

	it('ignores the answer of a poll sent to the daemon that died, and its deadline', async () => {
		await startAttached();
		client.listMode = 'hang';
		await advance(1000);
		client.closeLink('the daemon closed the connection'); // the call stays unanswered
		await advance(1000);
		expect(connection().kind).toBe('attached'); // re-attached to the new daemon, which does not answer yet
		await advance(4000); // the old poll's deadline passes: it must not mark the new daemon
		expect(connection().kind).toBe('attached');
		client.answerPending([app({name: 'from-the-dead-daemon'})], {oldestOnly: true});
		await advance(0);
		expect(store.getState().snapshot!.processes[0]!.name).toBe('api');
		client.answerPending([app({name: 'fresh'})]);
		await advance(0);
		expect(store.getState().snapshot!.processes[0]!.name).toBe('fresh');
	});

	it('reports a permission problem instead of an outage', async () => {
		client.probe = {kind: 'permission-denied', home, socketPath: `${home}/rpc.sock`, detail: 'owned by root'};
		store.start();
		await advance(0);
		expect(connection()).toMatchObject({kind: 'permission-denied'});
	});
});

describe('stop', () => {
	it('sends nothing more and detaches', async () => {
		await startAttached();
		client.listMode = 'hang';
		await advance(1000);
		await store.stop();
		const calls = client.listCalls.length;
		await advance(60_000);
		expect(client.listCalls).toHaveLength(calls);
		expect(client.attachCalls).toBe(1);
		expect(client.isAttached).toBe(false);
		expect(connection().kind).toBe('attached'); // no deadline fired after stop
	});
});

// An in-memory LiveStore for UI tests: fixed snapshots that a test can swap, and recorded actions.
// PM2 itself is exercised by the store's integration tests; here the point is the UI's behaviour.
import {keepPoll} from '../../source/model/poll-window.js';
import {createRingBuffer} from '../../source/model/ring-buffer.js';
import type {ConnectionState, DaemonLogLine, MetricSample, ProcessSnapshot} from '../../source/model/types.js';
import type {ActionResult, LiveStore, ProcessAction, ReadonlyRing, StoreState} from '../../source/services/store/store-types.js';

export type FakeStore = LiveStore & {
	/** Replaces the process list (a new poll). */
	setProcesses(processes: ProcessSnapshot[]): void;
	setConnection(connection: ConnectionState): void;
	/** Actions received through runAction, in order. */
	readonly actions: Array<{action: ProcessAction; pmId: number}>;
	/** What runAction answers; defaults to ok. */
	actionResult: ActionResult;
	readonly listenerCount: number;
};

export function createFakeStore(processes: ProcessSnapshot[], options: {home?: string; readOnly?: boolean; connection?: ConnectionState} = {}): FakeStore {
	const home = options.home ?? '/home/app/.pm2';
	const listeners = new Set<() => void>();
	const histories = new Map<number, ReadonlyRing<MetricSample>>();
	const daemonLog = createRingBuffer<DaemonLogLine>(100);
	const snapshot = {takenAtMs: Date.now(), processes};
	let state: StoreState = {
		revision: 1,
		connection: options.connection ?? {kind: 'attached', home, daemonPid: 4242, sinceMs: Date.now()},
		snapshot,
		histories,
		polls: keepPoll([], snapshot),
		daemonLog,
		lastPollDurationMs: 3,
		pollIntervalMs: 1000,
	};
	const update = (patch: Partial<StoreState>) => {
		state = {...state, ...patch, revision: state.revision + 1};
		for (const listener of [...listeners]) listener();
	};
	const store: FakeStore = {
		home,
		readOnly: options.readOnly ?? false,
		actions: [],
		actionResult: {ok: true, message: 'done'},
		get listenerCount() {
			return listeners.size;
		},
		getState: () => state,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		start() {},
		async stop() {},
		async runAction(action, pmId) {
			store.actions.push({action, pmId});
			return store.actionResult;
		},
		setProcesses(next) {
			const snapshot = {takenAtMs: Date.now(), processes: next};
			update({snapshot, polls: keepPoll(state.polls, snapshot)});
		},
		setConnection(connection) {
			update({connection});
		},
	};
	return store;
}

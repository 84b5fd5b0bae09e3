// An in-memory LiveStore for UI tests: fixed snapshots that a test can swap, and recorded actions.
// PM2 itself is exercised by the store's integration tests; here the point is the UI's behaviour.
import {keepPoll} from '../../source/model/poll-window.js';
import {createRingBuffer} from '../../source/model/ring-buffer.js';
import type {ConnectionState, DaemonLogLine, MetricSample, ProcessSnapshot} from '../../source/model/types.js';
import type {ActionsDaemonClient, InstanceCall} from '../../source/services/actions.js';
import type {LiveStore, ReadonlyRing, StoreState} from '../../source/services/store/store-types.js';

export type FakeStore = LiveStore & {
	/** Replaces the process list (a new poll). */
	setProcesses(processes: ProcessSnapshot[]): void;
	setConnection(connection: ConnectionState): void;
	/** A daemon client for the UI's actions (pass it to the App as actionsClient): attached while the store is. */
	readonly actionsClient: ActionsDaemonClient;
	/** Calls received through actionsClient, in order. */
	readonly actions: Array<{action: InstanceCall['kind']; pmId: number}>;
	/** Set to make the next calls fail with this message. */
	actionError: string | null;
	/** Prompt polls asked for (after actions). */
	readonly pollRequests: number;
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
		actionError: null,
		pollRequests: 0,
		actionsClient: {
			get isAttached() {
				return state.connection.kind === 'attached';
			},
			async callProcess(pmId, call) {
				if (store.actionError) throw new Error(store.actionError);
				store.actions.push({action: call.kind, pmId});
			},
		},
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
		requestPoll() {
			(store as {pollRequests: number}).pollRequests++;
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

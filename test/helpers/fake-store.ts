// An in-memory LiveStore for UI tests: fixed snapshots that a test can swap, and recorded actions.
// PM2 itself is exercised by the store's integration tests; here the point is the UI's behaviour.
import {createRingBuffer} from '../../source/model/ring-buffer.js';
import type {ConnectionState, DaemonLogLine, MetricSample, ProcessSnapshot} from '../../source/model/types.js';
import type {ActionResult, LiveStore, ProcessAction, ReadonlyRing, StoreState} from '../../source/store/store-types.js';

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

/** Builds a process snapshot with plausible defaults; override what the test is about. */
export function makeProcess(overrides: Partial<ProcessSnapshot> & {pmId: number; name: string}): ProcessSnapshot {
	return {
		namespace: 'default',
		pid: 10_000 + overrides.pmId,
		status: 'online',
		execMode: 'fork',
		instances: 1,
		startedAtMs: Date.now() - 65_000,
		createdAtMs: Date.now() - 3_600_000,
		restartCount: 0,
		unstableRestartCount: 0,
		exitCode: null,
		cpuPercent: 1.5,
		rssBytes: 50 * 1024 * 1024,
		heapUsedBytes: 12 * 1024 * 1024,
		heapTotalBytes: 20 * 1024 * 1024,
		eventLoopP95Ms: 1.2,
		scriptPath: `/srv/apps/${overrides.name}.js`,
		cwd: '/srv/apps',
		interpreter: 'node',
		nodeArgs: [],
		args: [],
		nodeVersion: '20.20.2',
		autorestart: true,
		maxMemoryRestartBytes: null,
		minUptimeMs: 1000,
		maxRestarts: 16,
		killTimeoutMs: 1600,
		restartDelayMs: 0,
		expBackoffRestartDelayMs: null,
		listenTimeoutMs: null,
		waitReady: false,
		watch: false,
		ignoreWatch: [],
		cronRestart: null,
		outLogPath: `/root/.pm2/logs/${overrides.name}-out.log`,
		errLogPath: `/root/.pm2/logs/${overrides.name}-error.log`,
		combinedLogPath: null,
		mergeLogs: false,
		logDateFormat: null,
		env: {NODE_ENV: 'production'},
		launchPwd: '/srv/apps',
		fromConfigFile: false,
		username: 'app',
		version: '1.0.0',
		...overrides,
	};
}

export function createFakeStore(
	processes: ProcessSnapshot[],
	options: {home?: string; readOnly?: boolean; connection?: ConnectionState} = {},
): FakeStore {
	const home = options.home ?? '/home/app/.pm2';
	const listeners = new Set<() => void>();
	const histories = new Map<number, ReadonlyRing<MetricSample>>();
	const daemonLog = createRingBuffer<DaemonLogLine>(100);
	let state: StoreState = {
		revision: 1,
		connection: options.connection ?? {kind: 'attached', home, daemonPid: 4242, sinceMs: Date.now()},
		snapshot: {takenAtMs: Date.now(), processes},
		histories,
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
			update({snapshot: {takenAtMs: Date.now(), processes: next}});
		},
		setConnection(connection) {
			update({connection});
		},
	};
	return store;
}

// Heap-diff effects for tests: the snapshots and the wait are released by the test, and what was closed and
// removed is recorded (the service's state machine is real; only the inspector and the files are not).
import type {DevtoolsSession} from '../../source/inspector/devtools-session.js';
import type {HeapDiff} from '../../source/model/heap/heap-diff.js';
import type {HeapForensicsEffects, SnapshotFile} from '../../source/services/heap-forensics-effects.js';

export type Deferred<T> = {promise: Promise<T>; resolve(value: T): void; reject(error: Error): void};
export function deferred<T>(): Deferred<T> {
	let resolve!: (value: T) => void;
	let reject!: (error: Error) => void;
	const promise = new Promise<T>((yes, no) => ((resolve = yes), (reject = no)));
	return {promise, resolve, reject};
}

export const fakeDiff: HeapDiff = {
	intervalMs: 0,
	heapBeforeBytes: 0,
	heapAfterBytes: 0,
	growers: [{name: 'Widget', countDelta: 100, selfSizeDeltaBytes: 4000, countAfter: 200, selfSizeAfterBytes: 8000}],
	dominant: null,
	retainers: null,
};

/** Effects whose snapshots and wait are released by the test; records what was closed and removed. */
export function fakeHeapEffects(options: {diff?: HeapDiff} = {}) {
	const log: string[] = [];
	const snapshots: Array<Deferred<SnapshotFile>> = [];
	const waits: Array<{ms: number; done: Deferred<void>}> = [];
	let closed = 0;
	let abandoned = 0;
	const effects: HeapForensicsEffects = {
		freeBytes: async () => 10 * 1024 ** 3,
		openInspector: async () => ({
			session: {} as DevtoolsSession,
			close: async () => {
				// As the real one: after abandon the relay closes the inspector, close does nothing.
				if (abandoned > 0) return;
				closed++;
				log.push('close');
			},
			abandon: () => {
				abandoned++;
				log.push('abandon');
				// A pending snapshot call fails at once when the connection is handed to the relay.
				for (const pending of snapshots) pending.reject(new Error('the inspector relay ended'));
			},
		}),
		heapUsedBytes: async () => 1000,
		writeSnapshot: (_session, filePath) => {
			log.push(`snapshot ${filePath}`);
			const pending = deferred<SnapshotFile>();
			snapshots.push(pending);
			return pending.promise;
		},
		fileName: (target, atMs) => `${target.name}-${atMs}.heapsnapshot`,
		wait: (ms, signal) => {
			const done = deferred<void>();
			waits.push({ms, done});
			signal.addEventListener('abort', () => done.resolve());
			return done.promise;
		},
		diffSnapshots: async () => options.diff ?? fakeDiff,
		removeFile: async filePath => void log.push(`remove ${filePath}`),
		describeFailure: (_pid, error) => (error as Error).message,
	};
	return {effects, log, snapshots, waits, closed: () => closed, abandoned: () => abandoned};
}

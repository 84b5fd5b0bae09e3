// The heap diff the interactive UI takes of a running app (the `m` key, the memory-growth flow's fix): the same
// work as `pm2-doctor heap NAME --compare SECONDS`, as a state the UI follows. Created once at start-up; one diff
// at a time. Cancel stops at the next step boundary and closes the inspector through its one close path (a
// snapshot V8 has begun still runs to its end: the guard of open-inspector.ts closes the inspector after it);
// the files written so far are removed, as they hold the app's data and nobody asked for them any more.
import path from 'node:path';
import type {HeapDiff} from '../model/heap/heap-diff.js';
import {estimatePauseMs, estimateSnapshotBytes, snapshotNotice} from '../model/heap/heap-report.js';
import {inspectRefusal} from '../model/inspect-target.js';
import type {ProcessSnapshot} from '../model/types.js';
import {toSafeText} from '../logs/sanitize-line.js';
import {formatBytes} from '../model/format.js';
import type {HeapForensicsEffects, SnapshotFile} from './heap-forensics-effects.js';

export const defaultHeapDiffSeconds = 30;

export type HeapTarget = {name: string; pmId: number; pid: number};

export type HeapDiffPhase =
	{kind: 'opening'} | {kind: 'snapshot'; index: 1 | 2; estimatedPauseMs: number} | {kind: 'waiting'; untilMs: number} | {kind: 'reading'};

export type HeapDiffResult = {diff: HeapDiff; files: SnapshotFile[]; readMs: number};

export type HeapForensicsState =
	| {kind: 'idle'}
	/** Asked, not yet confirmed: `notice` says what will happen. */
	| {kind: 'proposed'; target: HeapTarget; compareSeconds: number; notice: string; heapUsedBytes: number}
	| {kind: 'running'; target: HeapTarget; compareSeconds: number; phase: HeapDiffPhase}
	| {kind: 'cancelling'; target: HeapTarget}
	| {kind: 'done'; target: HeapTarget; result: HeapDiffResult}
	| {kind: 'failed'; target: HeapTarget; message: string}
	| {kind: 'cancelled'; target: HeapTarget; message: string};

export type HeapDiffProposal = {kind: 'refused'; message: string} | {kind: 'confirm'; title: string; question: string; notice: string};

export type HeapForensics = {
	getState(): HeapForensicsState;
	subscribe(listener: () => void): () => void;
	/** Checks what can be checked at once and, unless refused, holds the diff as proposed until start() or dismiss(). */
	propose(process: ProcessSnapshot | null, compareSeconds?: number): HeapDiffProposal;
	/** Starts the proposed diff. */
	start(): void;
	/** Drops a proposal that was not confirmed. */
	dismiss(): void;
	/** Stops a running diff safely; a no-op otherwise. Resolves once the inspector is closed. */
	cancel(): Promise<void>;
	close(): Promise<void>;
};

export type HeapForensicsOptions = {effects: HeapForensicsEffects; readOnly: boolean; outDir: string; port: number; now?: () => number};

class Cancelled extends Error {}

export function createHeapForensics(options: HeapForensicsOptions): HeapForensics {
	const {effects} = options;
	const now = options.now ?? Date.now;
	const outDir = path.resolve(options.outDir);
	let state: HeapForensicsState = {kind: 'idle'};
	const listeners = new Set<() => void>();
	let abort: AbortController | null = null;
	let finished: Promise<void> = Promise.resolve();
	const set = (next: HeapForensicsState) => {
		state = next;
		for (const listener of listeners) listener();
	};
	const isBusy = () => state.kind === 'running' || state.kind === 'cancelling';

	async function run(target: HeapTarget, compareSeconds: number, heapUsedBytes: number, signal: AbortSignal): Promise<void> {
		const running = (phase: HeapDiffPhase) => {
			if (!signal.aborted) set({kind: 'running', target, compareSeconds, phase});
		};
		const check = () => {
			if (signal.aborted) throw new Cancelled();
		};
		const files: SnapshotFile[] = [];
		let written: string[] = [];
		const removeWritten = () => Promise.all(written.map(file => effects.removeFile(file))).then(() => (written = []));
		try {
			const free = await effects.freeBytes(outDir);
			if (free === null) throw new Error(`cannot write to ${outDir}`);
			const needed = estimateSnapshotBytes(heapUsedBytes) * 2;
			if (free < needed) throw new Error(`not enough free space in ${outDir}: the snapshots need about ${formatBytes(needed)}, ${formatBytes(free)} is free`);
			check();
			const opened = await effects.openInspector(target.pid, options.port);
			let closing: Promise<void> | null = null;
			const closeInspector = () => (closing ??= opened.close());
			// A cancel hands the inspector to the relay at once: the pending call fails here and its file is removed;
			// the relay lets a running snapshot end on its connection, then closes the inspector.
			signal.addEventListener('abort', () => opened.abandon(), {once: true});
			const inspector = {session: opened.session, close: closeInspector};
			const times = {firstAtMs: 0, secondAtMs: 0, heapBeforeBytes: 0, heapAfterBytes: 0};
			try {
				check();
				times.heapBeforeBytes = await effects.heapUsedBytes(inspector.session);
				const snapshot = async (index: 1 | 2) => {
					check();
					running({kind: 'snapshot', index, estimatedPauseMs: estimatePauseMs(heapUsedBytes)});
					const atMs = now();
					const file = path.join(outDir, effects.fileName(target, atMs));
					written.push(file);
					files.push(await effects.writeSnapshot(inspector.session, file));
					return atMs;
				};
				times.firstAtMs = await snapshot(1);
				check();
				running({kind: 'waiting', untilMs: now() + compareSeconds * 1000});
				await effects.wait(compareSeconds * 1000, signal);
				times.secondAtMs = await snapshot(2);
				times.heapAfterBytes = await effects.heapUsedBytes(inspector.session);
			} finally {
				// Closed before the reading: the inspector is open only while it is needed.
				await inspector.close();
			}
			check();
			running({kind: 'reading'});
			const readStartedMs = now();
			const diff = await effects.diffSnapshots(files[0]!.path, files[1]!.path, signal);
			check();
			set({
				kind: 'done',
				target,
				result: {
					diff: {...diff, intervalMs: times.secondAtMs - times.firstAtMs, heapBeforeBytes: times.heapBeforeBytes, heapAfterBytes: times.heapAfterBytes},
					files,
					readMs: now() - readStartedMs,
				},
			});
		} catch (error) {
			if (signal.aborted || error instanceof Cancelled) {
				await removeWritten().catch(() => {});
				set({
					kind: 'cancelled',
					target,
					message: 'Heap diff cancelled: the snapshot files written so far are removed; the inspector closes as soon as a running snapshot ends.',
				});
			} else set({kind: 'failed', target, message: effects.describeFailure(target.pid, error)});
		}
	}

	return {
		getState: () => state,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		propose(process, compareSeconds = defaultHeapDiffSeconds) {
			if (!process) return {kind: 'refused', message: 'Heap diff: no process selected.'};
			if (isBusy()) return {kind: 'refused', message: 'Heap diff: one is already running (Esc in the doctor cancels it).'};
			const refusal = inspectRefusal(process, options.readOnly);
			if (refusal !== null || process.pid === null) return {kind: 'refused', message: `Heap diff refused: ${toSafeText(refusal ?? 'not running')}`};
			const target = {name: process.name, pmId: process.pmId, pid: process.pid};
			const label = `${toSafeText(process.name)} (pm_id ${process.pmId}, pid ${process.pid})`;
			const heapUsedBytes = process.heapUsedBytes ?? process.rssBytes;
			const notice = `${snapshotNotice({label, heapUsedBytes, snapshots: 2, port: options.port, outDir: toSafeText(outDir)})}; ${compareSeconds} s apart.`;
			set({kind: 'proposed', target, compareSeconds, notice, heapUsedBytes});
			return {
				kind: 'confirm',
				title: 'Heap diff',
				question: `Take two heap snapshots of "${toSafeText(process.name)}" (id ${process.pmId}), ${compareSeconds} s apart?`,
				notice,
			};
		},
		start() {
			if (state.kind !== 'proposed') return;
			const {target, compareSeconds, heapUsedBytes} = state;
			abort = new AbortController();
			set({kind: 'running', target, compareSeconds, phase: {kind: 'opening'}});
			finished = run(target, compareSeconds, heapUsedBytes, abort.signal);
		},
		dismiss() {
			if (state.kind === 'proposed') set({kind: 'idle'});
		},
		async cancel() {
			if (state.kind === 'proposed') return set({kind: 'idle'});
			if (state.kind !== 'running') return finished;
			set({kind: 'cancelling', target: state.target});
			abort?.abort();
			await finished;
		},
		async close() {
			listeners.clear();
			abort?.abort();
			await finished;
		},
	};
}

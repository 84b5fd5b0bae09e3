// What the heap-diff service does to the world, behind one interface: the inspector (source/inspector/), the files
// and the clock. The product passes defaultHeapForensicsEffects; the service's unit tests pass fakes.
import fs from 'node:fs/promises';
import {readHeapUsage, writeHeapSnapshot, type SnapshotFile} from '../inspector/capture.js';
import type {DevtoolsSession} from '../inspector/devtools-session.js';
import {describeSessionFailure, outputFileName} from '../inspector/inspect-target.js';
import {InspectRefusal, isPortAnswering, openInspector, portTakenMessage} from '../inspector/open-inspector.js';
import {readHeapSnapshot} from '../inspector/read-snapshot.js';
import {diffGroups, dominantGrower, findRetainers, type HeapDiff} from '../model/heap/heap-diff.js';
import {withOptimizingCompiler} from '../runtime/optimizing-compiler.js';

export type {SnapshotFile} from '../inspector/capture.js';

/** The inspector session as the service sees it: opaque, handed back to the effects that use it. */
export type OpenedInspector = {session: DevtoolsSession; close(): Promise<void>; abandon(): void};

export type HeapForensicsEffects = {
	freeBytes(folder: string): Promise<number | null>;
	/** Rejects with the reason (port taken, process gone, no permission) when it cannot open. */
	openInspector(pid: number, port: number): Promise<OpenedInspector>;
	heapUsedBytes(session: DevtoolsSession): Promise<number>;
	writeSnapshot(session: DevtoolsSession, filePath: string): Promise<SnapshotFile>;
	fileName(target: {name: string; pmId: number}, atMs: number): string;
	/** Resolves after `ms`, or at once when `signal` aborts. */
	wait(ms: number, signal: AbortSignal): Promise<void>;
	/** The growers, the dominant one and its retainers (the interval and heap figures are the caller's). */
	diffSnapshots(beforePath: string, afterPath: string, signal: AbortSignal): Promise<HeapDiff>;
	removeFile(filePath: string): Promise<void>;
	describeFailure(pid: number, error: unknown): string;
};

export const defaultHeapForensicsEffects: HeapForensicsEffects = {
	async freeBytes(folder) {
		try {
			await fs.access(folder, fs.constants.W_OK);
			const stats = await fs.statfs(folder);
			return stats.bavail * stats.bsize;
		} catch {
			return null;
		}
	},
	async openInspector(pid, port) {
		if (await isPortAnswering(port)) throw new InspectRefusal(portTakenMessage(port));
		const opened = await openInspector(pid, {port});
		return {session: opened.session, close: opened.close, abandon: opened.abandon};
	},
	heapUsedBytes: async session => (await readHeapUsage(session)).heapUsedBytes,
	// Receiving, parsing and diffing snapshots is the UI's one hot loop: with TurboFan (source/runtime/optimizing-compiler.ts).
	writeSnapshot: async (session, filePath) => withOptimizingCompiler(async () => writeHeapSnapshot(session, filePath)),
	fileName: (target, atMs) => outputFileName(target, 'heapsnapshot', atMs),
	wait: (ms, signal) =>
		new Promise(resolve => {
			const timer = setTimeout(done, ms);
			function done() {
				clearTimeout(timer);
				signal.removeEventListener('abort', done);
				resolve();
			}
			signal.addEventListener('abort', done, {once: true});
		}),
	diffSnapshots: async (beforePath, afterPath, signal) =>
		withOptimizingCompiler(async () => {
			const before = await readHeapSnapshot(beforePath, {keepGraph: false, signal});
			const after = await readHeapSnapshot(afterPath, {keepGraph: true, signal});
			const growers = diffGroups(before, after);
			const dominant = dominantGrower(growers);
			const retainers = dominant && after.graph ? findRetainers(after.graph, dominant.name, before.maxNodeId) : null;
			return {intervalMs: 0, heapBeforeBytes: 0, heapAfterBytes: 0, growers, dominant, retainers};
		}),
	removeFile: filePath => fs.rm(filePath, {force: true}),
	describeFailure: (pid, error) => (error instanceof InspectRefusal ? error.message : describeSessionFailure(pid, error)),
};

// What pm2-doctor records through an open inspector session: heap snapshots streamed to a 0600 file (they
// hold every string of the app: tokens, passwords, user data) and CPU profiles.
import fs from 'node:fs';
import type {DevtoolsSession} from './devtools-session.js';

/** Long enough for a snapshot of a large heap on a slow disk; the target is paused for all of it. */
const snapshotTimeoutMs = 15 * 60 * 1000;

export type HeapUsage = {heapUsedBytes: number; heapTotalBytes: number};

export async function readHeapUsage(session: DevtoolsSession): Promise<HeapUsage> {
	const answer = await session.call<{result: {value?: {heapUsed?: number; heapTotal?: number}}}>('Runtime.evaluate', {
		expression: '(({heapUsed, heapTotal}) => ({heapUsed, heapTotal}))(process.memoryUsage())',
		returnByValue: true,
	});
	return {heapUsedBytes: answer.result.value?.heapUsed ?? 0, heapTotalBytes: answer.result.value?.heapTotal ?? 0};
}

export type SnapshotFile = {path: string; bytes: number; pauseMs: number};

/** Forces a full GC, then streams a snapshot into a new file (never overwrites one). */
export async function writeHeapSnapshot(session: DevtoolsSession, filePath: string): Promise<SnapshotFile> {
	await session.call('HeapProfiler.enable');
	await session.call('HeapProfiler.collectGarbage', {}, snapshotTimeoutMs);
	const fd = fs.openSync(filePath, 'wx', 0o600);
	const partial = session.trackPartialFile(filePath);
	let bytes = 0;
	let writeError: Error | null = null;
	// Written synchronously as each chunk arrives: the socket is not read meanwhile, so a slow disk slows the
	// stream instead of piling chunks up in memory.
	const stop = session.on('HeapProfiler.addHeapSnapshotChunk', ({chunk}: {chunk: string}) => {
		if (writeError) return;
		try {
			const buffer = Buffer.from(chunk, 'utf8');
			fs.writeSync(fd, buffer);
			bytes += buffer.length;
		} catch (error) {
			writeError = error as Error;
		}
	});
	const startedAt = performance.now();
	try {
		await session.call('HeapProfiler.takeHeapSnapshot', {reportProgress: false, captureNumericValue: false}, snapshotTimeoutMs);
		if (writeError) throw writeError;
		partial.complete();
		return {path: filePath, bytes, pauseMs: Math.round(performance.now() - startedAt)};
	} catch (error) {
		fs.rmSync(filePath, {force: true});
		throw error;
	} finally {
		stop();
		fs.closeSync(fd);
	}
}

export type CpuProfileNode = {
	id: number;
	callFrame: {functionName: string; url: string; lineNumber: number; columnNumber: number};
	hitCount?: number;
	children?: number[];
};
export type CpuProfile = {nodes: CpuProfileNode[]; startTime: number; endTime: number; samples?: number[]; timeDeltas?: number[]};

export async function recordCpuProfile(session: DevtoolsSession, durationMs: number, samplingIntervalUs = 1000): Promise<CpuProfile> {
	await session.call('Profiler.enable');
	await session.call('Profiler.setSamplingInterval', {interval: samplingIntervalUs});
	await session.call('Profiler.start');
	await new Promise(resolve => setTimeout(resolve, durationMs));
	const {profile} = await session.call<{profile: CpuProfile}>('Profiler.stop', {}, 60_000);
	await session.call('Profiler.disable').catch(() => {});
	return profile;
}

export function writePrivateFile(filePath: string, text: string): void {
	fs.writeFileSync(filePath, text, {mode: 0o600, flag: 'wx'});
}

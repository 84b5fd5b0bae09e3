// Bounded reads of error logs for the restart timeline:
//  - on attach, the tail of every process's error log, so exits that happened before pm2-doctor
//    started get their stderr and exception (model/timeline-stderr.ts backfillErrorLog);
//  - after each new exit, the tail of that process's error log (observeErrorLogTail), instead of
//    following every error log all the time.
// pm2.log itself is back-filled and followed by the store's daemon-log follower; its lines go to
// observeDaemonLogLines. Reading uses readFileTail (bounded: lines × maxLineBytes).
import {readFileTail} from '../../logs/read-file-tail.js';
import type {TimelineState} from '../../model/restart-timeline.js';
import {backfillErrorLog, observeErrorLogTail} from '../../model/timeline-stderr.js';
import type {ProcessSnapshot} from '../../model/types.js';

export type ErrorTailOptions = {
	/** Lines read per error log. */
	lines?: number;
	/** Longer lines are cut (stack traces and messages fit well within it). */
	maxLineBytes?: number;
};

/** The last lines of a log file as text; [] when it is missing or unreadable (never throws). */
export async function readLogTailLines(path: string, {lines = 200, maxLineBytes = 2048}: ErrorTailOptions = {}): Promise<{lines: string[]; bytesRead: number}> {
	try {
		const tail = await readFileTail(path, {lines, maxLineBytes});
		if (tail.kind !== 'ok') return {lines: [], bytesRead: 0};
		return {lines: tail.lines.map(line => line.text), bytesRead: tail.bytesRead};
	} catch {
		return {lines: [], bytesRead: 0};
	}
}

function errorLogPathOf(process: ProcessSnapshot): string | null {
	const path = process.errLogPath ?? process.combinedLogPath;
	if (!path || path === '/dev/null' || path === 'NULL') return null;
	return path;
}

/**
 * Reads the tail of each process's error log once and feeds it to the timeline as history. Call it
 * after the pm2.log back-fill has been observed (the exits it matches by order come from there).
 * Files are read one after the other, so at most one file's budget is in memory at a time.
 */
export async function backfillErrorLogs(
	timeline: TimelineState,
	processes: readonly ProcessSnapshot[],
	options: ErrorTailOptions = {},
): Promise<{filesRead: number; bytesRead: number}> {
	let filesRead = 0;
	let bytesRead = 0;
	const seen = new Set<string>();
	for (const process of processes) {
		const path = errorLogPathOf(process);
		if (!path || seen.has(path)) continue; // merged cluster logs: one file for several pm_ids
		seen.add(path);
		const tail = await readLogTailLines(path, options);
		if (tail.lines.length === 0) continue;
		filesRead++;
		bytesRead += tail.bytesRead;
		backfillErrorLog(timeline, process.pmId, tail.lines);
	}
	return {filesRead, bytesRead};
}

/** Reads the error-log tail of one process after an exit and feeds it to the timeline. */
export async function readStderrForExit(timeline: TimelineState, process: ProcessSnapshot, nowMs: () => number, options: ErrorTailOptions = {}): Promise<void> {
	const path = errorLogPathOf(process);
	if (!path) return;
	const tail = await readLogTailLines(path, {lines: options.lines ?? 60, maxLineBytes: options.maxLineBytes ?? 2048});
	if (tail.lines.length > 0) observeErrorLogTail(timeline, process.pmId, tail.lines, nowMs());
}

// The doctor's sampling window: past polls, one every few seconds, kept compact.
//
// Why compact: a full ProcessSnapshot carries a few dozen fields of configuration (paths, arguments,
// restart settings, the env) that a fresh poll decodes again as new strings every time, so a window
// of full polls held ~1 KB per process per poll (3 MB for 50 processes over 5 minutes), all of it a
// copy of the latest poll's. The checks read only the fields below from past polls; everything
// else they read from the latest poll, which is kept whole.
import type {DaemonSnapshot, ProcessSnapshot} from './types.js';

/** What a past poll keeps of a process: the fields that change between polls. */
export type PolledProcess = Pick<
	ProcessSnapshot,
	'pmId' | 'pid' | 'status' | 'restartCount' | 'startedAtMs' | 'cpuPercent' | 'rssBytes' | 'heapUsedBytes' | 'heapTotalBytes' | 'eventLoopP95Ms'
>;

/** One past poll, compact. A full DaemonSnapshot is one too. */
export type PolledSnapshot = {takenAtMs: number; processes: readonly PolledProcess[]};

/** 5 minutes of polls, one every 5 s: the restart-rate and waiting-restart checks' window. */
export const pollWindowLimits = {spacingMs: 5000, maxPolls: 60};

/** The fields of `process` a past poll keeps, as a new small object (so the poll's strings can be collected). */
export function polledProcessOf(process: PolledProcess): PolledProcess {
	return {
		pmId: process.pmId,
		pid: process.pid,
		status: process.status,
		restartCount: process.restartCount,
		startedAtMs: process.startedAtMs,
		cpuPercent: process.cpuPercent,
		rssBytes: process.rssBytes,
		heapUsedBytes: process.heapUsedBytes,
		heapTotalBytes: process.heapTotalBytes,
		eventLoopP95Ms: process.eventLoopP95Ms,
	};
}

export function compactPoll(snapshot: DaemonSnapshot): PolledSnapshot {
	return {takenAtMs: snapshot.takenAtMs, processes: snapshot.processes.map(polledProcessOf)};
}

/**
 * The window after `snapshot` arrived: the same array when the poll comes less than `spacingMs` after the
 * last kept one, otherwise a new array with the compacted poll appended and the oldest dropped past `maxPolls`.
 */
export function keepPoll(window: readonly PolledSnapshot[], snapshot: DaemonSnapshot, limits = pollWindowLimits): readonly PolledSnapshot[] {
	const lastKeptAtMs = window.at(-1)?.takenAtMs;
	if (lastKeptAtMs !== undefined && snapshot.takenAtMs - lastKeptAtMs < limits.spacingMs) return window;
	return [...window, compactPoll(snapshot)].slice(-limits.maxPolls);
}

/** The window as the checks see it: ending with `latest` (whole) when it is newer than the last kept poll. */
export function windowEndingWith(window: readonly PolledSnapshot[], latest: DaemonSnapshot | null): PolledSnapshot[] {
	const lastKeptAtMs = window.at(-1)?.takenAtMs;
	if (!latest || (lastKeptAtMs !== undefined && latest.takenAtMs <= lastKeptAtMs)) return [...window];
	return [...window, latest];
}

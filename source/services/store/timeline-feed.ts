// Feeds the restart timeline (model/restart-timeline.ts and its input modules) from what the live store already has — its
// polls and the pm2.log lines it follows — plus bounded, on-demand reads of error logs (backfill.ts).
// Kept apart from live-store.ts so the store only calls four methods.
import {advanceTimeline, createTimelineState, type TimelineState} from '../../model/restart-timeline.js';
import {observeDaemonLogLines} from '../../model/timeline-daemon-log.js';
import {observeSnapshot} from '../../model/timeline-polls.js';
import {takeExitsAwaitingStderr} from '../../model/timeline-stderr.js';
import type {DaemonLogLine, DaemonSnapshot} from '../../model/types.js';
import {backfillErrorLogs, readStderrForExit} from './backfill.js';

export type TimelineFeedOptions = {
	now?: () => number;
	/** Called when the timeline changed outside a poll or log batch (after an error-log read). */
	onChange(): void;
	/** Wait after an exit before reading the error log, so the crash's last lines are on disk. */
	stderrDelayMs?: number;
	/** Give the pm2.log back-fill this long to arrive before back-filling error logs without it. */
	daemonLogWaitMs?: number;
	/** Skip error-log reads (tests of the poll/log logic alone). */
	readErrorLogs?: boolean;
};

export type TimelineFeed = {
	readonly state: TimelineState;
	onDaemonLogLines(lines: readonly DaemonLogLine[]): void;
	onSnapshot(previous: DaemonSnapshot | null, next: DaemonSnapshot): void;
	close(): void;
};

/** Creates the feed; call onSnapshot for every poll and onDaemonLogLines for every pm2.log batch. */
export function createTimelineFeed(options: TimelineFeedOptions): TimelineFeed {
	const now = options.now ?? Date.now;
	const state = createTimelineState();
	const stderrDelayMs = options.stderrDelayMs ?? 1000;
	const daemonLogWaitMs = options.daemonLogWaitMs ?? 3000;
	const readErrorLogs = options.readErrorLogs ?? true;
	const timers = new Set<NodeJS.Timeout>();
	let latest: DaemonSnapshot | null = null;
	let firstSnapshotAtMs: number | null = null;
	let daemonLogSeen = false;
	let backfillStarted = false;
	let closed = false;

	function later(delayMs: number, run: () => Promise<void>) {
		const timer = setTimeout(() => {
			timers.delete(timer);
			if (closed) return;
			void run().then(
				() => !closed && options.onChange(),
				() => {},
			);
		}, delayMs);
		timer.unref?.();
		timers.add(timer);
	}

	function maybeBackfill() {
		if (!readErrorLogs || backfillStarted || !latest || firstSnapshotAtMs === null) return;
		if (!daemonLogSeen && now() - firstSnapshotAtMs < daemonLogWaitMs) return;
		backfillStarted = true;
		const processes = latest.processes;
		later(0, async () => {
			await backfillErrorLogs(state, processes);
		});
	}

	function readStderrOfNewExits() {
		if (!readErrorLogs || !latest) return;
		for (const pmId of takeExitsAwaitingStderr(state)) {
			const process = latest.processes.find(p => p.pmId === pmId);
			if (!process) continue;
			later(stderrDelayMs, () => readStderrForExit(state, process, now));
		}
	}

	return {
		state,
		onDaemonLogLines(lines) {
			if (closed) return;
			observeDaemonLogLines(state, lines);
			daemonLogSeen = true;
			maybeBackfill();
			readStderrOfNewExits();
		},
		onSnapshot(previous, next) {
			if (closed) return;
			observeSnapshot(state, previous, next);
			latest = next;
			firstSnapshotAtMs ??= now();
			advanceTimeline(state, next.takenAtMs);
			maybeBackfill();
			readStderrOfNewExits();
		},
		close() {
			closed = true;
			for (const timer of timers) clearTimeout(timer);
			timers.clear();
		},
	};
}

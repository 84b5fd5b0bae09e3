// The log-session registry: one open LogsHandle per source key, shared by every view that shows it (the
// main-screen panel and the full-screen view), reference-counted and closed shortly after the last view lets
// go, so switching views does not re-read the files. Created once at start-up; the UI only acquires and
// releases through it.
import {
	floodLinesPerUpdate,
	openAllProcessesLogs,
	openDaemonLog,
	openProcessLogs,
	type LogsHandle,
	type LogsSnapshot,
	type OpenLogsOptions,
} from '../logs/process-log-sources.js';
import type {ProcessSnapshot} from '../model/types.js';

/** How log sources are opened; the default reads the real files, tests inject in-memory sources. */
export type LogsOpener = {
	process(snapshot: ProcessSnapshot, options: OpenLogsOptions): LogsHandle;
	all(snapshots: readonly ProcessSnapshot[], options: OpenLogsOptions): LogsHandle;
	daemon(pm2Home: string, options: OpenLogsOptions): LogsHandle;
	options: OpenLogsOptions;
	/** The live store's tick (its subscribe): a log flood is redrawn on it, see alignFloodsWithTick. */
	frameClock?: (listener: () => void) => () => void;
};

export const defaultLogsOpener: LogsOpener = {
	process: openProcessLogs,
	all: openAllProcessesLogs,
	daemon: openDaemonLog,
	// fs.watch wakes a follower as soon as a file changes; the poll is only the safety net for what it misses
	// (a file replaced by a rename, which the watch on the old inode does not see), so every 5 s, as for pm2.log.
	// Every update is a whole frame of the screen. A line after a quiet spell is shown at once; a steady stream
	// is drawn once a second, every line in order: nobody reads a 100 lines/s log as it scrolls, they pause it.
	// Measured beside `pm2 monit` following a 100 lines/s logger (90 s after the first minute): 4 updates a
	// second cost 2.60 % of a core (0.42x monit), 2 cost 1.65-1.70 %, 1 costs 1.31 % (0.21x).
	options: {backfillLines: 200, pollIntervalMs: 5000, maxUpdatesPerSecond: 1},
};

/** One shared, open source; `subscribe` is the handle's, aligned with the store's tick when there is one. */
export type LogSession = {readonly handle: LogsHandle; readonly subscribe: LogsHandle['subscribe']};

export type LogSessions = {
	readonly opener: LogsOpener;
	/** The session for `key`, opened with `open` on first use; every acquire needs one release. */
	acquire(key: string, open: (opener: LogsOpener) => LogsHandle): LogSession;
	release(key: string, session: LogSession): void;
	/** Closes every open source now (shutdown, tests). */
	closeAll(): Promise<void>;
	/** How many sources are open (tests, diagnostics). */
	openCount(): number;
};

/** A view switch unmounts one view and mounts the other: keep the files open across it. */
const defaultCloseDelayMs = 2000;

/** A flood's update waits at most this long for the tick (the store stalls while the daemon is away). */
const floodHoldMaxMs = 1500;

const lastSeqOf = (snapshot: LogsSnapshot) => snapshot.lines.at(-1)?.seq ?? -1;

/**
 * During a flood the log handle notifies about once a second, and so does the live store: two unaligned
 * 1 Hz sources drew ~1.6 frames a second (bench, 5,000 lines/s). A flood's notification is held until the
 * store's next tick, which redraws the screen anyway, so both land in one frame. A trickle of lines is
 * passed on at once.
 */
export function alignFloodsWithTick(handle: LogsHandle, tick: (listener: () => void) => () => void): LogsHandle['subscribe'] {
	return listener => {
		let seenSeq = lastSeqOf(handle.getSnapshot());
		let holdTimer: NodeJS.Timeout | null = null;
		const pass = () => {
			if (holdTimer) clearTimeout(holdTimer);
			holdTimer = null;
			seenSeq = lastSeqOf(handle.getSnapshot());
			listener();
		};
		const stopTick = tick(() => {
			if (holdTimer) pass();
		});
		const stopLogs = handle.subscribe(() => {
			if (holdTimer) return;
			if (lastSeqOf(handle.getSnapshot()) - seenSeq <= floodLinesPerUpdate) pass();
			else holdTimer = setTimeout(pass, floodHoldMaxMs);
		});
		return () => {
			stopTick();
			stopLogs();
			if (holdTimer) clearTimeout(holdTimer);
		};
	};
}

type Entry = LogSession & {users: number; closeTimer: NodeJS.Timeout | null};

export function createLogSessions(opener: LogsOpener = defaultLogsOpener, {closeDelayMs = defaultCloseDelayMs} = {}): LogSessions {
	const entries = new Map<string, Entry>();
	return {
		opener,
		acquire(key, open) {
			let entry = entries.get(key);
			if (!entry) {
				const handle = open(opener);
				entry = {handle, subscribe: opener.frameClock ? alignFloodsWithTick(handle, opener.frameClock) : handle.subscribe, users: 0, closeTimer: null};
				entries.set(key, entry);
			}
			if (entry.closeTimer) clearTimeout(entry.closeTimer);
			entry.closeTimer = null;
			entry.users++;
			return entry;
		},
		release(key, session) {
			const entry = entries.get(key);
			if (entry !== session || !entry) return;
			entry.users--;
			if (entry.users > 0) return;
			entry.closeTimer = setTimeout(() => {
				if (entries.get(key) === entry) entries.delete(key);
				void entry.handle.close();
			}, closeDelayMs);
			entry.closeTimer.unref?.();
		},
		async closeAll() {
			const all = [...entries.values()];
			entries.clear();
			for (const entry of all) if (entry.closeTimer) clearTimeout(entry.closeTimer);
			await Promise.all(all.map(entry => entry.handle.close()));
		},
		openCount: () => entries.size,
	};
}

// Log sources for the UI: the selected process's out/err files, the daemon's pm2.log, or every process
// merged. Each open source back-fills its last lines, then follows the files; lines are sanitized once here,
// kept in one bounded LineBuffer, and listeners are told about new lines at most `maxUpdatesPerSecond` times
// a second, so memory and render work stay flat however fast apps log.
//
// Files, not PM2's bus, by default: the bus sends every app's chunks to every subscriber (~6 % of a core at
// ~770 chunks/s measured), is not line-aligned, and loses bytes of characters split across pipe reads.
// The bus is used only for a process whose files are /dev/null or unreadable, and only if the caller passes
// `subscribeBusLogs` (implemented in source/pm2/, the only place that imports pm2). See docs/logs.md.
import type {ProcessSnapshot} from '../model/types.js';
import {BusChunkFramer, type BusChunk} from './bus-chunk-framer.js';
import {followFile, type FileFollower, type FollowNotice, type FollowStatus} from './follow-file.js';
import {LineBuffer, type LineBufferLimits, type LogLine} from './line-buffer.js';
import {
	daemonLogTarget,
	describeTarget,
	isDisabledLogPath,
	mergeHistory,
	processLogTargets,
	type LogTarget,
	type LogTargetState,
	type LogTargetStatus,
} from './log-targets.js';
import type {RawLine} from './line-framer.js';
import {readFileTail, defaultBackfillLines} from './read-file-tail.js';
import {sanitizeLine, toSafeText, type SgrPolicy} from './sanitize-line.js';
import {defaultMinReadGapMs} from './wake-pacer.js';

/**
 * Subscribes to PM2 bus log chunks for one pm_id (log:out / log:err). Returns an unsubscribe function.
 * Implemented in source/pm2/bus-logs.ts, the only place that imports pm2 (docs/logs.md).
 */
export type SubscribeBusLogs = (pmId: number, onChunk: (chunk: BusChunk) => void) => () => void;

export type LogsSnapshot = {
	/** Increments whenever lines or statuses change. */
	revision: number;
	/** Oldest first; bounded by the buffer limits. */
	lines: readonly LogLine[];
	statuses: readonly LogTargetStatus[];
	/** Lines dropped from the front of the buffer so far. */
	evictedCount: number;
	/** True once every target's back-fill has been read. */
	backfillDone: boolean;
};

export type LogsHandle = {
	/** Called at most maxUpdatesPerSecond times a second after changes. Returns an unsubscribe function. */
	subscribe(listener: () => void): () => void;
	/** Stable object per revision (fit for useSyncExternalStore). */
	getSnapshot(): LogsSnapshot;
	/** Stops following and closes every descriptor; idempotent. */
	close(): Promise<void>;
};

export type OpenLogsOptions = {
	/** Lines back-filled per file. Default 200. */
	backfillLines?: number;
	limits?: LineBufferLimits;
	maxUpdatesPerSecond?: number;
	pollIntervalMs?: number;
	sgr?: SgrPolicy;
	maxLineBytes?: number;
	subscribeBusLogs?: SubscribeBusLogs;
	/** For tests. */
	now?: () => number;
};

/** Opens the selected process's logs (cluster instances have their own `-N` files and their own snapshot). */
export function openProcessLogs(snapshot: ProcessSnapshot, options: OpenLogsOptions = {}): LogsHandle {
	return openLogTargets(processLogTargets(snapshot), options);
}

/** Opens $PM2_HOME/pm2.log. */
export function openDaemonLog(pm2Home: string, options: OpenLogsOptions = {}): LogsHandle {
	return openLogTargets([daemonLogTarget(pm2Home)], options);
}

/** Opens every process's logs merged into one view (each line carries its process name). */
export function openAllProcessesLogs(snapshots: readonly ProcessSnapshot[], options: OpenLogsOptions = {}): LogsHandle {
	// Many files: back-fill fewer lines each and poll less often; fs.watch still gives low latency.
	const perFile = Math.max(10, Math.floor((options.backfillLines ?? defaultBackfillLines) / Math.max(1, snapshots.length)));
	return openLogTargets(
		snapshots.flatMap(snapshot => processLogTargets(snapshot)),
		{...options, pollIntervalMs: options.pollIntervalMs ?? 1000, backfillLines: perFile},
	);
}

/** More new lines than this in one update (≈ 500 lines/s at 10 updates/s) counts as a flood. */
export const floodLinesPerUpdate = 50;
/**
 * The flood test as a rate: counted per update, the slower flood updates (1 s) held 100 lines of a 100 lines/s
 * log, so once a burst had started a flood, a steady log that is no flood stayed at one update a second.
 */
const floodLinesPerSecond = floodLinesPerUpdate * 10;
/** Update gap during a flood: one update per second, in step with the poll. */
const floodUpdateGapMs = 1000;

/** Opens any set of log targets into one bounded, batched view. */
export function openLogTargets(targets: readonly LogTarget[], options: OpenLogsOptions = {}): LogsHandle {
	const now = options.now ?? Date.now;
	const buffer = new LineBuffer(options.limits);
	const minUpdateGapMs = 1000 / (options.maxUpdatesPerSecond ?? 10);
	const listeners = new Set<() => void>();
	const statuses: LogTargetStatus[] = targets.map(target => ({target, state: 'starting', message: `${describeTarget(target)} (opening)`}));
	const followers: FileFollower[] = [];
	const unsubscribers: Array<() => void> = [];
	const busStarted = new Set<number>();
	const fileDelivered = new Set<number>();
	let seq = 0;
	let revision = 0;
	let closed = false;
	let backfillDone = false;
	let snapshot: LogsSnapshot | null = null;
	let notifyTimer: NodeJS.Timeout | null = null;
	let lastNotifyAtMs = 0;

	const toLogLine = (target: LogTarget, raw: RawLine, receivedAtMs: number, backfill: boolean): LogLine => {
		const safe = sanitizeLine(raw.text, {sgr: options.sgr ?? 'spans', alreadyTruncatedBytes: raw.truncatedBytes, maxBytes: options.maxLineBytes});
		// A line flushed without its newline (rotation, truncation): say so rather than pass it off as whole.
		if (raw.incomplete) safe.text += ' …[no newline: cut by rotation or truncation]';
		return {
			seq: seq++,
			source: target.source,
			pmId: target.pmId,
			processName: target.processName,
			receivedAtMs,
			text: safe.text,
			spans: safe.spans.length > 0 ? safe.spans : undefined,
			backfill: backfill || undefined,
		};
	};

	let linesSinceNotify = 0;
	let updateGapMs = minUpdateGapMs;
	/** `atOnce`: the back-fill, which a view opened a moment ago waits for (its "opening" state), skips the throttle. */
	const changed = (addedLines = 0, {atOnce = false} = {}) => {
		revision++;
		snapshot = null;
		linesSinceNotify += addedLines;
		if (closed || (notifyTimer && !atOnce)) return;
		if (notifyTimer) clearTimeout(notifyTimer);
		// Throttle: at most one notification per updateGapMs, the first one as soon as allowed.
		const waitMs = atOnce ? 0 : Math.max(0, lastNotifyAtMs + updateGapMs - now());
		notifyTimer = setTimeout(() => {
			notifyTimer = null;
			const sinceLastMs = Math.max(minUpdateGapMs, now() - lastNotifyAtMs);
			lastNotifyAtMs = now();
			// A flood nobody can read line by line (hundreds of lines a second) is redrawn less often:
			// each frame costs the same whatever scrolled past, so this is where a busy logger's cost goes.
			updateGapMs = (linesSinceNotify * 1000) / sinceLastMs > floodLinesPerSecond ? floodUpdateGapMs : minUpdateGapMs;
			linesSinceNotify = 0;
			for (const listener of [...listeners]) listener();
		}, waitMs);
	};

	const setStatus = (index: number, state: LogTargetState, message: string) => {
		statuses[index] = {target: targets[index]!, state, message};
		changed();
	};

	const statusFromFollow = (index: number, follow: FollowStatus) => {
		const target = targets[index]!;
		const where = describeTarget(target);
		if (busStarted.has(index)) return; // the bus feeds this target; its file state no longer matters
		if (follow.kind === 'following') setStatus(index, 'following', `${where}`);
		else if (follow.kind === 'following-deleted') setStatus(index, 'following-deleted', `${where} (deleted: reading the open file until it is recreated)`);
		else if (follow.kind === 'waiting')
			setStatus(index, 'waiting', `${where} (${follow.reason === 'missing' ? 'waiting for the file to appear' : 'not a regular file'})`);
		else if (follow.kind === 'unreadable') {
			setStatus(index, 'unreadable', `${where} (unreadable: ${toSafeText(follow.error)})`);
			// Only a file we could never read falls back to the bus: a file that has delivered lines may recover,
			// and both feeding the view would duplicate lines.
			if (!fileDelivered.has(index)) startBus(index, 'the file is unreadable');
		}
	};

	const startBus = (index: number, why: string) => {
		const target = targets[index]!;
		if (!options.subscribeBusLogs || target.pmId === null || target.source === 'pm2' || closed) return false;
		if (busStarted.has(index)) return true;
		busStarted.add(index);
		const framer = new BusChunkFramer(options.maxLineBytes ?? 16 * 1024);
		const addBusLines = (lines: ReturnType<BusChunkFramer['push']>) => {
			const own = lines.filter(line => line.source === target.source);
			if (own.length === 0) return;
			buffer.push(own.map(line => toLogLine(target, {text: line.text, truncatedBytes: line.truncatedChars}, line.atMs, false)));
			changed(own.length);
		};
		const unsubscribe = options.subscribeBusLogs(target.pmId, chunk => {
			if (chunk.source === target.source) addBusLines(framer.push(chunk));
		});
		const idleTimer = setInterval(() => addBusLines(framer.flushIdle(now())), 250);
		unsubscribers.push(() => {
			clearInterval(idleTimer);
			unsubscribe();
		});
		setStatus(index, 'bus', `${target.source}: live from the PM2 bus (${why}; no history)`);
		return true;
	};

	const onNotice = (index: number, notice: FollowNotice) => {
		const target = targets[index]!;
		const text: Record<FollowNotice, string> = {
			truncated: 'file truncated (rotation or pm2 flush): reading from its start',
			replaced: 'file replaced (rotation): following the new file',
			deleted: 'file deleted: reading the open file until it is recreated',
			appeared: 'file appeared: following it',
		};
		// A marker line in the stream, so the operator sees where a rotation happened.
		buffer.push([
			{
				seq: seq++,
				source: 'pm2',
				pmId: target.pmId,
				processName: target.processName,
				receivedAtMs: now(),
				text: `── ${target.source} ${text[notice]} ──`,
			},
		]);
		changed();
	};

	const start = async () => {
		const backfills = await Promise.all(
			targets.map(async (target, index) => {
				if (isDisabledLogPath(target.path)) {
					if (!startBus(index, `logs go to ${target.path ?? 'nowhere'}`))
						setStatus(index, 'disabled', `${target.source}: PM2 writes no file (${toSafeText(target.path ?? 'no path')}): nothing to show`);
					return null;
				}
				const tail = await readFileTail(target.path!, {lines: options.backfillLines ?? defaultBackfillLines, maxLineBytes: options.maxLineBytes});
				return {index, tail};
			}),
		);
		if (closed) return;
		const receivedAtMs = now();
		const history: LogLine[] = [];
		for (const entry of backfills) {
			if (!entry) continue;
			const target = targets[entry.index]!;
			if (entry.tail.kind === 'ok') history.push(...entry.tail.lines.map(raw => toLogLine(target, raw, receivedAtMs, true)));
			const startAt = entry.tail.kind === 'ok' ? {offset: entry.tail.endOffset, identity: entry.tail.identity} : ('beginning' as const);
			if (entry.tail.kind === 'unreadable') {
				statusFromFollow(entry.index, {kind: 'unreadable', error: entry.tail.error});
				// Keep polling anyway: permissions can be fixed while we watch.
			}
			followers.push(
				followFile({
					path: target.path!,
					startAt,
					pollIntervalMs: options.pollIntervalMs,
					// Reads more often than the listeners are told only split the same lines into more reads.
					minReadGapMs: Math.max(defaultMinReadGapMs, minUpdateGapMs),
					maxLineBytes: options.maxLineBytes,
					onLines: raws => {
						fileDelivered.add(entry.index);
						const at = now();
						buffer.push(raws.map(raw => toLogLine(target, raw, at, false)));
						changed(raws.length);
					},
					onStatus: follow => statusFromFollow(entry.index, follow),
					onNotice: notice => onNotice(entry.index, notice),
				}),
			);
		}
		// Renumber: seq follows display order.
		const merged = mergeHistory(history);
		for (const line of merged) line.seq = seq++;
		buffer.push(merged);
		backfillDone = true;
		changed(0, {atOnce: true});
	};
	void start().catch(error => {
		// readFileTail/followFile report problems as states; this is a programming error, shown not thrown.
		statuses.forEach((_, index) => setStatus(index, 'unreadable', `${describeTarget(targets[index]!)} (${toSafeText(String(error))})`));
	});

	return {
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		getSnapshot() {
			snapshot ??= {revision, lines: buffer.toArray(), statuses: [...statuses], evictedCount: buffer.evictedCount, backfillDone};
			return snapshot;
		},
		async close() {
			if (closed) return;
			closed = true;
			if (notifyTimer) clearTimeout(notifyTimer);
			listeners.clear();
			for (const unsubscribe of unsubscribers) unsubscribe();
			await Promise.all(followers.map(follower => follower.close()));
		},
	};
}

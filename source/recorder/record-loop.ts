// The recorder: the live store polls the daemon every few seconds (the same poll, re-attach and restart timeline
// as the UI), the diagnosis schedule runs the same checks, and each interval is appended to the history database.
// Finding changes go to the alert sinks through the alert policy.
//
// Storage failures (a full disk, a read-only home, a locked file) are reported once, with what to do, and the
// interval is dropped: the recorder keeps polling and writes again as soon as it can. It never stops the daemon's
// work and never starts a daemon (the store only attaches).
import {createAlertPolicyState, decideAlerts, defaultAlertPolicy, type AlertPolicyOptions} from '../model/alert-policy.js';
import type {Finding} from '../doctor/check-types.js';
import {createFindingTracker, trackFindings, type FindingChange} from '../model/finding-changes.js';
import {defaultRetention, type RetentionOptions} from '../model/history-retention.js';
import type {RestartEvent} from '../model/restart-timeline.js';
import type {ProcessSnapshot} from '../model/types.js';
import {createDiagnosisScheduler, type DiagnosisIntervals, type FactGatherer} from '../services/diagnosis-scheduler.js';
import {followDaemonLog} from '../services/store/follow-daemon-log.js';
import {createLiveStore} from '../services/store/live-store.js';
import type {StoreDaemonClient} from '../services/store/store-types.js';
import {payloadFor, sendToAll, type AlertSink} from './alert-sinks.js';
import {createHistoryWriter, historyPaths, openHistoryForWriting, type HistoryWriter, type StoredFindingChange} from './history-db.js';
import {createRecorderFactGatherer} from './recorder-facts.js';
import {describeStorageError} from './storage-errors.js';

/** The name `record --install` gives the recorder in PM2; the recorder leaves it out of what it records. */
export const recorderAppName = 'pm2-doctor-recorder';

export const defaultRecordIntervalMs = 5000;

export type RecorderOptions = {
	home: string;
	client: StoreDaemonClient;
	intervalMs?: number;
	retention?: RetentionOptions;
	/** How often retention and the size cap are applied. */
	retentionEveryMs?: number;
	diagnosisIntervals?: Partial<DiagnosisIntervals>;
	/** What the checks read (default: the UI's gatherer of host facts and log tails). */
	gatherFacts?: FactGatherer;
	/** A finding absent this long is cleared (and "resolved" is sent). */
	clearAfterMs?: number;
	databasePath?: string;
	/** Tests of a full disk (history-db.ts). */
	maxPageCount?: number;
	sinks?: readonly AlertSink[];
	alertPolicy?: AlertPolicyOptions;
	/** Messages for the operator (the recorder's stdout, which PM2 keeps in its log). */
	log(message: string): void;
	/** The recorder's own pid, left out of what is recorded. */
	selfPid?: number;
	now?: () => number;
};

export type Recorder = {
	start(): void;
	stop(): Promise<void>;
	readonly stats: {intervalsWritten: number; intervalsDropped: number; alertsSent: number};
};

/** How long to wait before trying to open the database again after it failed. */
const reopenDelayMs = 30_000;

export function createRecorder(options: RecorderOptions): Recorder {
	const now = options.now ?? Date.now;
	const intervalMs = options.intervalMs ?? defaultRecordIntervalMs;
	const retention = options.retention ?? defaultRetention;
	const databasePath = options.databasePath ?? historyPaths(options.home).databasePath;
	const selfPid = options.selfPid ?? process.pid;
	const sinks = options.sinks ?? [];
	const alertPolicy = options.alertPolicy ?? defaultAlertPolicy;
	const clearAfterMs = options.clearAfterMs ?? 60_000;
	// The leak check looks 5 minutes back: that, and no more, is kept in memory.
	const historyCapacity = Math.ceil(330_000 / intervalMs);
	const store = createLiveStore({home: options.home, client: options.client, basePollIntervalMs: intervalMs, historyCapacity, followDaemonLog, now});
	const diagnosis = createDiagnosisScheduler({
		store,
		gatherFacts: options.gatherFacts ?? createRecorderFactGatherer({fullEveryMs: 5 * 60_000}),
		intervals: options.diagnosisIntervals,
		audience: 'table',
	});
	const stats = {intervalsWritten: 0, intervalsDropped: 0, alertsSent: 0};
	let writer: HistoryWriter | null = null;
	let lastOpenAttemptMs = Number.NEGATIVE_INFINITY;
	let storageProblem: string | null = null;
	let lastSnapshot: unknown = null;
	let lastCheckedAtMs: number | null = null;
	let tracker = createFindingTracker();
	let policy = createAlertPolicyState();
	let pendingChanges: StoredFindingChange[] = [];
	const writtenEvents = new Map<number, string>();
	let retentionTimer: NodeJS.Timeout | null = null;
	const unsubscribers: Array<() => void> = [];

	function reportStorage(error: unknown) {
		const message = describeStorageError(error, databasePath);
		if (message === storageProblem) return;
		storageProblem = message;
		options.log(`${message}; samples are dropped until it can write again (the recorder keeps running)`);
	}

	function storageRecovered() {
		if (storageProblem === null) return;
		storageProblem = null;
		options.log(`history is written again to ${databasePath}`);
	}

	function ensureWriter(): HistoryWriter | null {
		if (writer) return writer;
		if (now() - lastOpenAttemptMs < reopenDelayMs) return null;
		lastOpenAttemptMs = now();
		try {
			writer = createHistoryWriter(openHistoryForWriting(databasePath, {maxPageCount: options.maxPageCount}));
			return writer;
		} catch (error) {
			reportStorage(error);
			return null;
		}
	}

	const isSelf = (process: Pick<ProcessSnapshot, 'pid' | 'name'>) => process.pid === selfPid || process.name === recorderAppName;
	const isOwnFinding = (finding: Finding) => finding.process === recorderAppName;

	function changedRestartEvents(): RestartEvent[] {
		const timeline = store.getState().timeline;
		if (!timeline) return [];
		const changed: RestartEvent[] = [];
		for (const processTimeline of timeline.processes.values()) {
			for (const event of processTimeline.events) {
				if (event.name === recorderAppName) continue;
				const text = JSON.stringify(event);
				if (writtenEvents.get(event.id) === text) continue;
				changed.push(event);
			}
		}
		return changed;
	}

	function writeSnapshot() {
		const state = store.getState();
		if (!state.snapshot || state.snapshot === lastSnapshot) return;
		lastSnapshot = state.snapshot;
		const target = ensureWriter();
		if (!target) {
			stats.intervalsDropped++;
			return;
		}
		const restarts = changedRestartEvents();
		const findingChanges = pendingChanges;
		try {
			target.writeInterval({
				atMs: state.snapshot.takenAtMs,
				resolutionMs: intervalMs,
				processes: state.snapshot.processes.filter(p => !isSelf(p)),
				restarts,
				findingChanges,
			});
			for (const event of restarts) writtenEvents.set(event.id, JSON.stringify(event));
			pendingChanges = [];
			stats.intervalsWritten++;
			storageRecovered();
		} catch (error) {
			stats.intervalsDropped++;
			// Finding changes are kept for the next interval (they are few); samples are not.
			reportStorage(error);
			if (isFatalToConnection(error)) closeWriter();
		}
	}

	function closeWriter() {
		try {
			writer?.close();
		} catch {
			// Closing a database whose file is gone: nothing left to release.
		}
		writer = null;
	}

	function onDiagnosis() {
		const result = diagnosis.getSnapshot();
		if (result.status !== 'done' || result.checkedAtMs === lastCheckedAtMs) return;
		lastCheckedAtMs = result.checkedAtMs;
		const tracked = trackFindings(
			tracker,
			result.findings.filter(f => !isOwnFinding(f)),
			result.checkedAtMs,
			{clearAfterMs},
		);
		tracker = tracked.tracker;
		for (const change of tracked.changes) pendingChanges.push(toStored(change));
		const decided = decideAlerts(policy, tracked.changes, result.checkedAtMs, alertPolicy);
		policy = decided.state;
		if (sinks.length === 0) return;
		for (const alert of decided.alerts) {
			stats.alertsSent++;
			void sendToAll(sinks, payloadFor(alert, {home: options.home})).then(failures => failures.forEach(options.log));
		}
	}

	function applyRetention() {
		const target = ensureWriter();
		if (!target) return;
		try {
			target.applyRetention(now(), retention);
		} catch (error) {
			reportStorage(error);
		}
	}

	return {
		stats,
		start() {
			ensureWriter();
			unsubscribers.push(store.subscribe(writeSnapshot));
			unsubscribers.push(diagnosis.subscribe(onDiagnosis));
			store.start();
			applyRetention();
			retentionTimer = setInterval(applyRetention, options.retentionEveryMs ?? 10 * 60_000);
			retentionTimer.unref?.();
		},
		async stop() {
			for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
			if (retentionTimer) clearInterval(retentionTimer);
			await store.stop();
			closeWriter();
		},
	};
}

function toStored(change: FindingChange): StoredFindingChange {
	return {
		atMs: change.atMs,
		key: change.key,
		change: change.kind,
		severity: change.finding.severity,
		process: change.finding.process,
		json: JSON.stringify(change.finding),
	};
}

/** Errors after which the open database is no use (its file was removed or became read-only): reopen later. */
function isFatalToConnection(error: unknown): boolean {
	const code = (error as {code?: string})?.code ?? '';
	return code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_CANTOPEN');
}

// Bridges the log sources (source/logs/, outside React) to the views: one open LogsHandle per source key,
// shared by the main-screen panel and the full-screen view (switching views does not re-read the files),
// reference-counted and closed shortly after the last view lets go. Tests inject their own opener.
import {createContext, useContext, useEffect, useState, useSyncExternalStore} from 'react';
import {
	floodLinesPerUpdate,
	openAllProcessesLogs,
	openDaemonLog,
	openProcessLogs,
	type LogsHandle,
	type LogsSnapshot,
	type OpenLogsOptions,
} from '../../logs/process-log-sources.js';
import type {ProcessSnapshot} from '../../model/types.js';
import {initialLogPanelState, type LogPanelState} from './log-panel-state.js';

/** How views open log sources; the default reads the real files. */
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
	options: {backfillLines: 200},
};

export const LogsOpenerContext = createContext<LogsOpener>(defaultLogsOpener);

type Session = {handle: LogsHandle; subscribe: LogsHandle['subscribe']; users: number; closeTimer: NodeJS.Timeout | null};
const sessions = new Map<string, Session>();
/** A view switch unmounts one view and mounts the other: keep the files open across it. */
const closeDelayMs = 2000;

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

function acquire(key: string, open: () => LogsHandle, tick: LogsOpener['frameClock']): Session {
	let session = sessions.get(key);
	if (!session) {
		const handle = open();
		session = {handle, subscribe: tick ? alignFloodsWithTick(handle, tick) : handle.subscribe, users: 0, closeTimer: null};
		sessions.set(key, session);
	}
	if (session.closeTimer) clearTimeout(session.closeTimer);
	session.closeTimer = null;
	session.users++;
	return session;
}

function release(key: string, session: Session): void {
	session.users--;
	if (session.users > 0) return;
	session.closeTimer = setTimeout(() => {
		if (sessions.get(key) === session) sessions.delete(key);
		void session.handle.close();
	}, closeDelayMs);
	session.closeTimer.unref?.();
}

/** Closes every open log source now (app shutdown, tests). */
export async function closeAllLogSessions(): Promise<void> {
	const all = [...sessions.values()];
	sessions.clear();
	for (const session of all) if (session.closeTimer) clearTimeout(session.closeTimer);
	await Promise.all(all.map(session => session.handle.close()));
}

export type LogSessionRequest = {key: string; open: (opener: LogsOpener) => LogsHandle} | null;

const emptySnapshot: LogsSnapshot = {revision: -1, lines: [], statuses: [], evictedCount: 0, backfillDone: false};
const noopSubscribe = () => () => {};

/** Subscribes to the log source for `request` (opened on first use, shared, closed after the last user). */
export function useLogSession(request: LogSessionRequest): LogsSnapshot | null {
	const opener = useContext(LogsOpenerContext);
	const [session, setSession] = useState<Session | null>(null);
	const key = request?.key ?? null;
	useEffect(() => {
		if (!request) {
			setSession(null);
			return;
		}
		const acquired = acquire(request.key, () => request.open(opener), opener.frameClock);
		setSession(acquired);
		return () => release(request.key, acquired);
		// The request object is rebuilt every render; its key identifies it.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [key, opener]);
	const snapshot = useSyncExternalStore(session?.subscribe ?? noopSubscribe, () => session?.handle.getSnapshot() ?? emptySnapshot);
	return session ? snapshot : null;
}

// Panel state survives switching between the panel and the full-screen view, per process.
const savedStates = new Map<string, LogPanelState>();
const maxSavedStates = 32;

/** Returns the saved panel state for `key` (search, filter, toggles), or the initial one. */
export function loadPanelState(key: string): LogPanelState {
	return savedStates.get(key) ?? initialLogPanelState;
}

/** Remembers the panel state for `key` (bounded: the oldest entries are forgotten). */
export function savePanelState(key: string, state: LogPanelState): void {
	savedStates.delete(key);
	savedStates.set(key, state);
	if (savedStates.size > maxSavedStates) savedStates.delete(savedStates.keys().next().value!);
}

/** Forgets every saved panel state (tests). */
export function forgetPanelStates(): void {
	savedStates.clear();
}

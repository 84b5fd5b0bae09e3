// Bridges the log sources (source/logs/, outside React) to the views: one open LogsHandle per source key,
// shared by the main-screen panel and the full-screen view (switching views does not re-read the files),
// reference-counted and closed shortly after the last view lets go. Tests inject their own opener.
import {createContext, useContext, useEffect, useState, useSyncExternalStore} from 'react';
import {
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
};

export const defaultLogsOpener: LogsOpener = {
	process: openProcessLogs,
	all: openAllProcessesLogs,
	daemon: openDaemonLog,
	options: {backfillLines: 200},
};

export const LogsOpenerContext = createContext<LogsOpener>(defaultLogsOpener);

type Session = {handle: LogsHandle; users: number; closeTimer: NodeJS.Timeout | null};
const sessions = new Map<string, Session>();
/** A view switch unmounts one view and mounts the other: keep the files open across it. */
const closeDelayMs = 2000;

function acquire(key: string, open: () => LogsHandle): Session {
	let session = sessions.get(key);
	if (!session) {
		session = {handle: open(), users: 0, closeTimer: null};
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
	const [handle, setHandle] = useState<LogsHandle | null>(null);
	const key = request?.key ?? null;
	useEffect(() => {
		if (!request) {
			setHandle(null);
			return;
		}
		const session = acquire(request.key, () => request.open(opener));
		setHandle(session.handle);
		return () => release(request.key, session);
		// The request object is rebuilt every render; its key identifies it.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [key, opener]);
	const snapshot = useSyncExternalStore(handle?.subscribe ?? noopSubscribe, () => handle?.getSnapshot() ?? emptySnapshot);
	return handle ? snapshot : null;
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

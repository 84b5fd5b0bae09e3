// Subscribes views to the log-session registry (source/services/log-sessions.ts), which owns the open files:
// a view acquires its source while mounted and releases it when it unmounts.
import {createContext, useContext, useEffect, useRef, useState, useSyncExternalStore} from 'react';
import type {LogsHandle, LogsSnapshot} from '../../logs/process-log-sources.js';
import type {LogSession, LogSessions, LogsOpener} from '../../services/log-sessions.js';
import {initialLogPanelState, type LogPanelState} from './log-panel-state.js';

/** The registry the views use; provided once at the root. Without one, views show no log source. */
export const LogSessionsContext = createContext<LogSessions | null>(null);

export type LogSessionRequest = {key: string; open: (opener: LogsOpener) => LogsHandle} | null;

const emptySnapshot: LogsSnapshot = {revision: -1, lines: [], statuses: [], evictedCount: 0, backfillDone: false};
const noopSubscribe = () => () => {};

/** Subscribes to the log source for `request` (opened on first use, shared, closed after the last user). */
export function useLogSession(request: LogSessionRequest): LogsSnapshot | null {
	const sessions = useContext(LogSessionsContext);
	const [session, setSession] = useState<LogSession | null>(null);
	const key = request?.key ?? null;
	// The request object is rebuilt every render; its key identifies it, so the effect keeps the latest one.
	const latestRequest = useRef(request);
	latestRequest.current = request;
	useEffect(() => {
		const current = latestRequest.current;
		if (!sessions || key === null || !current) {
			setSession(null);
			return;
		}
		const acquired = sessions.acquire(key, current.open);
		setSession(acquired);
		return () => sessions.release(key, acquired);
	}, [key, sessions]);
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

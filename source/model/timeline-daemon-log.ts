// The restart timeline's pm2.log input: the only record of the exit signal, of memory-limit restarts,
// watch restarts, SIGKILL escalations and "too many unstable restarts". An exit a poll has already
// recorded is completed rather than recorded twice (see claimPollEvent).
import {parseDaemonLogLine, type DaemonLogEvent} from './parse-daemon-log.js';
import {
	ensureProcess,
	freezeDue,
	insertEvent,
	maxRecentDaemonEvents,
	newEvent,
	noteRestart,
	openForStderr,
	type ProcessTimeline,
	type RecentDaemonEvent,
	type RestartCause,
	type RestartEvent,
	type TimelineState,
} from './restart-timeline.js';
import type {DaemonLogLine} from './types.js';

/** Feeds lines of $PM2_HOME/pm2.log (back-filled or followed), in file order. */
export function observeDaemonLogLines(state: TimelineState, lines: readonly DaemonLogLine[]): void {
	for (const line of lines) observeDaemonLogLine(state, line);
}

/** Feeds one line of $PM2_HOME/pm2.log. */
export function observeDaemonLogLine(state: TimelineState, line: DaemonLogLine): void {
	freezeDue(state, line.receivedAtMs);
	const event = parseDaemonLogLine(line.text, line.receivedAtMs);
	if (!event) return;
	const isHistory = event.timestamped && line.receivedAtMs - event.atMs > state.options.historyAgeMs;
	const recent: RecentDaemonEvent = {event, consumed: false, claimedByPoll: isHistory, timelineEvent: null};
	state.recent.push(recent);
	if (state.recent.length > maxRecentDaemonEvents) state.recent.splice(0, state.recent.length - maxRecentDaemonEvents);

	switch (event.kind) {
		case 'starting': {
			if (typeof event.pmId !== 'number') return;
			const timeline = processForLog(state, event.pmId, event.appName);
			if (!timeline) return;
			const startedAtMs = isHistory ? event.atMs : refineLoggedTime(event.atMs, line.receivedAtMs);
			timeline.runStartedAtMs = startedAtMs;
			timeline.loggedStartAtMs = event.atMs;
			timeline.loggedStartEstimateMs = startedAtMs;
			const last = timeline.events.at(-1);
			if (last && last.exitAtMs <= startedAtMs + 1000) noteRestart(last, startedAtMs, false);
			return;
		}
		case 'exited': {
			if (typeof event.pmId !== 'number') return; // "_old_N": the outgoing worker of a cluster reload
			const timeline = processForLog(state, event.pmId, event.appName);
			if (!timeline) return;
			recent.timelineEvent = recordLoggedExit(state, timeline, event, recent, isHistory, line.receivedAtMs);
			return;
		}
		case 'unstable-overlimit': {
			// Logged by the same handleExit call, right after the exit line of the process that gave up.
			const exitLine = [...state.recent].reverse().find(r => r.event.kind === 'exited' && r.timelineEvent);
			if (exitLine?.timelineEvent) exitLine.timelineEvent.gaveUp = {unstableRestarts: event.unstableRestarts};
			return;
		}
		default:
			return;
	}
}

/** The timeline of a process named in a pm2.log line; null when that pm_id now belongs to another app. */
function processForLog(state: TimelineState, pmId: number, name: string): ProcessTimeline | null {
	const timeline = state.processes.get(pmId);
	// pm_ids are reused across daemon restarts: old lines about another app must not land here.
	if (timeline && timeline.name !== null && timeline.name !== name) return null;
	return ensureProcess(state, pmId, name);
}
function recordLoggedExit(
	state: TimelineState,
	timeline: ProcessTimeline,
	logged: Extract<DaemonLogEvent, {kind: 'exited'}>,
	recent: RecentDaemonEvent,
	isHistory: boolean,
	receivedAtMs: number,
): RestartEvent {
	const explanation = explainExit(state, timeline, logged);
	const selfExit = !explanation.stopRequested;
	// PM2 prints its default "SIGINT" when the process exited without a signal.
	const signal = logged.signal === 'SIGINT' && selfExit ? null : logged.signal;
	let cause: RestartCause = explanation.cause ?? {kind: 'unknown'};
	if (!explanation.cause) {
		if (signal === 'SIGABRT') cause = {kind: 'heap-oom'};
		else if (signal) cause = {kind: 'killed', signal};
		else if (logged.exitCode !== 0) cause = {kind: 'crash'};
		else cause = {kind: 'clean-exit'};
	}
	const exitAtMs = isHistory ? logged.atMs : refineLoggedTime(logged.atMs, receivedAtMs);
	const runStart = startOfExitingRun(timeline, exitAtMs);
	const uptime = runStart !== null && runStart <= exitAtMs + 1000 ? Math.max(0, exitAtMs - runStart) : null;
	const fields: Partial<RestartEvent> & Pick<RestartEvent, 'exitAtMs'> = {
		exitAtMs,
		exitTimeSource: 'daemon-log',
		uptimeBeforeExitMs: uptime,
		exitCode: logged.exitCode,
		signal,
		cause,
		sigkillAfterMs: explanation.sigkillAfterMs,
		origin: isHistory ? 'history' : 'live',
	};

	const claim = isHistory ? null : claimPollEvent(timeline, logged.atMs);
	let event: RestartEvent;
	if (claim && claim.event.extraExits === 0) {
		// The poll saw this exit first: complete its record with what pm2.log knows.
		event = claim.event;
		const keepRestart = event.restartedAtMs;
		Object.assign(event, fields, {restartedAtMs: null});
		if (keepRestart !== null) noteRestart(event, keepRestart, true);
		recent.claimedByPoll = true;
		return event;
	}
	event = newEvent(state, timeline, fields);
	if (claim) {
		claim.event.extraExits--;
		insertEvent(state, timeline, event, claim.event);
		recent.claimedByPoll = true;
	} else {
		insertEvent(state, timeline, event);
	}
	if (isHistory) {
		// Back-filled: the live stderr buffer says nothing about it (see backfillErrorLog).
		return event;
	}
	if (!claim) openForStderr(state, timeline, event, receivedAtMs);
	return event;
}

/**
 * pm2.log times are truncated to the second; a line followed live was written shortly before it was
 * received, so the reception time (kept inside that second) is the better estimate.
 */
function refineLoggedTime(loggedAtMs: number, receivedAtMs: number): number {
	return Math.min(Math.max(receivedAtMs, loggedAtMs), loggedAtMs + 999);
}

/**
 * Whether a cron_restart could have fired at this (second-precision) time. A 5-field expression fires on
 * the minute, so a stop logged at second 0 or 1; 6-field expressions (with seconds) cannot be told apart
 * from a manual restart by time.
 */
function cronCouldFire(expression: string, atMs: number): boolean {
	const fields = expression.trim().split(/\s+/);
	if (fields.length !== 5) return true;
	return new Date(atMs).getSeconds() <= 1;
}

/**
 * The start of the run that just exited: the last "starting" line before the exit (file order is exact,
 * the time is to the second), refined by a polled pm_uptime within that second; else the latest known start.
 */
function startOfExitingRun(timeline: ProcessTimeline, exitAtMs: number): number | null {
	const logged = timeline.loggedStartAtMs;
	if (logged !== null && logged <= exitAtMs) {
		const precise = timeline.polledStarts.filter(s => s >= logged && s < logged + 1000 && s <= exitAtMs);
		return precise.length ? Math.max(...precise) : (timeline.loggedStartEstimateMs ?? logged);
	}
	return timeline.runStartedAtMs;
}

function claimPollEvent(timeline: ProcessTimeline, exitAtMs: number) {
	const index = timeline.pollEventsAwaitingLog.findIndex(
		entry => entry.awaiting > 0 && exitAtMs >= entry.windowStartMs - 1500 && exitAtMs <= entry.windowEndMs + 1000,
	);
	if (index < 0) return null;
	const entry = timeline.pollEventsAwaitingLog[index]!;
	entry.awaiting--;
	if (entry.awaiting === 0) timeline.pollEventsAwaitingLog.splice(index, 1);
	return entry;
}

type Explanation = {cause: RestartCause | null; stopRequested: boolean; sigkillAfterMs: number | null};

/** Looks back in pm2.log for what made PM2 stop the process (memory limit, watch, CLI, cron). */
function explainExit(state: TimelineState, timeline: ProcessTimeline, exit: Extract<DaemonLogEvent, {kind: 'exited'}>): Explanation {
	const result: Explanation = {cause: null, stopRequested: false, sigkillAfterMs: null};
	let stopping = false;
	let stoppingAtMs: number | null = null;
	let reload = false;
	for (let i = state.recent.length - 2; i >= 0; i--) {
		const entry = state.recent[i]!;
		const e = entry.event;
		if (exit.atMs - e.atMs > state.options.causeLookbackMs) break;
		const samePm = 'pmId' in e && e.pmId === exit.pmId;
		const sameApp = 'appName' in e && e.appName === exit.appName;
		// The previous run's exit or start bounds the search.
		if ((e.kind === 'exited' || e.kind === 'online') && samePm) break;
		if (entry.consumed) continue;
		if (e.kind === 'memory-limit' && samePm) {
			result.cause = {kind: 'memory-limit', rssBytes: e.currentBytes, limitBytes: e.limitBytes};
			entry.consumed = true;
		} else if (e.kind === 'watch-change' && e.appName === exit.appName) {
			// Not consumed: one change restarts every instance of the app (the previous exit of the
			// same pm_id bounds the search, so it cannot explain a later restart of this one).
			if (!result.cause) result.cause = {kind: 'watch', path: e.path};
		} else if (e.kind === 'stopping' && samePm && sameApp) {
			stopping = true;
			stoppingAtMs = e.atMs;
			entry.consumed = true;
		} else if (e.kind === 'reload-as-restart' && samePm) {
			reload = true;
			entry.consumed = true;
		} else if (e.kind === 'kill-escalated' && (timeline.lastPid === null || e.pid === timeline.lastPid)) {
			result.sigkillAfterMs = e.afterMs;
			entry.consumed = true;
		}
	}
	result.stopRequested = stopping || reload || result.cause !== null;
	if (!result.cause && (stopping || reload)) {
		result.cause =
			timeline.cronRestart && !reload && cronCouldFire(timeline.cronRestart, stoppingAtMs ?? exit.atMs)
				? {kind: 'cron', expression: timeline.cronRestart}
				: {kind: 'manual', action: reload ? 'reload' : 'restart'};
	}
	return result;
}

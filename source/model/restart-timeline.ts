// The restart timeline: every exit of every process with its time, uptime before the exit, exit code,
// signal, cause and the last stderr lines written before it.
//
// Three inputs, all optional and in any order (the store feeds what it has):
//  - successive list() polls (observeSnapshot): restart_time increments, pm_uptime changes and status
//    transitions prove that exits happened, even when nothing else is known;
//  - lines of $PM2_HOME/pm2.log (observeDaemonLogLines): the only record of the exit signal, of
//    memory-limit restarts, watch restarts, SIGKILL escalations and "too many unstable restarts";
//  - lines of the app's error log (observeErrorLogLines / backfillErrorLog): stderr before the exit,
//    and the uncaught exception's message and top frame (PM2 writes the stack there).
// An exit seen both in a poll and in pm2.log is recorded once: poll-derived exits are "claimed" by
// log lines that fall in the poll's interval, whichever arrives first.
import {formatBytes} from './format.js';
import {parseDaemonLogLine, type DaemonLogEvent} from './parse-daemon-log.js';
import {findExceptionBlocks, isStackFrameLine, lastExceptionBlock} from './parse-exception.js';
import type {DaemonLogLine, DaemonSnapshot, ProcessSnapshot, ProcessStatus} from './types.js';

export type RestartCause =
	| {kind: 'exception'; name: string; message: string; topFrame: string | null}
	| {kind: 'crash'}
	| {kind: 'memory-limit'; rssBytes: number; limitBytes: number}
	| {kind: 'heap-oom'}
	| {kind: 'killed'; signal: string}
	| {kind: 'watch'; path: string}
	| {kind: 'cron'; expression: string | null}
	| {kind: 'manual'; action: 'restart' | 'reload' | 'stop'}
	| {kind: 'clean-exit'}
	| {kind: 'unknown'};

export type RestartCauseKind = RestartCause['kind'];

export type RestartEvent = {
	/** Unique within a TimelineState, increasing. */
	id: number;
	pmId: number;
	name: string;
	/** When the process exited (second precision from pm2.log; the poll's estimate otherwise). */
	exitAtMs: number;
	exitTimeSource: 'daemon-log' | 'poll';
	uptimeBeforeExitMs: number | null;
	exitCode: number | null;
	/** A real signal (SIGKILL, SIGABRT, SIGTERM...); null when the process exited by itself. */
	signal: string | null;
	cause: RestartCause;
	/** PM2 had to SIGKILL the process after its kill_timeout (ms) expired. */
	sigkillAfterMs: number | null;
	/** PM2 stopped restarting it after this exit (status errored, "too many unstable restarts"). */
	gaveUp: {unstableRestarts: number} | null;
	/** When the next run started, once known. */
	restartedAtMs: number | null;
	/** More exits folded into this one: several happened between two polls and nothing else told them apart. */
	extraExits: number;
	/** The last stderr lines written before the exit (stack frames left out; see cause.topFrame). */
	stderrTail: string[];
	/** The stderr was matched to this exit by order in a back-filled error log, not by time. */
	stderrMatchedByOrder: boolean;
	/** live: seen while attached; history: back-filled from pm2.log written before pm2-doctor attached. */
	origin: 'live' | 'history';
};

type TimedLine = {atMs: number; text: string};

type OpenEvent = {event: RestartEvent; lines: TimedLine[]; freezeAtMs: number; stderrRequested?: boolean};

type ProcessTimeline = {
	pmId: number;
	name: string | null;
	events: RestartEvent[];
	/** stderr of the run in progress. */
	currentRunLines: TimedLine[];
	/** The latest exit, still collecting late stderr lines until freezeAtMs. */
	open: OpenEvent | null;
	runStartedAtMs: number | null;
	/** Second of the last "starting" line in pm2.log: in file order it is the start of the run that exits next. */
	loggedStartAtMs: number | null;
	/** The same start estimated from when the line was received (see refineLoggedTime). */
	loggedStartEstimateMs: number | null;
	/** Recent pm_uptime values from polls (ms precision), to refine logged starts. */
	polledStarts: number[];
	lastPid: number | null;
	lastStatus: ProcessStatus | null;
	statusSinceMs: number | null;
	cronRestart: string | null;
	maxRestarts: number | null;
	/** Poll-derived events waiting for their pm2.log line (see claimPollEvent). */
	pollEventsAwaitingLog: Array<{event: RestartEvent; awaiting: number; windowStartMs: number; windowEndMs: number}>;
};

type RecentDaemonEvent = {event: DaemonLogEvent; consumed: boolean; claimedByPoll: boolean; timelineEvent: RestartEvent | null};

export type TimelineOptions = {
	/** Exits kept per process (oldest dropped). */
	maxEventsPerProcess: number;
	/** stderr lines kept per exit. */
	stderrLinesPerEvent: number;
	/** How long after an exit was observed late stderr lines still belong to it. */
	stderrGraceMs: number;
	/** pm2.log lines older than this when received are history (back-fill), not live. */
	historyAgeMs: number;
	/** How far before an exit a memory/watch/stop line may be to explain it. */
	causeLookbackMs: number;
};

export type TimelineState = {
	processes: Map<number, ProcessTimeline>;
	recent: RecentDaemonEvent[];
	options: TimelineOptions;
	nextEventId: number;
};

const defaultOptions: TimelineOptions = {
	maxEventsPerProcess: 50,
	stderrLinesPerEvent: 6,
	stderrGraceMs: 1500,
	historyAgeMs: 5000,
	causeLookbackMs: 15_000,
};

const maxRecentDaemonEvents = 400;
const maxBufferedLines = 60;
const maxLineLength = 300;

/** Creates an empty timeline. */
export function createTimelineState(options: Partial<TimelineOptions> = {}): TimelineState {
	return {processes: new Map(), recent: [], options: {...defaultOptions, ...options}, nextEventId: 1};
}

/** The timeline of a process named in a pm2.log line; null when that pm_id now belongs to another app. */
function processForLog(state: TimelineState, pmId: number, name: string): ProcessTimeline | null {
	const timeline = state.processes.get(pmId);
	// pm_ids are reused across daemon restarts: old lines about another app must not land here.
	if (timeline && timeline.name !== null && timeline.name !== name) return null;
	return ensureProcess(state, pmId, name);
}

function ensureProcess(state: TimelineState, pmId: number, name: string | null): ProcessTimeline {
	let timeline = state.processes.get(pmId);
	if (timeline && name !== null && timeline.name !== null && timeline.name !== name) timeline = undefined; // pm_id reused
	if (!timeline) {
		timeline = {
			pmId,
			name,
			events: [],
			currentRunLines: [],
			open: null,
			runStartedAtMs: null,
			loggedStartAtMs: null,
			loggedStartEstimateMs: null,
			polledStarts: [],
			lastPid: null,
			lastStatus: null,
			statusSinceMs: null,
			cronRestart: null,
			maxRestarts: null,
			pollEventsAwaitingLog: [],
		};
		state.processes.set(pmId, timeline);
	}
	if (timeline.name === null && name !== null) timeline.name = name;
	return timeline;
}

function newEvent(state: TimelineState, timeline: ProcessTimeline, fields: Partial<RestartEvent> & Pick<RestartEvent, 'exitAtMs'>): RestartEvent {
	return {
		id: state.nextEventId++,
		pmId: timeline.pmId,
		name: timeline.name ?? `id ${timeline.pmId}`,
		exitTimeSource: 'poll',
		uptimeBeforeExitMs: null,
		exitCode: null,
		signal: null,
		cause: {kind: 'unknown'},
		sigkillAfterMs: null,
		gaveUp: null,
		restartedAtMs: null,
		extraExits: 0,
		stderrTail: [],
		stderrMatchedByOrder: false,
		origin: 'live',
		...fields,
	};
}

function insertEvent(state: TimelineState, timeline: ProcessTimeline, event: RestartEvent, before?: RestartEvent) {
	const index = before ? timeline.events.indexOf(before) : -1;
	if (index >= 0) timeline.events.splice(index, 0, event);
	else timeline.events.push(event);
	if (timeline.events.length > state.options.maxEventsPerProcess) timeline.events.splice(0, timeline.events.length - state.options.maxEventsPerProcess);
}

function pushLines(target: TimedLine[], lines: TimedLine[]) {
	target.push(...lines);
	if (target.length > maxBufferedLines) target.splice(0, target.length - maxBufferedLines);
}

/** Starts collecting stderr for a new exit: the current run's lines so far belong to it. */
function openForStderr(state: TimelineState, timeline: ProcessTimeline, event: RestartEvent, observedAtMs: number) {
	if (timeline.open) freeze(state, timeline);
	timeline.open = {event, lines: timeline.currentRunLines, freezeAtMs: observedAtMs + state.options.stderrGraceMs};
	timeline.currentRunLines = [];
}

const upgradableCauses = new Set<RestartCauseKind>(['crash', 'unknown', 'clean-exit']);

/** Settles the open exit's stderr: lines after its final exception block belong to the next run. */
function freeze(state: TimelineState, timeline: ProcessTimeline) {
	const open = timeline.open;
	if (!open) return;
	timeline.open = null;
	let texts = open.lines.map(line => line.text);
	const block = lastExceptionBlock(texts);
	if (block) {
		const carried = open.lines.slice(block.endIndex);
		timeline.currentRunLines = [...carried, ...timeline.currentRunLines].slice(-maxBufferedLines);
		texts = texts.slice(0, block.endIndex);
	}
	applyStderr(state, open.event, texts, block);
}

function applyStderr(state: TimelineState, event: RestartEvent, texts: string[], block: ReturnType<typeof lastExceptionBlock>) {
	event.stderrTail = texts.filter(text => !isStackFrameLine(text)).slice(-state.options.stderrLinesPerEvent);
	if (texts.some(text => text.includes('JavaScript heap out of memory'))) {
		event.cause = {kind: 'heap-oom'};
	} else if (block && upgradableCauses.has(event.cause.kind)) {
		event.cause = {kind: 'exception', name: block.name, message: block.message, topFrame: block.topFrame};
	}
}

function freezeDue(state: TimelineState, nowMs: number) {
	for (const timeline of state.processes.values()) {
		if (timeline.open && nowMs >= timeline.open.freezeAtMs) freeze(state, timeline);
	}
}

/** Settles every exit whose stderr grace period is over; call it when time passes without new input. */
export function advanceTimeline(state: TimelineState, nowMs: number): void {
	freezeDue(state, nowMs);
}

// ---------------------------------------------------------------------------------------------
// pm2.log

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

/** Records when the next run started; a restart also bounds the exit time (an exit precedes its restart). */
function noteRestart(event: RestartEvent, startedAtMs: number, precise: boolean) {
	if (event.restartedAtMs !== null && !(precise && Math.abs(startedAtMs - event.restartedAtMs) < 1000)) return;
	event.restartedAtMs = startedAtMs;
	if (event.exitTimeSource === 'daemon-log' && startedAtMs < event.exitAtMs && startedAtMs >= event.exitAtMs - 999) {
		if (event.uptimeBeforeExitMs !== null) event.uptimeBeforeExitMs = Math.max(0, event.uptimeBeforeExitMs - (event.exitAtMs - startedAtMs));
		event.exitAtMs = startedAtMs;
	}
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

// ---------------------------------------------------------------------------------------------
// list() polls

const downStatuses = new Set<ProcessStatus>(['stopped', 'errored', 'waiting restart']);
const isDown = (p: ProcessSnapshot) => downStatuses.has(p.status);

/** Feeds a list() poll; `prev` is the previous poll (null for the first one). */
export function observeSnapshot(state: TimelineState, prev: DaemonSnapshot | null, next: DaemonSnapshot): void {
	freezeDue(state, next.takenAtMs);
	const previous = new Map(prev?.processes.map(p => [p.pmId, p]) ?? []);
	const present = new Set<number>();
	for (const p of next.processes) {
		present.add(p.pmId);
		const timeline = ensureProcess(state, p.pmId, p.name);
		timeline.cronRestart = p.cronRestart;
		timeline.maxRestarts = p.maxRestarts;
		if (p.status !== timeline.lastStatus) {
			timeline.lastStatus = p.status;
			timeline.statusSinceMs = next.takenAtMs;
		}
		const q = previous.get(p.pmId);
		if (q && q.name === p.name && prev) diffProcess(state, timeline, q, p, prev.takenAtMs, next.takenAtMs);
		if (p.pid !== null) timeline.lastPid = p.pid;
		if (p.startedAtMs !== null && !timeline.polledStarts.includes(p.startedAtMs)) {
			timeline.polledStarts.push(p.startedAtMs);
			if (timeline.polledStarts.length > 20) timeline.polledStarts.shift();
		}
		if (p.startedAtMs !== null && (timeline.runStartedAtMs === null || p.startedAtMs >= timeline.runStartedAtMs - 1000)) {
			timeline.runStartedAtMs = p.startedAtMs;
		}
	}
	for (const pmId of state.processes.keys()) if (!present.has(pmId)) state.processes.delete(pmId);
}

function diffProcess(state: TimelineState, timeline: ProcessTimeline, q: ProcessSnapshot, p: ProcessSnapshot, windowStartMs: number, windowEndMs: number) {
	const restarts = Math.max(0, p.restartCount - q.restartCount); // negative after `pm2 reset`
	const runChanged = p.startedAtMs !== null && q.startedAtMs !== null && p.startedAtMs !== q.startedAtMs;
	let exits = Math.max(restarts, runChanged ? 1 : 0) + (isDown(p) ? 1 : 0) - (isDown(q) ? 1 : 0);
	exits = Math.max(0, exits);

	if (runChanged) {
		const last = timeline.events.at(-1);
		if (last && p.startedAtMs! >= last.exitAtMs - 1000) noteRestart(last, p.startedAtMs!, true);
	}

	if (exits > 0) {
		// Exits already known from pm2.log in this interval are the same exits.
		for (const entry of state.recent) {
			if (exits === 0) break;
			const e = entry.event;
			if (e.kind !== 'exited' || e.pmId !== p.pmId || entry.claimedByPoll || !entry.timelineEvent) continue;
			if (e.atMs < windowStartMs - 1500 || e.atMs > windowEndMs + 1000) continue;
			entry.claimedByPoll = true;
			exits--;
		}
	}
	if (exits > 0) {
		const exitAtMs = runChanged && !isDown(p) ? p.startedAtMs! : windowEndMs;
		const event = newEvent(state, timeline, {
			exitAtMs,
			exitTimeSource: 'poll',
			uptimeBeforeExitMs: exits === 1 && q.startedAtMs !== null ? Math.max(0, exitAtMs - q.startedAtMs) : null,
			exitCode: p.exitCode,
			cause: p.exitCode !== null && p.exitCode !== 0 ? {kind: 'crash'} : {kind: 'unknown'},
			restartedAtMs: runChanged && !isDown(p) ? p.startedAtMs : null,
			extraExits: exits - 1,
		});
		insertEvent(state, timeline, event);
		timeline.pollEventsAwaitingLog.push({event, awaiting: exits, windowStartMs, windowEndMs});
		if (timeline.pollEventsAwaitingLog.length > 20) timeline.pollEventsAwaitingLog.shift();
		openForStderr(state, timeline, event, windowEndMs);
	}

	const last = timeline.events.at(-1);
	if (p.status === 'errored' && q.status !== 'errored' && last && !last.gaveUp) {
		last.gaveUp = {unstableRestarts: p.maxRestarts ?? 16};
	}
	if (p.status === 'stopped' && !isDown(q) && last?.cause.kind === 'manual' && last.cause.action === 'restart') {
		last.cause = {kind: 'manual', action: 'stop'};
	}
}

// ---------------------------------------------------------------------------------------------
// error logs

/** Feeds new lines of a process's error log (live, as they are appended). */
export function observeErrorLogLines(state: TimelineState, pmId: number, lines: readonly string[], receivedAtMs: number): void {
	freezeDue(state, receivedAtMs);
	const timeline = ensureProcess(state, pmId, null);
	const timed = lines.map(text => ({atMs: receivedAtMs, text: text.length > maxLineLength ? `${text.slice(0, maxLineLength)}…` : text}));
	if (timeline.open && receivedAtMs <= timeline.open.freezeAtMs) pushLines(timeline.open.lines, timed);
	else pushLines(timeline.currentRunLines, timed);
}

/**
 * Feeds the tail of a process's error log as it was before attaching. Error-log lines carry no time,
 * so exception blocks are matched to the back-filled crashes by order, newest with newest; lines after
 * the last block are the current run's.
 */
export function backfillErrorLog(state: TimelineState, pmId: number, lines: readonly string[]): void {
	const timeline = ensureProcess(state, pmId, null);
	const texts = lines.map(text => (text.length > maxLineLength ? `${text.slice(0, maxLineLength)}…` : text));
	const blocks = findExceptionBlocks(texts);
	const candidates = timeline.events.filter(
		e => e.origin === 'history' && e.stderrTail.length === 0 && upgradableCauses.has(e.cause.kind) && e.cause.kind !== 'clean-exit',
	);
	for (let j = 0; j < Math.min(blocks.length, candidates.length); j++) {
		const block = blocks[blocks.length - 1 - j]!;
		const event = candidates[candidates.length - 1 - j]!;
		const segmentStart = blocks[blocks.length - 2 - j]?.endIndex ?? 0;
		applyStderr(state, event, texts.slice(segmentStart, block.endIndex), block);
		event.stderrMatchedByOrder = true;
	}
	const afterLast = blocks.at(-1)?.endIndex ?? 0;
	const current = texts.slice(afterLast).map(text => ({atMs: 0, text}));
	timeline.currentRunLines = [...current, ...timeline.currentRunLines].slice(-maxBufferedLines);
}

/**
 * Feeds the tail of a process's error log read shortly after an exit (the store reads it on demand
 * instead of following every error log). It completes the exit still collecting stderr, or else the
 * latest live exit without stderr. Lines after the tail's last exception block were written by the
 * next run and are left out.
 */
export function observeErrorLogTail(state: TimelineState, pmId: number, lines: readonly string[], readAtMs: number): void {
	freezeDue(state, readAtMs);
	const timeline = state.processes.get(pmId);
	if (!timeline) return;
	let event = timeline.open?.event ?? null;
	if (event) timeline.open = null;
	else event = [...timeline.events].reverse().find(e => e.origin === 'live' && e.stderrTail.length === 0) ?? null;
	if (!event) return;
	const texts = lines.map(text => (text.length > maxLineLength ? `${text.slice(0, maxLineLength)}…` : text));
	const blocks = findExceptionBlocks(texts);
	const last = blocks.at(-1) ?? null;
	const segmentStart = blocks.at(-2)?.endIndex ?? 0;
	applyStderr(state, event, texts.slice(segmentStart, last ? last.endIndex : texts.length), last);
}

/** pm_ids with an exit still waiting for its stderr; each is returned once (the store then reads the error log tail). */
export function takeExitsAwaitingStderr(state: TimelineState): number[] {
	const out: number[] = [];
	for (const timeline of state.processes.values()) {
		const open = timeline.open;
		if (open && !open.stderrRequested) {
			open.stderrRequested = true;
			out.push(timeline.pmId);
		}
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// reading

/** The exits of a process, oldest first. */
export function timelineFor(state: TimelineState, pmId: number): readonly RestartEvent[] {
	return state.processes.get(pmId)?.events ?? [];
}

/** How long the process has been in its current status, as far as the polls saw (null before two polls). */
export function statusSinceMs(state: TimelineState, pmId: number): number | null {
	return state.processes.get(pmId)?.statusSinceMs ?? null;
}

/** A short label for lists: "exception", "crash", "memory limit", "watch"... */
export function causeLabel(cause: RestartCause): string {
	switch (cause.kind) {
		case 'exception':
			return 'exception';
		case 'crash':
			return 'crash';
		case 'memory-limit':
			return 'memory limit';
		case 'heap-oom':
			return 'heap OOM';
		case 'killed':
			return cause.signal;
		case 'watch':
			return 'watch';
		case 'cron':
			return 'cron';
		case 'manual':
			return `manual ${cause.action}`;
		case 'clean-exit':
			return 'exit 0';
		case 'unknown':
			return 'unknown';
	}
}

/** One sentence describing why the process exited, e.g. "uncaught TypeError: x at y (app.js:8:8)". */
export function describeCause(event: RestartEvent): string {
	const cause = event.cause;
	let text: string;
	switch (cause.kind) {
		case 'exception':
			text = `uncaught ${cause.name}${cause.message ? `: ${cause.message}` : ''}${cause.topFrame ? ` at ${cause.topFrame}` : ''}`;
			break;
		case 'crash':
			text = `crash (exit code ${event.exitCode ?? '?'})`;
			break;
		case 'memory-limit':
			text = `memory limit: RSS ${formatBytes(cause.rssBytes)} over max_memory_restart ${formatBytes(cause.limitBytes)}`;
			break;
		case 'heap-oom':
			text = 'V8 heap out of memory (aborted)';
			break;
		case 'killed':
			text = `killed by ${cause.signal} without a stop from PM2 (OOM killer or kill -9?)`;
			break;
		case 'watch':
			text = `watch: ${cause.path} changed`;
			break;
		case 'cron':
			text = `cron restart${cause.expression ? ` (${cause.expression})` : ''}`;
			break;
		case 'manual':
			text = `manual ${cause.action} (pm2 ${cause.action} or the API)`;
			break;
		case 'clean-exit':
			text = 'exited by itself with code 0';
			break;
		case 'unknown':
			text = event.exitCode !== null ? `unknown (exit code ${event.exitCode})` : 'unknown';
			break;
	}
	if (event.sigkillAfterMs !== null) text += `; SIGKILL after kill_timeout (${event.sigkillAfterMs} ms)`;
	if (event.gaveUp) text += `; PM2 gave up: errored after ${event.gaveUp.unstableRestarts} unstable restarts`;
	if (event.extraExits > 0) text += ` (+${event.extraExits} more exits between two polls)`;
	return text;
}

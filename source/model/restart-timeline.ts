// The restart timeline: every exit of every process with its time, uptime before the exit, exit code,
// signal, cause and the last stderr lines written before it.
//
// Three inputs, all optional and in any order (the store feeds what it has), each in its own module:
//  - successive list() polls (timeline-polls.ts, observeSnapshot): restart_time increments, pm_uptime
//    changes and status transitions prove that exits happened, even when nothing else is known;
//  - lines of $PM2_HOME/pm2.log (timeline-daemon-log.ts, observeDaemonLogLines): the only record of the
//    exit signal, of memory-limit restarts, watch restarts, SIGKILL escalations and "too many unstable restarts";
//  - lines of the app's error log (timeline-stderr.ts, observeErrorLogLines / backfillErrorLog): stderr
//    before the exit, and the uncaught exception's message and top frame (PM2 writes the stack there).
// An exit seen both in a poll and in pm2.log is recorded once: poll-derived exits are "claimed" by
// log lines that fall in the poll's interval, whichever arrives first.
// This module holds the state and what the three inputs share; how exits read to people lives in the UI.
import type {DaemonLogEvent} from './parse-daemon-log.js';
import {lastExceptionBlock, isStackFrameLine} from './parse-exception.js';
import type {ProcessStatus} from './types.js';

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

export type TimedLine = {atMs: number; text: string};

type OpenEvent = {event: RestartEvent; lines: TimedLine[]; freezeAtMs: number; stderrRequested?: boolean};

export type ProcessTimeline = {
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

export type RecentDaemonEvent = {event: DaemonLogEvent; consumed: boolean; claimedByPoll: boolean; timelineEvent: RestartEvent | null};

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

export const maxRecentDaemonEvents = 400;
export const maxBufferedLines = 60;
export const maxLineLength = 300;

/** Creates an empty timeline. */
export function createTimelineState(options: Partial<TimelineOptions> = {}): TimelineState {
	return {processes: new Map(), recent: [], options: {...defaultOptions, ...options}, nextEventId: 1};
}

export function ensureProcess(state: TimelineState, pmId: number, name: string | null): ProcessTimeline {
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

export function newEvent(state: TimelineState, timeline: ProcessTimeline, fields: Partial<RestartEvent> & Pick<RestartEvent, 'exitAtMs'>): RestartEvent {
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

export function insertEvent(state: TimelineState, timeline: ProcessTimeline, event: RestartEvent, before?: RestartEvent) {
	const index = before ? timeline.events.indexOf(before) : -1;
	if (index >= 0) timeline.events.splice(index, 0, event);
	else timeline.events.push(event);
	if (timeline.events.length > state.options.maxEventsPerProcess) timeline.events.splice(0, timeline.events.length - state.options.maxEventsPerProcess);
}

export function pushLines(target: TimedLine[], lines: TimedLine[]) {
	target.push(...lines);
	if (target.length > maxBufferedLines) target.splice(0, target.length - maxBufferedLines);
}

/** Starts collecting stderr for a new exit: the current run's lines so far belong to it. */
export function openForStderr(state: TimelineState, timeline: ProcessTimeline, event: RestartEvent, observedAtMs: number) {
	if (timeline.open) freeze(state, timeline);
	timeline.open = {event, lines: timeline.currentRunLines, freezeAtMs: observedAtMs + state.options.stderrGraceMs};
	timeline.currentRunLines = [];
}

export const upgradableCauses = new Set<RestartCauseKind>(['crash', 'unknown', 'clean-exit']);

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

export function applyStderr(state: TimelineState, event: RestartEvent, texts: string[], block: ReturnType<typeof lastExceptionBlock>) {
	event.stderrTail = texts.filter(text => !isStackFrameLine(text)).slice(-state.options.stderrLinesPerEvent);
	if (texts.some(text => text.includes('JavaScript heap out of memory'))) {
		event.cause = {kind: 'heap-oom'};
	} else if (block && upgradableCauses.has(event.cause.kind)) {
		event.cause = {kind: 'exception', name: block.name, message: block.message, topFrame: block.topFrame};
	}
}

export function freezeDue(state: TimelineState, nowMs: number) {
	for (const timeline of state.processes.values()) {
		if (timeline.open && nowMs >= timeline.open.freezeAtMs) freeze(state, timeline);
	}
}

/** Settles every exit whose stderr grace period is over; call it when time passes without new input. */
export function advanceTimeline(state: TimelineState, nowMs: number): void {
	freezeDue(state, nowMs);
}

/** Records when the next run started; a restart also bounds the exit time (an exit precedes its restart). */
export function noteRestart(event: RestartEvent, startedAtMs: number, precise: boolean) {
	if (event.restartedAtMs !== null && !(precise && Math.abs(startedAtMs - event.restartedAtMs) < 1000)) return;
	event.restartedAtMs = startedAtMs;
	if (event.exitTimeSource === 'daemon-log' && startedAtMs < event.exitAtMs && startedAtMs >= event.exitAtMs - 999) {
		if (event.uptimeBeforeExitMs !== null) event.uptimeBeforeExitMs = Math.max(0, event.uptimeBeforeExitMs - (event.exitAtMs - startedAtMs));
		event.exitAtMs = startedAtMs;
	}
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

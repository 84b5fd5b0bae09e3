// The restart timeline's list() input: restart_time increments, pm_uptime changes and status
// transitions prove that exits happened, even when nothing else is known.
import {ensureProcess, freezeDue, insertEvent, newEvent, noteRestart, openForStderr, type ProcessTimeline, type TimelineState} from './restart-timeline.js';
import type {DaemonSnapshot, ProcessSnapshot, ProcessStatus} from './types.js';

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

// The restart timeline's error-log input: stderr before each exit, and the uncaught exception's message
// and top frame (PM2 writes the stack there).
import {findExceptionBlocks} from './parse-exception.js';
import {applyStderr, ensureProcess, freezeDue, maxBufferedLines, maxLineLength, pushLines, upgradableCauses, type TimelineState} from './restart-timeline.js';

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

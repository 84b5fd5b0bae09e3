// The doctor's fix loop across views: a flow's ecosystem fix opens the editor (the doctor view unmounts), the
// editor saves and applies, and the doctor's flow reopens to re-run the check that produced the finding. This
// record is what survives in between: which flow and fix started it, and what the apply did.
import type {Finding} from '../../doctor/check-types.js';
import type {ConfigEdit} from '../../ecosystem/edit-config.js';
import type {RestartCauseKind, RestartEvent} from '../../model/restart-timeline.js';

export type FixLoopApply = {
	ok: boolean;
	/** The apps the apply targeted (`--only`). */
	apps: string[];
	atMs: number;
	message: string;
	/** The command as run, for the record ("pm2 startOrReload … --only worker"). */
	command: string;
};

export type FixLoopRecord = {
	/** The finding whose flow offered the fix (null when browsing a section without one). */
	finding: Finding | null;
	/** The playbook section (flow) id, to reopen it. */
	flowId: string;
	fixCursor: number;
	listCursor: number;
	edit: ConfigEdit;
	apply: FixLoopApply | null;
};

export type FixLoop = {
	current(): FixLoopRecord | null;
	begin(record: Omit<FixLoopRecord, 'apply'>): void;
	recordApply(apply: FixLoopApply): void;
	clear(): void;
};

export function createFixLoop(): FixLoop {
	let record: FixLoopRecord | null = null;
	return {
		current: () => record,
		begin(next) {
			record = {...next, apply: null};
		},
		recordApply(apply) {
			if (record) record = {...record, apply};
		},
		clear() {
			record = null;
		},
	};
}

// A reload's own exit is a 'manual' one, never counted; 'unknown' waits for pm2.log to name its cause.
const crashCauses = new Set<RestartCauseKind>(['exception', 'crash', 'heap-oom', 'memory-limit', 'killed']);

/**
 * The checks whose findings come from exits. Their windows still hold the crashes from before the fix for
 * minutes after it, so their verdict counts only the exits after the apply: one is proof it still fails, and
 * none for `quietMs` (longer when the process used to run longer before exiting) is proof it is fixed.
 */
const exitChecks: Record<string, {counts(event: RestartEvent): boolean; what: string; quietMs: number}> = {
	'restart-rate': {counts: event => crashCauses.has(event.cause.kind), what: 'crash exit', quietMs: 60_000},
	'memory-restarts': {counts: event => event.cause.kind === 'memory-limit', what: 'memory-limit restart', quietMs: 60_000},
	'heap-exhaustion': {counts: event => event.cause.kind === 'heap-oom' || event.cause.kind === 'memory-limit', what: 'out-of-memory exit', quietMs: 60_000},
	'watch-restarts': {counts: event => event.cause.kind === 'watch', what: 'watch restart', quietMs: 30_000},
};

/** A quiet period is at least this many times the longest run before a counted exit (a crash after 40 s needs more than 40 s). */
const quietPerUptime = 1.5;
const maxQuietMs = 10 * 60_000;

export type ExitVerdict =
	| {kind: 'waiting'; what: string; elapsedMs: number; quietMs: number}
	| {kind: 'fixed'; what: string; quietMs: number}
	| {kind: 'failing'; what: string; exits: RestartEvent[]};

/**
 * The verdict of an exit-based check after an apply, from the process's exits (the restart timeline) and the
 * time now; null for the other checks, whose next run says it. An exit logged in the apply's own second is
 * left out: pm2.log has second precision, and a crash from before the fix must not be blamed on it.
 */
export function judgeFixByExits(checkId: string, applyAtMs: number, exits: readonly RestartEvent[], nowMs: number): ExitVerdict | null {
	const rule = exitChecks[checkId];
	if (!rule) return null;
	const counted = exits.filter(rule.counts);
	const after = counted.filter(event => event.exitAtMs > applyAtMs);
	if (after.length > 0) return {kind: 'failing', what: rule.what, exits: after};
	const longestRunMs = Math.max(0, ...counted.map(event => event.uptimeBeforeExitMs ?? 0));
	const quietMs = Math.min(maxQuietMs, Math.max(rule.quietMs, Math.ceil((longestRunMs * quietPerUptime) / 1000) * 1000));
	const elapsedMs = Math.max(0, nowMs - applyAtMs);
	return elapsedMs >= quietMs ? {kind: 'fixed', what: rule.what, quietMs} : {kind: 'waiting', what: rule.what, elapsedMs, quietMs};
}

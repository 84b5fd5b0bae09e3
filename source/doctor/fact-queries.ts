// Small read-only queries over DoctorFacts shared by several checks.
import type {ProcessSnapshot} from '../model/types.js';
import type {DoctorFacts} from './check-types.js';
import {classifyExits, parseDaemonLog, type ClassifiedExit, type DoctorLogEvent} from './daemon-log.js';
import {toEvidenceText} from './evidence-text.js';

/** The latest poll's processes ([] when the daemon is not reachable). */
export function currentProcesses(facts: DoctorFacts): ProcessSnapshot[] {
	return facts.processes;
}

/** Processes the operator runs, i.e. without PM2 modules such as pm2-logrotate. */
export function appProcesses(facts: DoctorFacts): ProcessSnapshot[] {
	return currentProcesses(facts).filter(p => !isPm2Module(p));
}

/** PM2 modules are installed with `pm2 install` and run from $PM2_HOME/modules. */
export function isPm2Module(process: ProcessSnapshot): boolean {
	return process.name === 'pm2-logrotate' || /[/\\]modules[/\\][^/\\]+[/\\]node_modules[/\\]/.test(process.scriptPath);
}

type MemoryLimitEvent = Extract<DoctorLogEvent, {kind: 'memory-limit'}>;

/**
 * The parsed tail and, built on first use, its exits by process name and memory-limit restarts by pm_id: the
 * checks ask once per process, and a scan of the whole tail each time cost processes × lines per run.
 */
type ParsedTail = {
	events: DoctorLogEvent[];
	exits: ClassifiedExit[];
	exitsByName?: Map<string, ClassifiedExit[]>;
	memoryLimitByPmId?: Map<MemoryLimitEvent['pmId'], MemoryLimitEvent[]>;
};

const eventsCache = new WeakMap<readonly string[], ParsedTail>();

/** pm2.log parsed once per facts object. */
export function daemonLogEvents(facts: DoctorFacts): DoctorLogEvent[] {
	return parsed(facts).events;
}

/** Every exit in the pm2.log tail with its cause. */
export function classifiedExits(facts: DoctorFacts): ClassifiedExit[] {
	return parsed(facts).exits;
}

function parsed(facts: DoctorFacts): ParsedTail {
	let entry = eventsCache.get(facts.daemonLogLines);
	if (!entry) {
		const events = parseDaemonLog(facts.daemonLogLines);
		entry = {events, exits: classifyExits(events)};
		eventsCache.set(facts.daemonLogLines, entry);
	}
	return entry;
}

/** Exits of one process (matched by id, or by name when the log line has no numeric id). */
export function exitsOf(facts: DoctorFacts, process: ProcessSnapshot): ClassifiedExit[] {
	const entry = parsed(facts);
	entry.exitsByName ??= groupBy(entry.exits, exit => exit.name);
	return (entry.exitsByName.get(process.name) ?? []).filter(exit => exit.pmId === null || exit.pmId === process.pmId);
}

/** The "exceeds --max-memory-restart" restarts of one pm_id in the pm2.log tail, oldest first. */
export function memoryLimitEventsOf(facts: DoctorFacts, pmId: number): MemoryLimitEvent[] {
	const entry = parsed(facts);
	entry.memoryLimitByPmId ??= groupBy(
		entry.events.filter((event): event is MemoryLimitEvent => event.kind === 'memory-limit'),
		event => event.pmId,
	);
	return entry.memoryLimitByPmId.get(pmId) ?? [];
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
	const groups = new Map<K, T[]>();
	for (const item of items) {
		const key = keyOf(item);
		const group = groups.get(key);
		if (group) group.push(item);
		else groups.set(key, [item]);
	}
	return groups;
}

const errorHeadlinePattern = /^\s*(?:Uncaught\s+)?(?:[A-Z][A-Za-z]*(?:Error|Exception)|Error)(?: \[[A-Z_]+\])?(?::|$)|^\s*FATAL ERROR:/;
const errorCodePattern = /\b(?:EADDRINUSE|EACCES|ENOENT|MODULE_NOT_FOUND|ERR_REQUIRE_ESM)\b/;

/**
 * The most recent "headline" of an error in a log tail (e.g. "Error: Cannot find module 'x'", "SyntaxError: …"):
 * the last line shaped like `SomethingError: message`; failing that, the last line naming an error code.
 */
export function lastErrorHeadline(lines: readonly string[] | undefined): string | null {
	if (!lines) return null;
	for (const pattern of [errorHeadlinePattern, errorCodePattern]) {
		for (let i = lines.length - 1; i >= 0; i--) {
			const line = lines[i]!;
			if (/^\s+at\s/.test(line)) continue;
			if (pattern.test(line)) return toEvidenceText(line.trim());
		}
	}
	return null;
}

/** The lines of the most recent error in a tail: from its headline to the end. */
export function lastErrorBlock(lines: readonly string[] | undefined): string[] {
	if (!lines) return [];
	for (let i = lines.length - 1; i >= 0; i--) if (errorHeadlinePattern.test(lines[i]!)) return lines.slice(i);
	return [];
}

/** The last non-empty line of a tail, as evidence. */
export function lastNonEmptyLine(lines: readonly string[] | undefined): string | null {
	if (!lines) return null;
	for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.trim()) return toEvidenceText(lines[i]!.trim());
	return null;
}

/** Restart counter increase of a process over the sampled polls, with the time span it covers. */
export function sampledRestarts(facts: DoctorFacts, pmId: number): {delta: number; spanMs: number} {
	let first: {atMs: number; count: number} | null = null;
	let last: {atMs: number; count: number} | null = null;
	for (const poll of facts.polls) {
		const process = poll.processes.find(p => p.pmId === pmId);
		if (!process) continue;
		if (!first) first = {atMs: poll.takenAtMs, count: process.restartCount};
		last = {atMs: poll.takenAtMs, count: process.restartCount};
	}
	if (!first || !last) return {delta: 0, spanMs: 0};
	// restart_time only goes down on `pm2 reset`; treat that as no information.
	return {delta: Math.max(0, last.count - first.count), spanMs: last.atMs - first.atMs};
}

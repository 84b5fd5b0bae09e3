// The root cause behind a restart loop that is really a memory problem (playbook: memory-growth): V8 ran out
// of heap (SIGABRT, "FATAL ERROR: Reached heap limit … JavaScript heap out of memory") or PM2 restarted the
// process for exceeding max_memory_restart. The restart-loop finding is the symptom; this names the limit that
// was hit and the fix, and the restart-loop finding links to it.
import type {Check, DoctorFacts, Finding, Severity} from '../check-types.js';
import type {ProcessSnapshot} from '../../model/types.js';
import {heapLimitFromNodeArgs} from '../../model/trend.js';
import type {ClassifiedExit} from '../daemon-log.js';
import {appProcesses, exitsOf, memoryLimitEventsOf} from '../fact-queries.js';
import {formatBytes} from '../../model/format.js';
import {toEvidenceText, withoutDaemonLogPrefix} from '../evidence-text.js';
import {samplesOf} from './memory-growth.js';

export type MemoryExhaustion = {
	/** The id of the finding that reports it (and the check that produces it). */
	findingId: 'heap-exhaustion' | 'memory-restarts';
	/** Exits (or memory-limit restarts) of this kind in the pm2.log tail; at least 1. */
	count: number;
	/** The limit that was hit, e.g. "the 48 MB V8 heap limit (--max-old-space-size=48)". */
	limit: string;
	/** What ended the last run, for the restart-loop finding's link. */
	summary: string;
	evidence: string[];
	fix: string;
};

const heapOutOfMemoryPattern = /Reached heap limit|JavaScript heap out of memory|Ineffective mark-compacts near heap limit/;
/** V8's GC trace before an OOM: "[pid:0x…]  2945 ms: Mark-Compact 40.5 (54.2) -> 39.7 (58.2) MB, …". */
const lastGcPattern = /(Mark-Compact|Scavenge|Mark-sweep)\S* ([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB/;

/** The V8 old-space limit set for the process (node args first, then NODE_OPTIONS), in bytes. */
export function heapLimitOf(process: ProcessSnapshot): {bytes: number; flag: string} | null {
	const fromEnv = (process.env?.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);
	for (const args of [process.nodeArgs, fromEnv]) {
		const bytes = heapLimitFromNodeArgs(args);
		const flag = args.find(arg => /^--max[-_]old[-_]space[-_]size=/.test(arg.trim()));
		if (bytes !== null && flag) return {bytes, flag: flag.trim()};
	}
	return null;
}

/**
 * Whether these exits (the latest of a restart loop) ended in memory exhaustion, and which limit they hit;
 * null when they did not. With no exit in the pm2.log tail, the error log alone tells of a heap abort.
 */
export function memoryExhaustionOf(facts: DoctorFacts, process: ProcessSnapshot, exits: readonly ClassifiedExit[]): MemoryExhaustion | null {
	const heap = heapExhaustionOf(facts, process);
	if (heap && (exits.length === 0 || exits.some(exit => exit.signal === 'SIGABRT'))) return heap;
	return exits.some(exit => exit.cause === 'memory-limit') ? memoryLimitRestartsOf(facts, process) : null;
}

function heapExhaustionOf(facts: DoctorFacts, process: ProcessSnapshot): MemoryExhaustion | null {
	const tail = facts.errorLogTails[process.pmId] ?? [];
	let fatalIndex = -1;
	for (let i = tail.length - 1; i >= 0 && fatalIndex < 0; i--) if (heapOutOfMemoryPattern.test(tail[i]!)) fatalIndex = i;
	if (fatalIndex < 0) return null;
	const aborts = exitsOf(facts, process).filter(exit => exit.signal === 'SIGABRT');
	const count = Math.max(1, aborts.length);
	const heapLimit = heapLimitOf(process);
	const limit = heapLimit ? `the ${formatBytes(heapLimit.bytes)} V8 heap limit (${heapLimit.flag})` : "V8's default heap limit (no --max-old-space-size)";
	const evidence = [`heap limit: ${limit}`];
	evidence.push(
		aborts.length > 0
			? `${aborts.length} exit(s) via SIGABRT in the pm2.log tail; last: ${toEvidenceText(withoutDaemonLogPrefix(aborts.at(-1)!.exitLine))}`
			: 'the error log ends in a V8 out-of-memory abort',
	);
	evidence.push(`error log: ${toEvidenceText(tail[fatalIndex]!.trim())}`);
	const peakHeapBytes = Math.max(0, ...samplesOf(facts, process.pmId).map(sample => sample.heapUsedBytes ?? 0));
	if (peakHeapBytes > 0)
		evidence.push(`heap used peaked at ${formatBytes(peakHeapBytes)} in the sampled runs${heapLimit ? ` (limit ${formatBytes(heapLimit.bytes)})` : ''}`);
	for (let i = fatalIndex - 1; i >= 0; i--) {
		const gc = lastGcPattern.exec(tail[i]!);
		if (!gc) continue;
		const freedMb = Math.max(0, Number(gc[2]) - Number(gc[4]));
		evidence.push(
			`last garbage collection before the abort: ${gc[1]} ${gc[2]} MB → ${gc[4]} MB used (${gc[5]} MB reserved), freed only ${freedMb.toFixed(1)} MB`,
		);
		break;
	}
	const fix = heapLimit
		? `fix: raise the limit if the app needs more (node_args: ['--max-old-space-size=${Math.round((heapLimit.bytes * 2) / 1024 / 1024)}']), or find the leak (heap snapshots a few minutes apart)`
		: "fix: find the leak (heap snapshots a few minutes apart), or set node_args: ['--max-old-space-size=<MB>'] below max_memory_restart so PM2 restarts it first";
	evidence.push(fix);
	return {findingId: 'heap-exhaustion', count, limit, summary: `V8 heap exhausted at ${limit}`, evidence, fix};
}

function memoryLimitRestartsOf(facts: DoctorFacts, process: ProcessSnapshot): MemoryExhaustion | null {
	const own = memoryLimitEventsOf(facts, process.pmId);
	if (own.length === 0) return null;
	const last = own.at(-1)!;
	const limitBytes = process.maxMemoryRestartBytes ?? last.limitBytes;
	const limit = `max_memory_restart ${formatBytes(limitBytes)}`;
	const evidence = [
		`${own.length} memory-limit restart(s) in the pm2.log tail`,
		`pm2.log: ${toEvidenceText(withoutDaemonLogPrefix(last.line))}`,
		`limit hit: ${limit} (RSS was ${formatBytes(last.currentBytes)})`,
	];
	if (limitBytes < 20 * 1024 * 1024) evidence.push(`max_memory_restart is only ${formatBytes(limitBytes)}: a bare number is bytes, write '200M'`);
	const fix = `fix: raise max_memory_restart if the app needs more, or find the leak (heap snapshots a few minutes apart)`;
	evidence.push(fix);
	return {findingId: 'memory-restarts', count: own.length, limit, summary: `restarted for exceeding ${limit}`, evidence, fix};
}

/** Two or more memory deaths in the tail are a loop, not an accident. */
function severityOf(exhaustion: MemoryExhaustion): Severity {
	if (exhaustion.findingId === 'heap-exhaustion') return exhaustion.count >= 2 ? 'error' : 'warning';
	return exhaustion.count >= 3 ? 'warning' : 'info';
}

/** One finding per app process whose `exhaustionOf` says it ran out of memory. */
function exhaustionFindings(
	facts: DoctorFacts,
	exhaustionOf: (facts: DoctorFacts, process: ProcessSnapshot) => MemoryExhaustion | null,
	titleOf: (process: ProcessSnapshot, exhaustion: MemoryExhaustion) => string,
): Finding[] {
	const findings: Finding[] = [];
	for (const process of appProcesses(facts)) {
		const exhaustion = exhaustionOf(facts, process);
		if (!exhaustion) continue;
		findings.push({
			id: exhaustion.findingId,
			severity: severityOf(exhaustion),
			process: process.name,
			pmId: process.pmId,
			title: titleOf(process, exhaustion),
			evidence: exhaustion.evidence,
			flow: 'memory-growth',
		});
	}
	return findings;
}

export const heapExhaustionCheck: Check = {
	id: 'heap-exhaustion',
	flows: ['memory-growth'],
	description: 'Runs that end in V8 heap exhaustion (SIGABRT, "JavaScript heap out of memory"), with the heap limit that was hit.',
	run: facts =>
		exhaustionFindings(facts, heapExhaustionOf, (process, exhaustion) => `${process.name} runs out of memory: V8 heap exhausted at ${exhaustion.limit}`),
};

/** Restarts announced by the daemon's "exceeds --max-memory-restart" line. */
export const memoryRestartsCheck: Check = {
	id: 'memory-restarts',
	flows: ['memory-growth'],
	description: 'Restarts caused by max_memory_restart (the daemon\'s "exceeds --max-memory-restart" lines), with the limit that was hit.',
	run: facts => exhaustionFindings(facts, memoryLimitRestartsOf, (process, exhaustion) => `${process.name} was restarted for exceeding ${exhaustion.limit}`),
};

// Restart-loop detection on the restart rate itself (playbook: restart-loop).
// PM2's own guard (unstable_restarts) is blind to loops that start late, to runs longer
// than min_uptime and to restart_delay (shared notes pm2-failure-modes §2), so this check
// counts crash exits from pm2.log and restart-counter increases over the sampled polls.
import type {Check, DoctorFacts, Finding} from '../check-types.js';
import type {ProcessSnapshot} from '../../model/types.js';
import {appProcesses, exitsOf, lastErrorHeadline, sampledRestarts} from '../fact-queries.js';
import {formatDuration, toEvidenceText, withoutDaemonLogPrefix} from '../evidence-text.js';
import {memoryExhaustionOf} from './memory-exhaustion.js';

/** Thresholds from the failure-mode notes: ≥3 crashes in 60 s or ≥5 in 5 min is a loop. */
export const restartLoopThresholds = {shortWindowMs: 60_000, shortCount: 3, longWindowMs: 300_000, longCount: 5};

const defaultMinUptimeMs = 1000;
const defaultMaxRestarts = 16;

export const restartRateCheck: Check = {
	id: 'restart-rate',
	flows: ['restart-loop'],
	description: 'Crash restarts per minute from pm2.log and the sampled restart counter, whatever unstable_restarts says.',
	run(facts) {
		const findings: Finding[] = [];
		for (const process of appProcesses(facts)) {
			if (process.status === 'errored') continue; // process-errored explains those
			const finding = restartLoopFinding(facts, process);
			if (finding) findings.push(finding);
		}
		return findings;
	},
};

function restartLoopFinding(facts: DoctorFacts, process: ProcessSnapshot): Finding | null {
	const exits = exitsOf(facts, process);
	// Restarts PM2 makes on its own: crashes, and restarts for exceeding max_memory_restart (a loop too).
	const crashes = exits.filter(e => e.cause === 'crash' || e.cause === 'memory-limit');
	const crashesWithin = (windowMs: number) => crashes.filter(e => e.atMs !== null && facts.nowMs - e.atMs <= windowMs + 1000).length;
	const shortCount = crashesWithin(restartLoopThresholds.shortWindowMs);
	const longCount = crashesWithin(restartLoopThresholds.longWindowMs);

	// The sampled counter also sees restarts whose log lines we did not get; subtract known non-crash exits.
	const sampled = sampledRestarts(facts, process.pmId);
	const nonCrashInSpan = exits.filter(
		e => e.cause !== 'crash' && e.cause !== 'memory-limit' && e.atMs !== null && facts.nowMs - e.atMs <= sampled.spanMs + 2000,
	).length;
	const sampledCrashes = Math.max(0, sampled.delta - nonCrashInSpan);
	const sampledLoop = sampledCrashes >= restartLoopThresholds.shortCount && sampled.spanMs <= restartLoopThresholds.longWindowMs;

	const isLoop = shortCount >= restartLoopThresholds.shortCount || longCount >= restartLoopThresholds.longCount || sampledLoop;
	if (!isLoop) return null;

	const recent = crashes.slice(-5);
	const exhaustion = memoryExhaustionOf(facts, process, recent);
	const evidence: string[] = [];
	if (exhaustion) evidence.push(`root cause: ${exhaustion.summary} — see ${exhaustion.findingId} (memory-growth)`);
	if (shortCount > 0 || longCount > 0)
		evidence.push(
			`${shortCount} ${crashes.some(e => e.cause === 'memory-limit') ? 'crash and memory-limit' : 'crash'} restarts in the last minute, ${longCount} in the last 5 minutes (pm2.log)`,
		);
	if (sampled.delta > 0) evidence.push(`restart counter +${sampled.delta} while sampling ${formatDuration(sampled.spanMs)} (now ${process.restartCount})`);
	const uptimes = recent.map(e => e.uptimeMs).filter((u): u is number => u !== null);
	if (uptimes.length > 0) evidence.push(`uptime before each exit: ${uptimes.map(formatDuration).join(', ')}`);
	const lastCrash = recent.at(-1);
	if (lastCrash) evidence.push(`last exit: ${toEvidenceText(withoutDaemonLogPrefix(lastCrash.exitLine))}`);
	else evidence.push(`last exit code ${process.exitCode ?? 'unknown'}`);
	const headline = lastErrorHeadline(facts.errorLogTails[process.pmId]);
	if (headline) evidence.push(`last error: ${headline}`);
	evidence.push(guardExplanation(facts, process, uptimes));
	const finding: Finding = {
		id: 'restart-rate',
		severity: 'error',
		process: process.name,
		pmId: process.pmId,
		title: exhaustion ? `${process.name} is in a restart loop: it runs out of memory` : `${process.name} is in a restart loop`,
		evidence,
		flow: 'restart-loop',
	};
	if (exhaustion) finding.rootCause = {id: exhaustion.findingId, flow: 'memory-growth', title: exhaustion.summary};
	return finding;
}

/** Says whether PM2 will ever stop this loop by itself, and why not. */
function guardExplanation(facts: DoctorFacts, process: ProcessSnapshot, uptimesMs: number[]): string {
	const minUptimeMs = process.minUptimeMs ?? defaultMinUptimeMs;
	const maxRestarts = process.maxRestarts ?? defaultMaxRestarts;
	const windowMs = minUptimeMs * maxRestarts;
	const reasons: string[] = [];
	if (process.createdAtMs !== null && facts.nowMs - process.createdAtMs > windowMs)
		reasons.push(`created ${formatDuration(facts.nowMs - process.createdAtMs)} ago, past PM2's ${formatDuration(windowMs)} unstable-restart window`);
	if (uptimesMs.length > 0 && uptimesMs.every(u => u >= minUptimeMs)) reasons.push(`each run lasts longer than min_uptime (${formatDuration(minUptimeMs)})`);
	if (process.restartDelayMs) reasons.push(`restart_delay ${process.restartDelayMs} ms spends the window`);
	if (process.expBackoffRestartDelayMs) reasons.push(`exp_backoff_restart_delay never lets it reach errored`);
	const counter = `unstable_restarts = ${process.unstableRestartCount}`;
	return reasons.length > 0
		? `PM2 will never stop this loop (${counter}): ${reasons.join('; ')}`
		: `${counter} of max_restarts ${maxRestarts}: PM2 may mark it errored soon`;
}

/** A stuck `waiting restart` for longer than its restart delay allows (but with a pid, so not the masked overlimit). */
export const stuckWaitingRestartCheck: Check = {
	id: 'stuck-waiting-restart',
	flows: ['restart-loop'],
	description: 'A process left in "waiting restart" across the whole sampling window although its restart delay has long passed.',
	run(facts) {
		const findings: Finding[] = [];
		for (const process of appProcesses(facts)) {
			if (process.status !== 'waiting restart' || (process.pid === null && process.createdAtMs === null)) continue;
			const first = facts.polls.find(poll => poll.processes.some(p => p.pmId === process.pmId));
			const allWaiting = facts.polls.every(poll => poll.processes.find(p => p.pmId === process.pmId)?.status !== 'online');
			const delay = process.restartDelayMs ?? 15_000;
			const spanMs = first ? facts.nowMs - first.takenAtMs : 0;
			if (!allWaiting || spanMs < delay + 2000) continue;
			findings.push({
				id: 'stuck-waiting-restart',
				severity: 'error',
				process: process.name,
				pmId: process.pmId,
				title: `${process.name} has been "waiting restart" longer than its restart delay`,
				evidence: [`waiting for ${formatDuration(spanMs)} with restart delay ${delay} ms`, `exit code ${process.exitCode ?? 'unknown'}`],
				flow: 'restart-loop',
			});
		}
		return findings;
	},
};

// The registry of every doctor check, and the function that runs them all.
import type {Check, DoctorFacts, Finding, Severity} from './check-types.js';
import {clusterNonNodeCheck, ghostOnlineCheck, loadFailedOnlineCheck, processErroredCheck, scriptMissingCheck} from './checks/start-failure.js';
import {restartRateCheck, stuckWaitingRestartCheck} from './checks/restart-loop.js';
import {watchIgnoreDefaultsCheck, watchRestartsCheck} from './checks/watch.js';
import {heapGrowthCheck, memoryNearLimitCheck} from './checks/memory-growth.js';
import {heapExhaustionCheck, memoryRestartsCheck} from './checks/memory-exhaustion.js';
import {portInUseCheck} from './checks/port-conflict.js';
import {diskFreeCheck, logGrowthCheck, logSizeCheck} from './checks/log-bloat.js';
import {sigkillEscalationCheck, waitReadyTimeoutCheck} from './checks/kill-timeout.js';
import {daemonRunningCheck, dumpSyncCheck, startupUnitCheck} from './checks/persistence.js';
import {daemonNodeCheck, daemonVersionCheck} from './checks/daemon-outdated.js';
import {highCpuCheck} from './checks/high-cpu.js';

/** Every check, in the order findings are listed. */
export const allChecks: readonly Check[] = [
	daemonRunningCheck,
	processErroredCheck,
	ghostOnlineCheck,
	loadFailedOnlineCheck,
	scriptMissingCheck,
	clusterNonNodeCheck,
	restartRateCheck,
	stuckWaitingRestartCheck,
	portInUseCheck,
	watchRestartsCheck,
	watchIgnoreDefaultsCheck,
	heapGrowthCheck,
	memoryNearLimitCheck,
	memoryRestartsCheck,
	heapExhaustionCheck,
	highCpuCheck,
	sigkillEscalationCheck,
	waitReadyTimeoutCheck,
	logSizeCheck,
	logGrowthCheck,
	diskFreeCheck,
	startupUnitCheck,
	dumpSyncCheck,
	daemonVersionCheck,
	daemonNodeCheck,
];

const severityRank: Record<Severity, number> = {error: 0, warning: 1, info: 2};

/** Runs every check; a check that throws becomes an info finding instead of hiding the others. Sorted by severity. */
export function runChecks(facts: DoctorFacts, checks: readonly Check[] = allChecks): Finding[] {
	const findings: Finding[] = [];
	for (const check of checks) {
		try {
			findings.push(...check.run(facts));
		} catch (error) {
			findings.push({
				id: check.id,
				severity: 'info',
				process: null,
				pmId: null,
				title: `check ${check.id} failed`,
				evidence: [String((error as Error)?.message ?? error)],
				flow: check.flows[0]!,
			});
		}
	}
	return findings
		.map((finding, index) => ({finding, index}))
		.sort((a, b) => severityRank[a.finding.severity] - severityRank[b.finding.severity] || a.index - b.index)
		.map(entry => entry.finding);
}

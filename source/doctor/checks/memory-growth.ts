// Memory checks (playbook: memory-growth): a leak while still below the limit and a process near its
// limit. Runs that end at a memory limit are in memory-exhaustion.ts.
import type {Check, DoctorFacts, Finding} from '../check-types.js';
import type {ProcessSnapshot} from '../../model/types.js';
import {appProcesses} from '../fact-queries.js';
import {formatBytes} from '../../model/format.js';
import {formatDuration} from '../evidence-text.js';
import {assessLeak} from '../../model/trend.js';
import {sampleOf} from '../../model/process-history.js';
import type {MetricSample} from '../../model/types.js';

/** The window the doctor judges on; the rule itself is the trends model's one leak rule (leakRule). */
export const heapGrowthOptions = {window: '5m'} as const;

/** The process's samples: the store's history when given, else one sample per sampled poll. */
export function samplesOf(facts: DoctorFacts, pmId: number): MetricSample[] {
	const fromHistory = facts.histories?.[pmId];
	if (fromHistory) return fromHistory;
	const samples: MetricSample[] = [];
	for (const poll of facts.polls) {
		const process = poll.processes.find(p => p.pmId === pmId);
		if (process && process.pid !== null && process.status === 'online') samples.push(sampleOf(process, poll.takenAtMs));
	}
	return samples;
}

export const heapGrowthCheck: Check = {
	id: 'heap-growth',
	flows: ['memory-growth'],
	description: 'Sustained heap (or RSS) growth in the current run (robust fit of the trends model), while still below the memory limit.',
	run(facts) {
		const findings: Finding[] = [];
		for (const process of appProcesses(facts)) {
			if (process.status !== 'online') continue;
			const verdict = assessLeak(
				samplesOf(facts, process.pmId),
				{maxMemoryRestartBytes: process.maxMemoryRestartBytes, nodeArgs: process.nodeArgs},
				{window: facts.leakWindow ?? heapGrowthOptions.window, nowMs: facts.nowMs},
			);
			if (verdict.kind !== 'leaking' || verdict.growthBytesPerMin === null) continue;
			findings.push({
				id: 'heap-growth',
				severity: 'warning',
				process: process.name,
				pmId: process.pmId,
				title: `${process.name}: memory keeps growing (${formatBytes(verdict.growthBytesPerMin)}/min)`,
				evidence: [verdict.sentence, `RSS now ${formatBytes(process.rssBytes)}`, limitProjection(process, verdict.growthBytesPerMin / 60)],
				flow: 'memory-growth',
			});
		}
		return findings;
	},
};

function limitProjection(process: ProcessSnapshot, slopeBytesPerSecond: number): string {
	if (process.maxMemoryRestartBytes === null) return 'no max_memory_restart: nothing restarts it before the V8 heap limit or the kernel OOM killer';
	const remaining = process.maxMemoryRestartBytes - process.rssBytes;
	if (remaining <= 0) return `RSS is above max_memory_restart ${formatBytes(process.maxMemoryRestartBytes)}: PM2 restarts it at its next worker tick`;
	return `below max_memory_restart ${formatBytes(process.maxMemoryRestartBytes)}; reaches it in ~${formatDuration((remaining / slopeBytesPerSecond) * 1000)} at this rate`;
}

/** RSS at ≥ 90 % of max_memory_restart on the last two polls. */
export const memoryNearLimitCheck: Check = {
	id: 'memory-near-limit',
	flows: ['memory-growth'],
	description: 'RSS at 90 % or more of max_memory_restart on the last two polls.',
	run(facts) {
		const findings: Finding[] = [];
		const [previous, latest] = facts.polls.slice(-2);
		if (!previous || !latest) return findings;
		for (const process of appProcesses(facts)) {
			const limit = process.maxMemoryRestartBytes;
			if (limit === null || process.status !== 'online') continue;
			const before = previous.processes.find(p => p.pmId === process.pmId);
			if (!before || before.rssBytes < 0.9 * limit || process.rssBytes < 0.9 * limit) continue;
			findings.push({
				id: 'memory-near-limit',
				severity: 'warning',
				process: process.name,
				pmId: process.pmId,
				title: `${process.name} is at ${Math.round((process.rssBytes / limit) * 100)} % of its memory limit`,
				evidence: [`RSS ${formatBytes(process.rssBytes)} of max_memory_restart ${formatBytes(limit)}`],
				flow: 'memory-growth',
			});
		}
		return findings;
	},
};

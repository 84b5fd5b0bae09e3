// A process pinned at full CPU (playbook: high-cpu): a busy loop, a runaway regular expression, synchronous
// work on the event loop, or garbage collection near the heap limit. A spike is normal; every poll over half
// a minute at 90 % or more is not.
import type {Check, Finding} from '../check-types.js';
import {appProcesses} from '../fact-queries.js';
import {formatDuration} from '../evidence-text.js';

export const highCpuPercent = 90;
export const highCpuMinSpanMs = 30_000;
const highCpuMinPolls = 3;

export const highCpuCheck: Check = {
	id: 'high-cpu',
	flows: ['high-cpu'],
	description: `CPU at ${highCpuPercent} % or more on every poll for at least ${highCpuMinSpanMs / 1000} s (one core busy all the time).`,
	run(facts) {
		const findings: Finding[] = [];
		for (const process of appProcesses(facts)) {
			if (process.status !== 'online' || process.pid === null) continue;
			// The current run only: polls of the same pid.
			const readings = facts.polls.flatMap(poll => {
				const seen = poll.processes.find(p => p.pmId === process.pmId && p.pid === process.pid && p.status === 'online');
				return seen ? [{atMs: poll.takenAtMs, cpuPercent: seen.cpuPercent}] : [];
			});
			if (readings.length < highCpuMinPolls) continue;
			const spanMs = readings.at(-1)!.atMs - readings[0]!.atMs;
			const lowest = Math.min(...readings.map(reading => reading.cpuPercent));
			if (spanMs < highCpuMinSpanMs || lowest < highCpuPercent) continue;
			findings.push({
				id: 'high-cpu',
				severity: 'warning',
				process: process.name,
				pmId: process.pmId,
				title: `${process.name}: CPU pinned at ${Math.round(process.cpuPercent)} %`,
				evidence: [
					`CPU at ${Math.round(lowest)} % or more on all ${readings.length} polls over ${formatDuration(spanMs)}`,
					`what runs: pm2-doctor profile ${process.pmId} (the ten functions with the most self time)`,
				],
				flow: 'high-cpu',
			});
		}
		return findings;
	},
};

import {describe, expect, it} from 'vitest';
import {highCpuCheck} from '../../../source/doctor/checks/high-cpu.js';
import type {DoctorFacts} from '../../../source/doctor/check-types.js';
import {compactPoll} from '../../../source/model/poll-window.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {healthyHost, home, nowMs} from './facts-builder.js';

/** A process polled every 15 s with these CPU figures, the last one now. */
function factsWithCpu(cpuPercents: number[], extra: Parameters<typeof makeProcess>[0] = {}): DoctorFacts {
	const polls = cpuPercents.map((cpuPercent, index) => {
		const process = makeProcess({name: 'api', pmId: 3, pid: 4000, status: 'online', cpuPercent, ...extra});
		return {takenAtMs: nowMs - (cpuPercents.length - 1 - index) * 15_000, processes: [process]};
	});
	const latest = polls.at(-1)!.processes;
	return {nowMs, pm2Home: home, processes: latest, polls: polls.map(compactPoll), daemonLogLines: [], errorLogTails: {}, host: healthyHost(latest)};
}

describe('high-cpu', () => {
	it('flags a process at 90 % or more on every poll for 30 s, and says how to profile it', () => {
		const [finding] = highCpuCheck.run(factsWithCpu([99, 100, 97]));
		expect(finding).toMatchObject({id: 'high-cpu', pmId: 3, flow: 'high-cpu', title: 'api: CPU pinned at 97 %'});
		expect(finding!.evidence.join('\n')).toContain('pm2-doctor profile 3');
	});

	it('lets a spike, a short window or a dip pass', () => {
		expect(highCpuCheck.run(factsWithCpu([20, 100, 100]))).toEqual([]);
		expect(highCpuCheck.run(factsWithCpu([100, 100]))).toEqual([]);
		expect(highCpuCheck.run(factsWithCpu([100, 60, 100, 100]))).toEqual([]);
	});
});

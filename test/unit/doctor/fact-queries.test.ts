// Per-process queries over the pm2.log tail: grouped once per facts, they answer what a scan of the whole
// tail per process answered (exits by name and id, memory-limit restarts by id).
import {describe, expect, it} from 'vitest';
import {classifiedExits, daemonLogEvents, exitsOf, memoryLimitEventsOf} from '../../../source/doctor/fact-queries.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {healthyHost, home, logLine, nowMs} from './facts-builder.js';
import type {DoctorFacts} from '../../../source/doctor/check-types.js';

function factsFor(processCount: number): DoctorFacts {
	const processes = Array.from({length: processCount}, (_, pmId) => makeProcess({pmId, name: `app-${pmId % 7}`}));
	const lines: string[] = [];
	for (let round = 0; round < 3; round++) {
		for (const {pmId, name} of processes) {
			if (pmId % 3 === 0) {
				lines.push(
					logLine(
						900 - round,
						`[PM2][WORKER] Process ${pmId} restarted because it exceeds --max-memory-restart value (current_memory=${127967232 + round} max_memory_limit=104857600 [octets])`,
					),
				);
			}
			if (pmId % 2 === 0) lines.push(logLine(800 - round, `App [${name}:${pmId}] exited with code [1] via signal [SIGINT]`));
		}
	}
	return {nowMs, pm2Home: home, processes, polls: [], daemonLogLines: lines, errorLogTails: {}, host: healthyHost(processes)};
}

describe('pm2.log tail queries per process', () => {
	it('give each process its own memory-limit restarts and exits, as a scan of the whole tail does', () => {
		const facts = factsFor(60);
		for (const process of facts.processes) {
			const scanned = daemonLogEvents(facts).filter(event => event.kind === 'memory-limit' && event.pmId === process.pmId);
			expect(memoryLimitEventsOf(facts, process.pmId)).toEqual(scanned);
			expect(scanned.length).toBe(process.pmId % 3 === 0 ? 3 : 0);
			const scannedExits = classifiedExits(facts).filter(exit => exit.name === process.name && (exit.pmId === null || exit.pmId === process.pmId));
			expect(exitsOf(facts, process)).toEqual(scannedExits);
			expect(scannedExits.length).toBe(process.pmId % 2 === 0 ? 3 : 0);
		}
	});

	it('group the tail once per facts, not once per process', () => {
		const facts = factsFor(30);
		const first = memoryLimitEventsOf(facts, 0);
		expect(memoryLimitEventsOf(facts, 0)).toBe(first);
		expect(exitsOf(facts, facts.processes[0]!)).toEqual(exitsOf(facts, facts.processes[0]!));
	});
});

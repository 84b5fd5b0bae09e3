// The facts' readers run at the same time, each cut at its deadline: with fake readers and a fake clock, a
// run whose three readers each take 1.5 s is done in 1.5 s, and readers that never answer cost one deadline.
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {collectDoctorFacts, type FactReaders} from '../../../source/doctor/collect-facts.js';
import type {DoctorFacts} from '../../../source/doctor/check-types.js';
import {hostReadDeadlineMs} from '../../../source/host/bounded.js';
import type {HostFactsOptions} from '../../../source/host/host-facts.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {healthyHost, home} from './facts-builder.js';

const processes = [makeProcess({pmId: 0, name: 'api'})];
const after = <T>(ms: number, value: T) => new Promise<T>(resolve => setTimeout(() => resolve(value), ms));
const never = <T>() => new Promise<T>(() => undefined);

/** Starts a collection and reports when it is done, so the test can step the clock and look. */
function start(readers: FactReaders) {
	const done: {facts: DoctorFacts | null} = {facts: null};
	void collectDoctorFacts({pm2Home: home, processes, polls: []}, readers).then(facts => (done.facts = facts));
	return done;
}

beforeEach(() => vi.useFakeTimers({now: 1_000_000}));
afterEach(() => vi.useRealTimers());

describe('collectDoctorFacts', () => {
	it('runs the pm2.log tail, the error tails and the host readers at the same time', async () => {
		const seen: {ports: number[]; daemonLog: readonly string[]} = {ports: [], daemonLog: []};
		const done = start({
			daemonLogTail: () => after(1500, ['2026-11-25T12:00:00: PM2 log: Node.js version      : 22.1.0']),
			errorLogTails: () => after(1500, {0: ['Error: listen EADDRINUSE: address already in use :::3777']}),
			async hostFacts(options: HostFactsOptions) {
				await after(1500, null);
				seen.ports = [...(await options.socketOwnerPorts!)];
				seen.daemonLog = (await options.daemonLogLines) ?? [];
				return healthyHost(processes);
			},
		});
		await vi.advanceTimersByTimeAsync(1499);
		expect(done.facts).toBeNull();
		await vi.advanceTimersByTimeAsync(1); // one reader's time, not the 4.5 s of three in a row
		expect(done.facts?.errorLogTails[0]).toHaveLength(1);
		expect(seen.ports).toEqual([3777]); // the host readers got the EADDRINUSE port from the error tails
		expect(seen.daemonLog).toHaveLength(1);
	});

	it('cuts a reader that does not answer at its deadline, once for all of them', async () => {
		let portsSeen: number[] | null = null;
		const done = start({
			daemonLogTail: never,
			errorLogTails: never,
			async hostFacts(options: HostFactsOptions) {
				portsSeen = [...(await options.socketOwnerPorts!)];
				return healthyHost(processes);
			},
		});
		await vi.advanceTimersByTimeAsync(hostReadDeadlineMs - 1);
		expect(done.facts).toBeNull();
		await vi.advanceTimersByTimeAsync(1);
		expect(done.facts).not.toBeNull();
		expect(done.facts!.daemonLogLines).toEqual([]);
		expect(done.facts!.errorLogTails).toEqual({});
		expect(portsSeen).toEqual([]);
	});
});

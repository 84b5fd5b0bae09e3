import {describe, expect, it} from 'vitest';
import {compactPoll, keepPoll, pollWindowLimits, windowEndingWith, type PolledSnapshot} from '../../../source/model/poll-window.js';
import {sampleOf} from '../../../source/model/process-history.js';
import type {DaemonSnapshot} from '../../../source/model/types.js';
import {makeProcess} from '../../helpers/process-fixture.js';

const poll = (takenAtMs: number, restartCount = 0): DaemonSnapshot => ({
	takenAtMs,
	processes: [makeProcess({pmId: 0, name: 'web', restartCount, env: {SECRET: 'x'.repeat(1000)}}), makeProcess({pmId: 1, name: 'worker'})],
});

describe('poll window', () => {
	it('keeps only the fields that change between polls, and the same samples', () => {
		const full = poll(1000, 3);
		const compact = compactPoll(full);
		expect(Object.keys(compact.processes[0]!).sort()).toEqual(
			['cpuPercent', 'eventLoopP95Ms', 'heapTotalBytes', 'heapUsedBytes', 'pid', 'pmId', 'restartCount', 'rssBytes', 'startedAtMs', 'status'].sort(),
		);
		expect(compact.processes[0]).not.toHaveProperty('env');
		expect(compact.processes[0]!.restartCount).toBe(3);
		expect(sampleOf(compact.processes[0]!, 1000)).toEqual(sampleOf(full.processes[0]!, 1000));
	});

	it('keeps one poll per spacing and at most maxPolls, oldest dropped', () => {
		const limits = {spacingMs: 5000, maxPolls: 3};
		let window: readonly PolledSnapshot[] = [];
		for (let atMs = 0; atMs <= 30_000; atMs += 1000) window = keepPoll(window, poll(atMs), limits);
		expect(window.map(p => p.takenAtMs)).toEqual([20_000, 25_000, 30_000]);
		const same = keepPoll(window, poll(34_999), limits);
		expect(same).toBe(window);
		expect(pollWindowLimits.spacingMs * pollWindowLimits.maxPolls).toBe(300_000);
	});

	it('ends the window with the latest poll, whole, unless it was already kept', () => {
		const kept = [compactPoll(poll(0)), compactPoll(poll(5000))];
		const latest = poll(7000, 2);
		const window = windowEndingWith(kept, latest);
		expect(window.map(p => p.takenAtMs)).toEqual([0, 5000, 7000]);
		expect(window.at(-1)).toBe(latest);
		expect(windowEndingWith(kept, poll(5000)).map(p => p.takenAtMs)).toEqual([0, 5000]);
		expect(windowEndingWith([], null)).toEqual([]);
	});
});

import {describe, expect, it} from 'vitest';
import {createPollSchedule} from '../../../../source/services/store/poll-schedule.js';

describe('poll schedule', () => {
	it('polls at the base interval while polls are fast', () => {
		const schedule = createPollSchedule({baseIntervalMs: 1000});
		schedule.pollSucceeded(12);
		expect(schedule.intervalMs).toBe(1000);
	});

	it('doubles the interval on failure up to the cap, and restores it on success', () => {
		const schedule = createPollSchedule({baseIntervalMs: 1000, maxIntervalMs: 5000});
		schedule.pollFailed();
		expect(schedule.intervalMs).toBe(2000);
		schedule.pollFailed();
		schedule.pollFailed();
		expect(schedule.intervalMs).toBe(5000);
		schedule.pollSucceeded(10);
		expect(schedule.intervalMs).toBe(1000);
	});

	it('stretches the interval when a poll takes more than a fifth of it', () => {
		const schedule = createPollSchedule({baseIntervalMs: 1000});
		schedule.pollSucceeded(400);
		expect(schedule.intervalMs).toBe(2000);
	});

	it('stretches the quiet interval with the number of processes (60 ms each, at most 60 s), but not the prompt one', () => {
		const schedule = createPollSchedule({baseIntervalMs: 1000});
		schedule.pollSucceeded(12, 16);
		expect([schedule.intervalMs, schedule.promptIntervalMs]).toEqual([1000, 1000]);
		schedule.pollSucceeded(12, 200);
		expect([schedule.intervalMs, schedule.promptIntervalMs]).toEqual([12_000, 1000]);
		schedule.pollSucceeded(200, 500);
		expect([schedule.intervalMs, schedule.promptIntervalMs]).toEqual([30_000, 1000]);
		schedule.pollSucceeded(500, 1000);
		expect([schedule.intervalMs, schedule.promptIntervalMs]).toEqual([60_000, 2500]);
		schedule.pollSucceeded(500, 5000);
		expect(schedule.intervalMs).toBe(60_000);
	});

	it('never shortens a long quiet interval on failure, and makes events wait as long', () => {
		const schedule = createPollSchedule({baseIntervalMs: 1000});
		schedule.pollSucceeded(500, 1000);
		schedule.pollFailed();
		expect([schedule.intervalMs, schedule.promptIntervalMs]).toEqual([60_000, 60_000]);
	});

	it('backs off re-attach attempts 1 s, 2 s, 4 s, then 5 s, and resets once attached', () => {
		const schedule = createPollSchedule();
		expect([1, 2, 3, 4, 5].map(() => schedule.reattachDelayMs())).toEqual([1000, 2000, 4000, 5000, 5000]);
		schedule.attached();
		expect(schedule.reattachDelayMs()).toBe(1000);
	});
});

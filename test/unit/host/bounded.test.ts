// withDeadline: a reader's value when it answers in time, the fallback when it does not or fails.
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {withDeadline} from '../../../source/host/bounded.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('withDeadline', () => {
	it('gives the value in time, the fallback after the deadline or on failure', async () => {
		const results: string[] = [];
		void withDeadline(new Promise<string>(resolve => setTimeout(() => resolve('read'), 999)), 1000, 'late').then(v => results.push(v));
		void withDeadline(new Promise<string>(resolve => setTimeout(() => resolve('read'), 1001)), 1000, 'late').then(v => results.push(v));
		void withDeadline(Promise.reject(new Error('EACCES')), 1000, 'failed').then(v => results.push(v));
		await vi.advanceTimersByTimeAsync(1000);
		expect(results).toEqual(['failed', 'read', 'late']);
		expect(vi.getTimerCount()).toBe(1); // only the slow reader's own timer is left: no deadline timer outlives its reader
	});
});

import {describe, expect, it} from 'vitest';
import {defaultRetention, parseSizeBytes, planRetention, sizeCapCutMs} from '../../../source/model/history-retention.js';

describe('planRetention', () => {
	it('folds what is older than 6 h into minute buckets at a bucket boundary and deletes what is older than 7 days', () => {
		const nowMs = Date.UTC(2026, 0, 8, 12, 0, 30);
		const plan = planRetention(nowMs);
		expect(plan.bucketMs).toBe(60_000);
		expect(plan.foldFineBeforeMs).toBe(Date.UTC(2026, 0, 8, 6, 0, 0));
		expect(plan.foldFineBeforeMs % 60_000).toBe(0);
		expect(plan.deleteBeforeMs).toBe(nowMs - 7 * 24 * 3600_000);
	});

	it('defaults to a 100 MB cap', () => {
		expect(defaultRetention.maxBytes).toBe(100 * 1024 * 1024);
	});
});

describe('sizeCapCutMs', () => {
	it('drops the oldest share of the recorded span', () => {
		expect(sizeCapCutMs({oldestMs: 0, newestMs: 100 * 3600_000}, 0.1)).toBe(10 * 3600_000);
	});

	it('never drops the newest hour', () => {
		expect(sizeCapCutMs({oldestMs: 0, newestMs: 3600_000}, 0.5)).toBeNull();
		expect(sizeCapCutMs({oldestMs: 0, newestMs: 3 * 3600_000}, 0.9)).toBe(2 * 3600_000);
	});
});

describe('parseSizeBytes', () => {
	it.each([
		['100M', 100 * 1024 ** 2],
		['1.5G', 1.5 * 1024 ** 3],
		['500k', 500 * 1024],
		['64MiB', 64 * 1024 ** 2],
		['2048', 2048],
	])('%s', (text, bytes) => expect(parseSizeBytes(text)).toBe(bytes));

	it.each(['', 'lots', '-5M', '0'])('refuses %j', text => expect(parseSizeBytes(text)).toBeNull());
});

import {describe, expect, it} from 'vitest';
import {formatBytes, formatDuration, formatHeap, formatPercent, formatTimestamp, formatUptime} from '../../../source/model/format.js';

describe('formatBytes', () => {
	it.each([
		[0, '0 B'],
		[1023, '1023 B'],
		[1024, '1 KB'],
		[1536, '1.5 KB'],
		[50 * 1024 * 1024, '50 MB'],
		[1024 * 1024 - 1, '1 MB'],
		[3.25 * 1024 ** 3, '3.3 GB'],
		[null, '–'],
		[Number.NaN, '–'],
		[-5, '–'],
	])('%s → %s', (bytes, expected) => {
		expect(formatBytes(bytes)).toBe(expected);
	});
});

describe('formatHeap', () => {
	it('shows used / total and unknown parts', () => {
		expect(formatHeap(12 * 1024 * 1024, 20 * 1024 * 1024)).toBe('12 MB / 20 MB');
		expect(formatHeap(null, null)).toBe('–');
		expect(formatHeap(1024, null)).toBe('1 KB / –');
	});
});

describe('formatDuration', () => {
	it.each([
		[0, '0s'],
		[999, '0s'],
		[45_000, '45s'],
		[60_000, '1m'],
		[61_000, '1m 1s'],
		[3_600_000, '1h'],
		[3_723_000, '1h 2m'],
		[86_400_000, '1d'],
		[90_061_000, '1d 1h'],
		[null, '–'],
		[-1, '–'],
	])('%s ms → %s', (ms, expected) => {
		expect(formatDuration(ms)).toBe(expected);
	});

	it('formats uptime from a start time and clamps clock skew to 0', () => {
		expect(formatUptime(1_000, 61_000)).toBe('1m');
		expect(formatUptime(70_000, 61_000)).toBe('0s');
		expect(formatUptime(null, 61_000)).toBe('–');
	});
});

describe('formatPercent', () => {
	it.each([
		[0, '0%'],
		[3.14, '3.1%'],
		[9.96, '10%'],
		[0.04, '0%'],
		[57.6, '58%'],
		[250, '250%'],
		[-3, '0%'],
		[null, '–'],
	])('%s → %s', (percent, expected) => {
		expect(formatPercent(percent)).toBe(expected);
	});
});

describe('formatTimestamp', () => {
	it('has a fixed width and handles null', () => {
		expect(formatTimestamp(Date.UTC(2026, 0, 2, 3, 4, 5))).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		expect(formatTimestamp(null)).toBe('–');
	});
});

describe('formatBytes with a fixed decimal (rates)', () => {
	it.each([
		[5 * 1024 * 1024, '5.0 MB'],
		[2.4 * 1024 * 1024, '2.4 MB'],
		[300 * 1024, '300 KB'],
		[99.96 * 1024 * 1024, '100.0 MB'],
		[1023.7 * 1024 * 1024, '1.0 GB'],
		[512, '512 B'],
	])('%s → %s', (bytes, expected) => {
		expect(formatBytes(bytes, {fixedDecimal: true})).toBe(expected);
	});
});

import {describe, expect, it} from 'vitest';
import {sparkline} from '../../../source/model/sparkline.js';

describe('sparkline', () => {
	it('draws a rising series with block characters, newest last', () => {
		expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8)).toBe('▁▂▃▄▅▆▇█');
	});
	it('has an ASCII fallback', () => {
		expect(sparkline([0, 7], 2, {ascii: true})).toBe('_#');
	});
	it('pads short history on the left and shows gaps as spaces', () => {
		expect(sparkline([1, null, 3], 5)).toBe('  ▁ █');
	});
	it('resamples long series by bucket maximum so peaks survive', () => {
		const values = Array.from({length: 100}, (_, i) => (i === 55 ? 100 : 1));
		const line = sparkline(values, 10);
		expect(line).toHaveLength(10);
		expect(line[5]).toBe('█');
		expect(line.replace('█', '')).toBe('▁'.repeat(9));
	});
	it('survives flat, empty, one-point and non-finite input', () => {
		expect(sparkline([5, 5, 5], 3)).toBe('▁▁▁');
		expect(sparkline([], 4)).toBe('    ');
		expect(sparkline([42], 1)).toBe('▁');
		expect(sparkline([Number.NaN, Number.POSITIVE_INFINITY], 2)).toBe('  ');
		expect(sparkline([1, 2], 0)).toBe('');
	});
	it('accepts a fixed scale', () => {
		expect(sparkline([50], 1, {min: 0, max: 100})).toBe('▅');
	});
});

describe('memorySparkline', () => {
	it('draws flat, rising and falling memory differently (not a full bar for every flat process)', async () => {
		const {createMetricHistory} = await import('../../../source/model/process-history.js');
		const {memorySparkline} = await import('../../../source/model/sparkline.js');
		const historyOf = (rssAt: (index: number) => number) => {
			const history = createMetricHistory('app', 400);
			for (let index = 0; index < 300; index++)
				history.push({
					atMs: index * 1000,
					rssBytes: rssAt(index),
					heapUsedBytes: null,
					heapTotalBytes: null,
					cpuPercent: 0,
					eventLoopP95Ms: null,
					startedAtMs: 0,
				});
			return history;
		};
		const MiB = 2 ** 20;
		const flat = memorySparkline(
			historyOf(() => 50 * MiB),
			10,
		);
		const idleNoise = memorySparkline(
			historyOf(index => 50 * MiB + (index % 7) * 100_000),
			10,
		);
		const rising = memorySparkline(
			historyOf(index => 50 * MiB + index * 30_000),
			10,
		);
		const falling = memorySparkline(
			historyOf(index => 80 * MiB - index * 30_000),
			10,
		);
		expect(flat).toBe('▅'.repeat(10));
		expect(idleNoise).toBe(flat);
		const level = (char: string) => '▁▂▃▄▅▆▇█'.indexOf(char);
		expect(level(rising[0]!)).toBeLessThanOrEqual(1);
		expect(rising.at(-1)).toBe('█');
		expect(falling[0]).toBe('█');
		expect(level(falling.at(-1)!)).toBeLessThanOrEqual(1);
		expect(new Set([flat, rising, falling]).size).toBe(3);
	});

	it('draws the recent RSS of a history on its own scale, and caches by version', async () => {
		const {createMetricHistory} = await import('../../../source/model/process-history.js');
		const {memorySparkline} = await import('../../../source/model/sparkline.js');
		const sample = (atMs: number, rssBytes: number) => ({
			atMs,
			rssBytes,
			heapUsedBytes: null,
			heapTotalBytes: null,
			cpuPercent: 0,
			eventLoopP95Ms: null,
			startedAtMs: 0,
		});
		const flat = createMetricHistory('flat', 100);
		for (let i = 0; i < 16; i++) flat.push(sample(i, 50_000_000));
		// A constant RSS is a flat line, not a ramp from the bottom.
		expect(new Set(memorySparkline(flat, 8)).size).toBe(1);

		const rising = createMetricHistory('rising', 100);
		for (let i = 0; i < 16; i++) rising.push(sample(i, (i + 1) * 1_000_000));
		const line = memorySparkline(rising, 8);
		expect(line).toHaveLength(8);
		expect(line.at(-1)).toBe('█');
		expect(line.at(0)).not.toBe('█');
		expect(memorySparkline(rising, 8)).toBe(line);
		for (let i = 16; i < 40; i++) rising.push(sample(i, 0));
		expect(memorySparkline(rising, 8).at(-1)).toBe('▁');
		expect(memorySparkline(undefined, 3)).toBe('   ');
	});
});

import {describe, expect, it} from 'vitest';
import {
	assessLeak,
	formatApproxDuration,
	formatGrowthPerMinute,
	heapLimitFromNodeArgs,
	restartIndices,
	robustGrowth,
	segmentRuns,
	windowSamples,
	type TrendWindow,
} from '../../../source/model/trend.js';
import {MB, sawtooth, seededRandom, series, t0} from './synthetic-series.js';

const assess = (samples: ReturnType<typeof series>, window: TrendWindow = '5m', limits = {maxMemoryRestartBytes: 400 * MB}) =>
	assessLeak(samples, limits, {window, nowMs: samples.at(-1)?.atMs ?? t0});

describe('windowing and segmentation', () => {
	const samples = series(600_000, () => 10 * MB);
	it('keeps the samples inside the window', () => {
		const last = samples.at(-1)!.atMs;
		expect(windowSamples(samples, '1m', last)).toHaveLength(61);
		expect(windowSamples(samples, '1h', last)).toHaveLength(samples.length);
		expect(windowSamples([], '5m', last)).toEqual([]);
	});
	it('splits runs where startedAtMs changes and reports restart indices', () => {
		const a = series(10_000, () => MB, {startedAtMs: 1});
		const b = series(10_000, () => MB, {startedAtMs: 2, from: t0 + 11_000});
		const runs = segmentRuns([...a, ...b]);
		expect(runs.map(r => r.startedAtMs)).toEqual([1, 2]);
		expect(restartIndices([...a, ...b])).toEqual([a.length]);
		expect(segmentRuns([])).toEqual([]);
	});
});

describe('robustGrowth', () => {
	it('recovers the slope of a noisy line', () => {
		const random = seededRandom(7);
		const points = Array.from({length: 300}, (_, i) => ({tMs: i * 1000, value: 50 * MB + i * 20_000 + (random() - 0.5) * 200_000}));
		const fit = robustGrowth(points)!;
		expect(fit.slopeBytesPerMs * 1000).toBeGreaterThan(18_000);
		expect(fit.slopeBytesPerMs * 1000).toBeLessThan(22_000);
		expect(fit.fit).toBeGreaterThan(0.9);
		expect(fit.sustained).toBe(true);
	});
	it('fits the median of all pairwise slopes, pairs at the same time left out', () => {
		const random = seededRandom(11);
		for (const count of [3, 4, 9, 40, 120]) {
			// Whole seconds with repeats, so some pairs share a time and have no slope.
			const points = Array.from({length: count}, () => ({tMs: Math.floor(random() * 60) * 1000, value: random() * 100 * MB})).sort((a, b) => a.tMs - b.tMs);
			if (points.at(-1)!.tMs === points[0]!.tMs) continue;
			const slopes: number[] = [];
			for (const [i, a] of points.entries()) for (const b of points.slice(i + 1)) if (b.tMs > a.tMs) slopes.push((b.value - a.value) / (b.tMs - a.tMs));
			slopes.sort((x, y) => x - y);
			const mid = slopes.length >> 1;
			const expected = slopes.length % 2 ? slopes[mid]! : (slopes[mid - 1]! + slopes[mid]!) / 2;
			expect(robustGrowth(points)!.slopeBytesPerMs).toBe(expected);
		}
	});
	it('returns null for too few points and zero span', () => {
		expect(robustGrowth([])).toBeNull();
		expect(robustGrowth([{tMs: 1, value: 1}])).toBeNull();
		expect(
			robustGrowth([
				{tMs: 1, value: 1},
				{tMs: 1, value: 2},
				{tMs: 1, value: 3},
			]),
		).toBeNull();
	});
	it('calls a flat series a perfect fit with zero slope', () => {
		const fit = robustGrowth(Array.from({length: 10}, (_, i) => ({tMs: i, value: 5})))!;
		expect(fit.slopeBytesPerMs).toBe(0);
		expect(fit.fit).toBe(1);
		expect(fit.sustained).toBe(false);
	});
});

describe('assessLeak', () => {
	it('calls a steady leak leaking, with rate, fit and projection', () => {
		// 2.4 MB/min from 100 MB heap (RSS 140 MB) against a 400 MB limit.
		const samples = series(300_000, elapsed => 100 * MB + (2.4 * MB * elapsed) / 60_000);
		const verdict = assess(samples);
		expect(verdict.kind).toBe('leaking');
		expect(verdict.metric).toBe('heap');
		expect(verdict.growthBytesPerMin! / MB).toBeCloseTo(2.4, 1);
		expect(verdict.fit!).toBeGreaterThan(0.95);
		// RSS at the end: 100 + 12 + 40 = 152 MB; (400 - 152) / 2.4 ≈ 103 min.
		expect(verdict.timeToLimitMs! / 60_000).toBeCloseTo(103.3, 0);
		expect(verdict.sentence).toBe('heap +2.4 MB/min (fit 1.00) — reaches the 400 MB limit in ~1.7 h');
	});

	it('calls a leak with noise and a GC sawtooth on top leaking', () => {
		const random = seededRandom(3);
		const gc = sawtooth(0, 6 * MB, 20_000);
		const samples = series(900_000, elapsed => 80 * MB + (3 * MB * elapsed) / 60_000 + gc(elapsed) + random() * MB);
		const verdict = assess(samples, '15m');
		expect(verdict.kind).toBe('leaking');
		expect(verdict.growthBytesPerMin! / MB).toBeGreaterThan(2.5);
		expect(verdict.growthBytesPerMin! / MB).toBeLessThan(3.5);
	});

	it.each([
		['5m window, 20 s teeth', '5m', 20_000],
		['5m window, 45 s teeth', '5m', 45_000],
		['15m window, 60 s teeth', '15m', 60_000],
		['1h window, 90 s teeth', '1h', 90_000],
		['1m window, 10 s teeth', '1m', 10_000],
	] as const)('does NOT call a healthy GC sawtooth leaking (%s)', (_label, window, periodMs) => {
		const random = seededRandom(periodMs);
		const samples = series(3_600_000, elapsed => sawtooth(30 * MB, 25 * MB, periodMs)(elapsed) + random() * 0.5 * MB);
		const verdict = assess(samples, window);
		expect(verdict.kind).toBe('stable');
		expect(verdict.sentence).toMatch(/^heap( stable|: no sustained growth)/);
	});

	it('does NOT call a single step (a cache filling once) leaking', () => {
		for (const stepAt of [100_000, 150_000, 200_000]) {
			const samples = series(300_000, elapsed => (elapsed < stepAt ? 60 * MB : 90 * MB));
			expect(assess(samples).kind).toBe('stable');
		}
	});

	it('does NOT call pure noise leaking', () => {
		const random = seededRandom(11);
		const samples = series(900_000, () => 70 * MB + random() * 8 * MB);
		expect(assess(samples, '15m').kind).toBe('stable');
	});

	it('handles flat, empty and one-point series', () => {
		expect(assess(series(300_000, () => 70 * MB)).kind).toBe('stable');
		expect(assess([]).kind).toBe('not-enough-data');
		const one = assess(series(0, () => 70 * MB));
		expect(one.kind).toBe('not-enough-data');
		expect(one.sentence).toContain('not enough data');
	});

	it('uses only the current run: a leak that was reset by a restart is history', () => {
		const before = series(240_000, elapsed => 50 * MB + elapsed * 100, {startedAtMs: t0 - 1});
		const after = series(60_000, () => 50 * MB, {startedAtMs: t0 + 241_000, from: t0 + 241_000});
		const verdict = assess([...before, ...after], '5m');
		expect(verdict.kind).toBe('stable');
	});

	it('says when restarts leave no run long enough for a trend', () => {
		const runs = [0, 1, 2, 3].flatMap(i => series(8000, () => 50 * MB, {startedAtMs: t0 + i * 10_000, from: t0 + i * 10_000}));
		const verdict = assess(runs, '1m');
		expect(verdict.kind).toBe('not-enough-data');
		expect(verdict.sentence).toBe('heap: no trend — it restarted 3 times in 1m, runs too short to fit (need 45 s)');
	});

	it('ignores the warm-up after a start and waits for enough span', () => {
		// A clear leak (60 MB/min on a straight line) needs 10 s after the 2 s warm-up, a slow one 45 s.
		const clear = (durationMs: number) => series(durationMs, elapsed => 50 * MB + elapsed * 1000, {startedAtMs: t0});
		expect(assess(clear(11_000), '5m').kind).toBe('not-enough-data');
		expect(assess(clear(12_000), '5m').kind).toBe('leaking');
		const slow = (durationMs: number) => series(durationMs, elapsed => 50 * MB + elapsed * 60, {startedAtMs: t0});
		expect(assess(slow(30_000), '5m').sentence).toBe('heap: not enough data yet (28 s of samples in this run, need 45 s)');
		expect(assess(slow(47_000), '5m').kind).toBe('leaking');
	});

	it('falls back to RSS for non-Node apps and names the missing limit', () => {
		const samples = series(300_000, elapsed => 100 * MB + (5 * MB * elapsed) / 60_000).map(s => ({...s, heapUsedBytes: null, heapTotalBytes: null}));
		const verdict = assessLeak(samples, {maxMemoryRestartBytes: null}, {window: '5m', nowMs: samples.at(-1)!.atMs});
		expect(verdict.metric).toBe('rss');
		expect(verdict.kind).toBe('leaking');
		expect(verdict.sentence).toBe('RSS +5.0 MB/min (fit 1.00) — no max_memory_restart set');
	});

	it('projects against the V8 heap limit when it comes first, and says when already over', () => {
		const samples = series(300_000, elapsed => 100 * MB + (10 * MB * elapsed) / 60_000);
		const verdict = assessLeak(
			samples,
			{maxMemoryRestartBytes: 2048 * MB, nodeArgs: ['--max-old-space-size=256']},
			{window: '5m', nowMs: samples.at(-1)!.atMs},
		);
		expect(verdict.limit!.label).toBe('256 MB V8 heap limit');
		expect(verdict.timeToLimitMs! / 60_000).toBeCloseTo(10.6, 0);
		const over = assessLeak(samples, {maxMemoryRestartBytes: 100 * MB}, {window: '5m', nowMs: samples.at(-1)!.atMs});
		expect(over.sentence).toContain('already over the 100 MB limit');
	});
});

describe('formatting', () => {
	it('formats rates, durations and heap limits', () => {
		expect(formatGrowthPerMinute(2.4 * MB)).toBe('+2.4 MB/min');
		expect(formatGrowthPerMinute(-300 * 1024)).toBe('-300 KB/min');
		expect(formatApproxDuration(11 * 60_000)).toBe('~11 min');
		expect(formatApproxDuration(30_000)).toBe('~30 s');
		expect(formatApproxDuration(150 * 60_000)).toBe('~2.5 h');
		expect(formatApproxDuration(4 * 86_400_000)).toBe('~4 d');
		expect(heapLimitFromNodeArgs(['--inspect', '--max-old-space-size=512'])).toBe(512 * MB);
		expect(heapLimitFromNodeArgs([])).toBeNull();
	});
});

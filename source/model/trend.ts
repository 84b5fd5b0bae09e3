// Memory trends of one process: windowing, segmentation at restarts, a robust growth estimate and
// the leak verdict sentence ("heap +2.4 MB/min (fit 0.96) — reaches the 400 MB limit in ~11 min").
//
// Why a median-of-slopes (Theil–Sen) fit: a healthy Node heap is a sawtooth (allocations climb, a GC
// drops them). A least-squares line through a sawtooth can tilt either way depending on where the
// window cuts a tooth; the median of pairwise slopes is dominated by the many pairs that span whole
// teeth, whose slopes cancel out. A leak is only called when the growth is also *sustained*: the
// median level rises from each third of the window to the next, which rules out a single step
// (a cache filling once) and a window that catches one rising tooth.
import {formatBytes} from './format.js';
import type {MetricSample} from './types.js';

export type TrendWindow = '1m' | '5m' | '15m' | '1h';

export const trendWindows: readonly TrendWindow[] = ['1m', '5m', '15m', '1h'];

export const trendWindowMs: Record<TrendWindow, number> = {
	'1m': 60_000,
	'5m': 300_000,
	'15m': 900_000,
	'1h': 3_600_000,
};

const mebibyte = 1024 * 1024;

/** Samples inside the window ending at `nowMs`, oldest first (input must be oldest first). */
export function windowSamples(samples: readonly MetricSample[], window: TrendWindow, nowMs: number): MetricSample[] {
	const fromMs = nowMs - trendWindowMs[window];
	let first = samples.length;
	while (first > 0 && samples[first - 1]!.atMs >= fromMs) first--;
	return samples.slice(first);
}

/** One run of the process: the samples between two restarts. */
export type Run = {
	/** pm_uptime of the run (null when PM2 reported none). */
	startedAtMs: number | null;
	/** Index of the run's first sample in the input array. */
	firstIndex: number;
	samples: MetricSample[];
};

/** Splits samples at every change of startedAtMs (a restart), oldest run first. */
export function segmentRuns(samples: readonly MetricSample[]): Run[] {
	const runs: Run[] = [];
	for (let i = 0; i < samples.length; i++) {
		const sample = samples[i]!;
		const current = runs.at(-1);
		if (current && current.startedAtMs === sample.startedAtMs) current.samples.push(sample);
		else runs.push({startedAtMs: sample.startedAtMs, firstIndex: i, samples: [sample]});
	}
	return runs;
}

/** Indices (into `samples`) of the first sample of each run after the first: where restarts happened. */
export function restartIndices(samples: readonly MetricSample[]): number[] {
	return segmentRuns(samples)
		.slice(1)
		.map(run => run.firstIndex);
}

export {bucketFloor, robustGrowth, type GrowthFit, type Point} from './robust-growth.js';
import {median, robustGrowth, type Point} from './robust-growth.js';

export type LeakVerdictKind = 'leaking' | 'rising' | 'stable' | 'not-enough-data';

export type MemoryLimit = {bytes: number; label: string};

export type LeakVerdict = {
	kind: LeakVerdictKind;
	/** Which series the verdict is about: heap used for Node apps reporting it, RSS otherwise. */
	metric: 'heap' | 'rss';
	growthBytesPerMin: number | null;
	fit: number | null;
	/** The limit the projection is against, when one is known and growth is positive. */
	limit: MemoryLimit | null;
	/** Projected time until the limit is reached; 0 when already over it. */
	timeToLimitMs: number | null;
	sentence: string;
};

export type LeakAssessmentOptions = {
	window: TrendWindow;
	nowMs: number;
	/** Samples of a run younger than this are ignored (start-up allocations are not a leak). */
	warmupMs?: number;
	/** Minimum time span of usable samples before any verdict. */
	minSpanMs?: number;
};

/**
 * The one leak rule, used by the trends views and the doctor's checks alike (the screen and `check` must
 * never disagree). A slow rise needs 45 s: over a few seconds it cannot be told from one rising GC tooth.
 * A clear leak (fast, sustained and on a good straight line) is called after 10 s already.
 */
export const leakRule = {
	warmupMs: 2000,
	minSpanMs: 45_000,
	clearLeak: {minSpanMs: 10_000, minBytesPerMin: 10 * mebibyte, minFit: 0.9},
} as const;

export type ProcessLimits = {
	maxMemoryRestartBytes: number | null;
	nodeArgs?: readonly string[];
};

/** Reads the V8 old-space limit from node args (`--max-old-space-size=N`, in MB), when set. */
export function heapLimitFromNodeArgs(nodeArgs: readonly string[] | undefined): number | null {
	for (const arg of nodeArgs ?? []) {
		const match = /^--max[-_]old[-_]space[-_]size=(\d+(?:\.\d+)?)$/.exec(arg.trim());
		if (match) return Number(match[1]) * mebibyte;
	}
	return null;
}

/** Formats a byte rate per minute, e.g. "+2.4 MB/min", "-120 KB/min". */
export function formatGrowthPerMinute(bytesPerMin: number): string {
	const sign = bytesPerMin < 0 ? '-' : '+';
	const abs = Math.abs(bytesPerMin);
	return `${sign}${formatBytes(abs, {fixedDecimal: true})}/min`;
}

/** Formats a projected duration roughly, e.g. "~45 s", "~11 min", "~2.5 h", "~3 d". */
export function formatApproxDuration(durationMs: number): string {
	const seconds = durationMs / 1000;
	if (seconds < 90) return `~${Math.max(1, Math.round(seconds))} s`;
	const minutes = seconds / 60;
	if (minutes < 90) return `~${Math.round(minutes)} min`;
	const hours = minutes / 60;
	if (hours < 48) return `~${hours < 10 ? hours.toFixed(1).replace(/\.0$/, '') : Math.round(hours)} h`;
	return `~${Math.round(hours / 24)} d`;
}

const fitText = (fit: number) => fit.toFixed(2);

/**
 * Judges whether the process's memory is leaking over the window, from its current run only
 * (a restart resets memory, so earlier runs say nothing about the present slope).
 */
export function assessLeak(samples: readonly MetricSample[], limits: ProcessLimits | null, options: LeakAssessmentOptions): LeakVerdict {
	const warmupMs = options.warmupMs ?? leakRule.warmupMs;
	const minSpanMs = options.minSpanMs ?? leakRule.minSpanMs;
	const windowed = windowSamples(samples, options.window, options.nowMs);
	const runs = segmentRuns(windowed);
	const currentRun = runs.at(-1)?.samples ?? [];
	const settled = currentRun.filter(s => s.startedAtMs === null || s.atMs - s.startedAtMs >= warmupMs);

	const heapCount = settled.filter(s => s.heapUsedBytes !== null).length;
	const metric: 'heap' | 'rss' = settled.length > 0 && heapCount >= settled.length * 0.6 ? 'heap' : 'rss';
	const metricName = metric === 'heap' ? 'heap' : 'RSS';
	const points: Point[] = settled
		.map(s => ({tMs: s.atMs, value: metric === 'heap' ? s.heapUsedBytes : s.rssBytes}))
		.filter((p): p is Point => p.value !== null && Number.isFinite(p.value));

	const spanMs = points.length > 1 ? points.at(-1)!.tMs - points[0]!.tMs : 0;
	const base = {metric, limit: null, timeToLimitMs: null} as const;
	const clearLeak = points.length >= 8 && spanMs >= leakRule.clearLeak.minSpanMs && spanMs < minSpanMs ? robustGrowth(points) : null;
	const isClearLeak =
		clearLeak !== null &&
		clearLeak.sustained &&
		clearLeak.fit >= leakRule.clearLeak.minFit &&
		clearLeak.slopeBytesPerMs * 60_000 >= leakRule.clearLeak.minBytesPerMin;
	if (!isClearLeak && (points.length < 8 || spanMs < minSpanMs)) {
		const have = Math.round(spanMs / 1000);
		const need = Math.round(minSpanMs / 1000);
		// Several short runs in the window: the process restarts before any trend can show.
		const sentence =
			runs.length >= 3
				? `${metricName}: no trend — it restarted ${runs.length - 1} times in ${options.window}, runs too short to fit (need ${need} s)`
				: `${metricName}: not enough data yet (${have} s of samples in this run, need ${need} s)`;
		return {...base, kind: 'not-enough-data', growthBytesPerMin: null, fit: null, sentence};
	}

	const growth = clearLeak ?? robustGrowth(points)!;
	const perMin = growth.slopeBytesPerMs * 60_000;
	const level = median(points.map(p => p.value));
	const rise = growth.slopeBytesPerMs * growth.spanMs;
	// A rise must be visible against the level: 1 MB and 3 % of the typical value over the span.
	const significant = rise >= Math.max(mebibyte, 0.03 * level);
	const rate = `${formatGrowthPerMinute(perMin)} (fit ${fitText(growth.fit)})`;

	let kind: LeakVerdictKind;
	if (isClearLeak || (significant && growth.sustained && growth.fit >= 0.6)) kind = 'leaking';
	else if (significant && growth.sustained) kind = 'rising';
	else kind = 'stable';

	if (kind === 'stable') {
		// A significant rise that is not sustained is a step (a cache filled once) or one rising GC tooth.
		const what = significant && perMin > 0 ? `${metricName}: no sustained growth` : `${metricName} stable`;
		return {...base, kind, growthBytesPerMin: perMin, fit: growth.fit, sentence: `${what}: ${rate} over ${options.window}`};
	}

	const latest = settled.at(-1)!;
	const projection = projectToLimit(metric, growth.slopeBytesPerMs, latest, limits);
	let tail: string;
	if (!projection) tail = 'no max_memory_restart set';
	else if (projection.timeToLimitMs === 0) tail = `already over the ${projection.limit.label}`;
	else tail = `reaches the ${projection.limit.label} in ${formatApproxDuration(projection.timeToLimitMs)}`;
	const prefix = kind === 'leaking' ? `${metricName} ${rate}` : `${metricName} rising irregularly ${rate}`;
	return {
		...base,
		kind,
		growthBytesPerMin: perMin,
		fit: growth.fit,
		limit: projection?.limit ?? null,
		timeToLimitMs: projection?.timeToLimitMs ?? null,
		sentence: `${prefix} — ${tail}`,
	};
}

function projectToLimit(
	metric: 'heap' | 'rss',
	slopeBytesPerMs: number,
	latest: MetricSample,
	limits: ProcessLimits | null,
): {limit: MemoryLimit; timeToLimitMs: number} | null {
	if (!limits || slopeBytesPerMs <= 0) return null;
	const candidates: Array<{limit: MemoryLimit; timeToLimitMs: number}> = [];
	if (limits.maxMemoryRestartBytes && limits.maxMemoryRestartBytes > 0) {
		// PM2 compares RSS with max_memory_restart; heap growth shows up in RSS one for one.
		const remaining = limits.maxMemoryRestartBytes - latest.rssBytes;
		candidates.push({
			limit: {bytes: limits.maxMemoryRestartBytes, label: `${formatBytes(limits.maxMemoryRestartBytes)} limit`},
			timeToLimitMs: Math.max(0, remaining / slopeBytesPerMs),
		});
	}
	const heapLimit = heapLimitFromNodeArgs(limits.nodeArgs);
	if (metric === 'heap' && heapLimit && latest.heapUsedBytes !== null) {
		candidates.push({
			limit: {bytes: heapLimit, label: `${formatBytes(heapLimit)} V8 heap limit`},
			timeToLimitMs: Math.max(0, (heapLimit - latest.heapUsedBytes) / slopeBytesPerMs),
		});
	}
	if (candidates.length === 0) return null;
	return candidates.reduce((soonest, c) => (c.timeToLimitMs < soonest.timeToLimitMs ? c : soonest));
}

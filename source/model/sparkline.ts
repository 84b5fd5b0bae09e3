// Compact one-line charts for the process table's trend column.

const blockLevels = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;
// ASCII fallback for terminals and locales without Unicode (the theme's glyph set decides): 8 rising levels.
const asciiLevels = ['_', '.', ',', '-', '~', '=', '*', '#'] as const;

export type SparklineOptions = {
	/** Use plain ASCII characters instead of block elements. */
	ascii?: boolean;
	/** Fixed scale; by default the scale is the series' own min..max. */
	min?: number;
	max?: number;
};

/**
 * Renders values as a sparkline exactly `width` characters wide (right-aligned: the newest value is
 * the last character; missing history is padded with spaces). Longer series are resampled by taking
 * each bucket's maximum, so memory peaks stay visible. null/NaN values show as a space. A flat series
 * draws the lowest level.
 */
export function sparkline(values: ReadonlyArray<number | null>, width: number, options: SparklineOptions = {}): string {
	if (!Number.isFinite(width) || width <= 0) return '';
	const levels = options.ascii ? asciiLevels : blockLevels;
	const columns = resampleMax(values, Math.floor(width));
	const finite = columns.filter((v): v is number => v !== null);
	if (finite.length === 0) return ' '.repeat(Math.floor(width));
	const min = options.min ?? Math.min(...finite);
	const max = options.max ?? Math.max(...finite);
	const range = max - min;
	const chars = columns.map(value => {
		if (value === null) return ' ';
		if (range <= 0) return levels[0];
		const ratio = Math.min(1, Math.max(0, (value - min) / range));
		return levels[Math.min(levels.length - 1, Math.round(ratio * (levels.length - 1)))];
	});
	return chars.join('').padStart(Math.floor(width), ' ');
}

/** Reduces (or keeps) a series to at most `width` columns, each the max of its bucket. */
function resampleMax(values: ReadonlyArray<number | null>, width: number): Array<number | null> {
	const clean = values.map(v => (v === null || !Number.isFinite(v) ? null : v));
	if (clean.length <= width) return clean;
	const out: Array<number | null> = [];
	for (let column = 0; column < width; column++) {
		const from = Math.floor((column * clean.length) / width);
		const to = Math.floor(((column + 1) * clean.length) / width);
		let best: number | null = null;
		for (let i = from; i < to; i++) {
			const v = clean[i]!;
			if (v !== null && (best === null || v > best)) best = v;
		}
		out.push(best);
	}
	return out;
}

type HistoryLike = {
	readonly size: number;
	toArray(): Array<{rssBytes: number; atMs: number}>;
	/** Random access (MetricHistory has it): lets us read only the recent samples. */
	at?(index: number): {rssBytes: number} | undefined;
	readonly version?: number;
};

/** The trend column covers the last 5 minutes at the store's 1 Hz poll. */
export const memorySparklineSamples = 300;

const memorySparklineCache = new WeakMap<object, {key: string; text: string}>();

/** The smallest span the trend column's scale covers: a tenth of the level, at least 1 MiB. */
const minimumSpanFraction = 0.1;
const minimumSpanBytes = 1024 * 1024;

/**
 * The scale of the trend column: the series' own range, widened around its middle to at least a tenth of
 * its level. So a flat series sits mid-height, a rising one climbs from the bottom to the top and a falling
 * one the other way, and the noise of an idle process (a few hundred KB) stays within a level or two.
 * (A scale from 0 drew every flat process as a full bar, the same as one at its peak.)
 */
export function trendScale(values: readonly number[]): {min: number; max: number} | null {
	if (values.length === 0) return null;
	let low = Math.min(...values);
	let high = Math.max(...values);
	const minimumSpan = Math.max(minimumSpanBytes, minimumSpanFraction * Math.abs(high));
	if (high - low < minimumSpan) {
		const middle = (high + low) / 2;
		low = middle - minimumSpan / 2;
		high = middle + minimumSpan / 2;
	}
	return {min: low, max: high};
}

/**
 * The process table's trend column: RSS over the last few minutes of a process history (see
 * model/process-history.ts), on the scale of trendScale, cached per history version so a 1 Hz re-render
 * of 200 rows stays cheap.
 */
export function memorySparkline(history: HistoryLike | undefined, width: number, options: {ascii?: boolean} = {}): string {
	if (!history || history.size === 0) return ' '.repeat(Math.max(0, Math.floor(width)));
	const key = `${history.version ?? history.size}:${history.size}:${width}:${options.ascii ? 1 : 0}`;
	const cached = memorySparklineCache.get(history);
	if (cached && cached.key === key && history.version !== undefined) return cached.text;
	const count = Math.min(history.size, memorySparklineSamples);
	const values: number[] = [];
	if (history.at) {
		for (let index = history.size - count; index < history.size; index++) values.push(history.at(index)?.rssBytes ?? 0);
	} else {
		for (const sample of history.toArray().slice(-count)) values.push(sample.rssBytes);
	}
	const text = sparkline(values, width, {...options, ...trendScale(values)});
	memorySparklineCache.set(history, {key, text});
	return text;
}

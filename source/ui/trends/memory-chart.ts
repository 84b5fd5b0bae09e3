// Builds the memory chart lines (heap used, heap total, RSS and the max_memory_restart line) with
// asciichart, guarded for what asciichart cannot take: empty, one-point and flat series (kroitor/asciichart#10),
// and gaps (no NaN support: missing heap values are carried over from their neighbours).
import asciichart from 'asciichart';
import {restartIndices} from '../../model/trend.js';
import type {MetricSample} from '../../model/types.js';

const mebibyte = 1024 * 1024;

export type ChartSeriesKey = 'heapUsed' | 'heapTotal' | 'rss' | 'limit';

export type MemoryChartOptions = {
	width: number;
	/** Rows for the plot itself (the marker row comes on top of this). */
	plotRows: number;
	/** Drawn as a flat line when it is within reach of the data (else only named in the legend). */
	limitBytes: number | null;
	/** Window length, for the time axis labels, e.g. "5m". */
	windowLabel: string;
	noColor: boolean;
	/** ASCII symbols instead of box-drawing characters. */
	ascii?: boolean;
};

export type MemoryChart = {
	/** Plot rows then the marker/time row; each at most `width` columns (ANSI colour codes aside). */
	lines: string[];
	/** Which series were drawn (non-Node apps have no heap series). */
	drawn: ChartSeriesKey[];
	/** The limit exists but is far above the data, so it is not drawn. */
	limitOffChart: boolean;
	restartCount: number;
};

const colors: Record<ChartSeriesKey, string> = {
	heapUsed: asciichart.green,
	heapTotal: asciichart.blue,
	rss: asciichart.yellow,
	limit: asciichart.red,
};

const asciiSymbols = ['+', '|', '-', '-', '-', '\\', '/', '\\', '/', '|'];

const formatMb = (bytesInMb: number) => {
	const text = bytesInMb >= 100 ? `${Math.round(bytesInMb)}M` : `${bytesInMb.toFixed(1)}M`;
	return `${text.padStart(6)} `;
};

/** Fills nulls from the previous value (or the next one at the start); null when the series has no value at all. */
function fillGaps(values: Array<number | null>): number[] | null {
	const firstIndex = values.findIndex(v => v !== null);
	if (firstIndex < 0) return null;
	let last = values[firstIndex]!;
	return values.map(v => (v === null ? last : (last = v)));
}

/** Resamples to `columns` buckets (max of each bucket); also maps sample indices to columns. */
function resample(samples: readonly MetricSample[], columns: number) {
	const buckets: MetricSample[][] = Array.from({length: Math.min(columns, samples.length)}, () => []);
	const columnOf = (index: number) => Math.min(buckets.length - 1, Math.floor((index * buckets.length) / samples.length));
	samples.forEach((sample, index) => buckets[columnOf(index)]!.push(sample));
	const pick = (bucket: MetricSample[], key: 'heapUsedBytes' | 'heapTotalBytes' | 'rssBytes') => {
		let best: number | null = null;
		for (const s of bucket) {
			const v = s[key];
			if (v !== null && Number.isFinite(v) && (best === null || v > best)) best = v;
		}
		return best === null ? null : best / mebibyte;
	};
	return {
		heapUsed: buckets.map(b => pick(b, 'heapUsedBytes')),
		heapTotal: buckets.map(b => pick(b, 'heapTotalBytes')),
		rss: buckets.map(b => pick(b, 'rssBytes')),
		columnOf,
	};
}

const sgrCode = /\u001B\[(\d+)m/g;

/**
 * Rewrites asciichart's colouring the way chalk writes it: one open code per run of one colour, closed by the
 * foreground end code (39) instead of the full reset (ESC [ 0 m) asciichart puts after every coloured cell.
 * The screen looks the same; why: the frame compositor re-slices each line holding a full reset on every
 * frame to reproduce Ink's bytes (source/bundle/fast-ink-output.ts), and the trends panel redraws every
 * second. asciichart writes only foreground colours and resets.
 */
export function colourRunsOf(line: string): string {
	let out = '';
	let open: string | null = null;
	let closing = false;
	let from = 0;
	const text = (until: number) => {
		if (until === from) return;
		if (closing) {
			out += '\u001B[39m';
			open = null;
			closing = false;
		}
		out += line.slice(from, until);
	};
	for (const match of line.matchAll(sgrCode)) {
		text(match.index);
		from = match.index + match[0].length;
		const code = match[1]!;
		if (code === '0') {
			closing = open !== null;
			continue;
		}
		if (code === open) closing = false;
		else {
			if (closing || open !== null) out += '\u001B[39m';
			closing = false;
			open = code;
			out += match[0];
		}
	}
	text(line.length);
	if (open !== null) out += '\u001B[39m';
	return out;
}

/** Renders the chart for `samples` (oldest first, already cut to the window). */
export function buildMemoryChart(samples: readonly MetricSample[], options: MemoryChartOptions): MemoryChart {
	const width = Math.max(0, Math.floor(options.width));
	const plotRows = Math.max(1, Math.floor(options.plotRows));
	// asciichart puts the whole label into one cell left of the axis: with offset 2 the label (7 chars,
	// trailing space included) is cell 0, the axis cell 1, data from cell 2; visually data starts at 8.
	const labelWidth = 7;
	const offset = 2;
	const dataStart = labelWidth + 1;
	const columns = Math.max(2, width - dataStart);
	if (samples.length === 0 || width < dataStart + 4) {
		return {lines: ['(no memory samples in this window yet)'.slice(0, width)], drawn: [], limitOffChart: false, restartCount: 0};
	}
	// One point is drawn as a short flat line.
	const points = samples.length === 1 ? [samples[0]!, samples[0]!] : samples;
	const data = resample(points, columns);
	const series: Array<{key: ChartSeriesKey; values: number[]}> = [];
	// A series mostly made of carried-over values would draw a flat line that was never measured
	// (a crash-looping app dies before pm2-io reports its heap): leave it out instead.
	const mostlyMeasured = (values: Array<number | null>) => values.filter(v => v !== null).length >= values.length / 2;
	const heapTotal = mostlyMeasured(data.heapTotal) ? fillGaps(data.heapTotal) : null;
	const rss = fillGaps(data.rss);
	const heapUsed = mostlyMeasured(data.heapUsed) ? fillGaps(data.heapUsed) : null;
	if (heapTotal) series.push({key: 'heapTotal', values: heapTotal});
	if (rss) series.push({key: 'rss', values: rss});
	if (heapUsed) series.push({key: 'heapUsed', values: heapUsed});

	let min = Math.min(...series.flatMap(s => s.values));
	let max = Math.max(...series.flatMap(s => s.values));
	const limitMb = options.limitBytes ? options.limitBytes / mebibyte : null;
	// Draw the limit when the data reaches at least half of it: otherwise it would squash the data flat.
	const limitOnChart = limitMb !== null && max >= limitMb * 0.5;
	if (limitOnChart) {
		series.unshift({key: 'limit', values: new Array(series[0]!.values.length).fill(limitMb)});
		max = Math.max(max, limitMb!);
	}
	if (max - min < 1) {
		// Flat: give the axis a 1 MB span so the plot has rows and labels.
		min = Math.max(0, min - 0.5);
		max = min + 1;
	}
	const plot = asciichart.plot(
		series.map(s => s.values),
		{
			min,
			max,
			height: Math.max(1, plotRows - 1),
			offset,
			format: value => formatMb(value),
			colors: options.noColor ? undefined : series.map(s => colors[s.key]),
			symbols: options.ascii ? asciiSymbols : undefined,
		},
	);
	const lines = plot.split('\n').slice(0, plotRows).map(colourRunsOf);

	// Marker row: a restart marker under each column where a new run starts, the window's ends as labels.
	const restarts = restartIndices(samples).map(index => dataStart + data.columnOf(index));
	const marker = Array.from({length: Math.min(width, dataStart + data.rss.length)}, () => ' ');
	for (const column of restarts) if (column < marker.length) marker[column] = options.ascii ? '^' : '↑';
	// Time labels only where no restart marker needs the cells.
	const place = (text: string, at: number) => {
		if (at < 0 || at + text.length > marker.length) return;
		if (marker.slice(at, at + text.length).some(cell => cell !== ' ')) return;
		for (let i = 0; i < text.length; i++) marker[at + i] = text[i]!;
	};
	place(`-${options.windowLabel}`, dataStart);
	place('now', marker.length - 3);
	lines.push(marker.join('').trimEnd());
	return {lines, drawn: series.map(s => s.key), limitOffChart: limitMb !== null && !limitOnChart, restartCount: restarts.length};
}

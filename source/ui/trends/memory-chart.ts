// Builds the memory chart lines (heap used, heap total, RSS and the max_memory_restart line) on a time
// axis: each column is an equal slice of the window, so the plotted part shows how much of the window was
// observed and the rest stays empty ("no data before -5m"). Without colour each series is drawn with its
// own character.
// Colours are written as runs (one open code per run, closed with the foreground end code 39, never a
// full reset): the frame compositor re-slices each line holding a full reset on every frame to reproduce
// Ink's bytes (source/bundle/fast-ink-output.ts), and the trends panel redraws every second.
import {restartIndices} from '../../model/trend.js';
import type {MetricSample} from '../../model/types.js';
import {glyphs as defaultGlyphs, type GlyphSet} from '../theme.js';
import {columnMaxima, drawSeries, emptyGrid, timeColumns, type PlotGrid} from './time-plot.js';

const mebibyte = 1024 * 1024;

export type ChartSeriesKey = 'heapUsed' | 'heapTotal' | 'rss' | 'limit';

export type MemoryChartOptions = {
	width: number;
	/** Rows for the plot itself (the marker row comes under it). */
	plotRows: number;
	/** Drawn as a flat line when it is within reach of the data (else only named in the legend). */
	limitBytes: number | null;
	/** Window length, for the time axis labels, e.g. "5m". */
	windowLabel: string;
	/** Window length and end: the x axis runs from nowMs − windowMs to nowMs. */
	windowMs: number;
	nowMs: number;
	noColor: boolean;
	/** The glyph set (the run's own by default). */
	glyphs?: GlyphSet;
};

export type LegendEntry = {
	key: ChartSeriesKey;
	label: string;
	/** Ink colour, undefined without colour. */ color: string | undefined;
	/** The series' character without colour, else null. */ marker: string | null;
};

export type MemoryChart = {
	/** Plot rows then the marker/time row; each at most `width` columns (ANSI colour codes aside). */
	lines: string[];
	/** Which series were drawn (non-Node apps have no heap series). */
	drawn: ChartSeriesKey[];
	/** What each drawn series looks like, in legend order. */
	legend: LegendEntry[];
	/** The limit exists but is far above the data, so it is not drawn. */
	limitOffChart: boolean;
	restartCount: number;
	/** How much of the window the samples cover, from the oldest sample to now (0 without samples). */
	coveredMs: number;
};

type SeriesStyle = {label: string; sgr: string; color: string; marker: string};

const seriesStyles: Record<ChartSeriesKey, SeriesStyle> = {
	heapUsed: {label: 'heap used', sgr: '\u001B[32m', color: 'green', marker: '*'},
	heapTotal: {label: 'heap total', sgr: '\u001B[34m', color: 'blue', marker: '+'},
	rss: {label: 'RSS', sgr: '\u001B[33m', color: 'yellow', marker: '#'},
	limit: {label: 'limit', sgr: '\u001B[31m', color: 'red', marker: '='},
};
const legendOrder: ChartSeriesKey[] = ['heapUsed', 'heapTotal', 'rss', 'limit'];
const colourEnd = '\u001B[39m';

/** Y-axis label: always 7 columns, the last one a space. */
const formatMb = (bytesInMb: number) => {
	const text = bytesInMb >= 100 ? `${Math.round(bytesInMb)}M` : `${bytesInMb.toFixed(1)}M`;
	return `${text.padStart(6)} `;
};

/** "45s", "4m50s", "12m", "1h": how far back the data goes. */
export function formatCoveredDuration(durationMs: number): string {
	const seconds = Math.max(0, Math.round(durationMs / 1000));
	if (seconds < 60) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes >= 60) return minutes % 60 === 0 ? `${minutes / 60}h` : `${Math.floor(minutes / 60)}h${minutes % 60}m`;
	if (minutes >= 10 || seconds % 60 === 0) return `${Math.round(seconds / 60)}m`;
	return `${minutes}m${seconds % 60}s`;
}

/** The median time between consecutive samples (0 for fewer than two). */
export function medianSpacingMs(samples: readonly MetricSample[]): number {
	if (samples.length < 2) return 0;
	const spacings: number[] = [];
	for (let index = 1; index < samples.length; index++) spacings.push(samples[index]!.atMs - samples[index - 1]!.atMs);
	spacings.sort((a, b) => a - b);
	return spacings[Math.floor(spacings.length / 2)]!;
}

/** A grid row as text, each run of one series in its colour. */
function rowText(grid: PlotGrid, row: number, sgrOf: (series: number) => string | null): string {
	let out = '';
	let open: number = -1;
	const chars = grid.chars[row]!;
	const series = grid.series[row]!;
	for (let column = 0; column < grid.columns; column++) {
		const index = series[column]!;
		if (index !== open) {
			if (open >= 0 && sgrOf(open)) out += colourEnd;
			const sgr = index >= 0 ? sgrOf(index) : null;
			if (sgr) out += sgr;
			open = index;
		}
		out += chars[column];
	}
	if (open >= 0 && sgrOf(open)) out += colourEnd;
	return out.trimEnd();
}

/** Renders the chart for `samples` (oldest first, already cut to the window). */
export function buildMemoryChart(samples: readonly MetricSample[], options: MemoryChartOptions): MemoryChart {
	const glyphs = options.glyphs ?? defaultGlyphs;
	const width = Math.max(0, Math.floor(options.width));
	const plotRows = Math.max(1, Math.floor(options.plotRows));
	// The y labels take 7 columns, the axis one: data from column 8.
	const dataStart = 8;
	const columns = width - dataStart;
	if (samples.length === 0 || columns < 4) {
		return {lines: ['(no memory samples in this window yet)'.slice(0, width)], drawn: [], legend: [], limitOffChart: false, restartCount: 0, coveredMs: 0};
	}
	const grid = timeColumns(options.nowMs - options.windowMs, options.nowMs, columns);
	// A silence of three usual sample spacings is a gap (the daemon or the recorder was down) and stays empty.
	// The median spacing, not the mean: a long gap must not stretch the mean until it bridges itself. Coarse
	// recorded buckets on a finer grid are bridged up to two columns (a narrower gap could not be seen anyway).
	const maxCarryGapMs = Math.max(10_000, 3 * medianSpacingMs(samples), (2 * options.windowMs) / columns);
	const inMb = (key: 'heapUsedBytes' | 'heapTotalBytes' | 'rssBytes') =>
		columnMaxima(samples, sample => (sample[key] === null ? null : sample[key] / mebibyte), grid, maxCarryGapMs);
	const rss = inMb('rssBytes');
	const heapUsed = inMb('heapUsedBytes');
	const heapTotal = inMb('heapTotalBytes');
	// A heap series measured in less than half of the observed columns would draw mostly guesses (a
	// crash-looping app dies before pm2-io reports its heap): leave it out.
	const observed = rss.filter(v => v !== null).length;
	const mostlyMeasured = (values: Array<number | null>) => values.filter(v => v !== null).length >= observed / 2;
	const series: Array<{key: ChartSeriesKey; values: Array<number | null>}> = [];
	if (mostlyMeasured(heapTotal)) series.push({key: 'heapTotal', values: heapTotal});
	series.push({key: 'rss', values: rss});
	if (mostlyMeasured(heapUsed)) series.push({key: 'heapUsed', values: heapUsed});

	const all = series.flatMap(s => s.values).filter((v): v is number => v !== null);
	let min = all.length ? Math.min(...all) : 0;
	let max = all.length ? Math.max(...all) : 1;
	const limitMb = options.limitBytes ? options.limitBytes / mebibyte : null;
	// Draw the limit when the data reaches at least half of it: otherwise it would squash the data flat.
	const limitOnChart = limitMb !== null && max >= limitMb * 0.5;
	if (limitOnChart) {
		// A threshold, not a measurement: drawn across the whole window.
		series.unshift({key: 'limit', values: new Array<number>(columns).fill(limitMb)});
		max = Math.max(max, limitMb);
	}
	if (max - min < 1) {
		// Flat: give the axis a 1 MB span so the plot has rows and labels.
		min = Math.max(0, min - 0.5);
		max = min + 1;
	}

	const plot = emptyGrid(plotRows, columns);
	series.forEach((s, index) => drawSeries(plot, s.values, index, {min, max}, glyphs.chart, options.noColor ? seriesStyles[s.key].marker : undefined));
	const sgrOf = (index: number) => (options.noColor ? null : seriesStyles[series[index]!.key].sgr);
	const lines: string[] = [];
	for (let row = 0; row < plotRows; row++) {
		const value = plotRows > 1 ? max - (row * (max - min)) / (plotRows - 1) : max;
		lines.push(formatMb(value) + glyphs.chart.axis + rowText(plot, row, sgrOf));
	}

	// Marker row: a restart marker under each column where a new run starts, the window's ends and the
	// start of the data as labels.
	const restarts = restartIndices(samples)
		.filter(index => samples[index]!.atMs >= grid.fromMs)
		.map(index => dataStart + grid.columnOf(samples[index]!.atMs));
	const marker = new Array<string>(width).fill(' ');
	for (const column of restarts) marker[column] = glyphs.chart.restart;
	const place = (text: string, at: number) => {
		if (at < 0 || at + text.length > marker.length) return false;
		if (marker.slice(Math.max(0, at - 1), at + text.length + 1).some(cell => cell !== ' ')) return false;
		for (let i = 0; i < text.length; i++) marker[at + i] = text[i]!;
		return true;
	};
	const oldestInWindow = samples.find(s => s.atMs >= grid.fromMs) ?? samples.at(-1)!;
	const coveredMs = Math.min(options.windowMs, Math.max(0, options.nowMs - oldestInWindow.atMs));
	const firstColumn = rss.findIndex(v => v !== null);
	place(`-${options.windowLabel}`, dataStart);
	place('now', width - 3);
	if (firstColumn > 0) {
		// Say where the data starts in the empty part; when that is too narrow, mark it under the data.
		const covered = `-${formatCoveredDuration(coveredMs)}`;
		const centredIn = (text: string) => dataStart + Math.floor((firstColumn - text.length) / 2);
		const sentence = `no data before ${covered}`;
		if (!place(sentence, centredIn(sentence))) {
			if (!place(covered, dataStart + firstColumn)) place(covered, dataStart + firstColumn - covered.length);
			place('no data', centredIn('no data'));
		}
	}
	lines.push(marker.join('').trimEnd());

	const drawn = series.map(s => s.key);
	const legend = legendOrder
		.filter(key => drawn.includes(key))
		.map(key => ({
			key,
			label: seriesStyles[key].label,
			color: options.noColor ? undefined : seriesStyles[key].color,
			marker: options.noColor ? seriesStyles[key].marker : null,
		}));
	return {lines, drawn, legend, limitOffChart: limitMb !== null && !limitOnChart, restartCount: restarts.length, coveredMs};
}

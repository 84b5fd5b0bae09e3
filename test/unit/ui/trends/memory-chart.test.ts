import {describe, expect, it} from 'vitest';
import type {MetricSample} from '../../../../source/model/types.js';
import {asciiGlyphs, unicodeGlyphs} from '../../../../source/ui/theme.js';
import {buildMemoryChart, formatCoveredDuration, type MemoryChartOptions} from '../../../../source/ui/trends/memory-chart.js';

const MB = 2 ** 20;
const nowMs = 1_800_000_000_000;

/** Each visible character with the foreground colour it is drawn in (null: default). */
function colouredCells(line: string): Array<[string, string | null]> {
	const cells: Array<[string, string | null]> = [];
	let colour: string | null = null;
	for (const part of line.split(/(\u001B\[\d+m)/)) {
		const code = /^\u001B\[(\d+)m$/.exec(part)?.[1];
		if (code !== undefined) colour = code === '0' || code === '39' ? null : code;
		else for (const char of part) cells.push([char, colour]);
	}
	return cells;
}

/** One sample a second for `seconds`, ending at now; a sawtooth heap over a slowly rising RSS. */
function samples(seconds: number, {fromAgoMs = (seconds - 1) * 1000, gap}: {fromAgoMs?: number; gap?: [number, number]} = {}): MetricSample[] {
	const out: MetricSample[] = [];
	for (let index = 0; index < seconds; index++) {
		const atMs = nowMs - fromAgoMs + index * 1000;
		if (gap && atMs >= gap[0] && atMs < gap[1]) continue;
		out.push({
			atMs,
			rssBytes: (100 + index * 0.05) * MB,
			heapUsedBytes: (40 + (index % 30)) * MB,
			heapTotalBytes: 80 * MB,
			cpuPercent: 1,
			eventLoopP95Ms: null,
			startedAtMs: 0,
		});
	}
	return out;
}

const options = (extra: Partial<MemoryChartOptions>): MemoryChartOptions => ({
	width: 80,
	plotRows: 8,
	limitBytes: null,
	windowLabel: '1h',
	windowMs: 3_600_000,
	nowMs,
	noColor: true,
	glyphs: unicodeGlyphs,
	...extra,
});

/** Data columns (after the 8 label and axis columns) holding something, over all plot rows. */
function drawnColumns(lines: string[]): number[] {
	const columns = new Set<number>();
	for (const line of lines.slice(0, -1)) {
		const cells = colouredCells(line).slice(8);
		cells.forEach(([char], column) => char !== ' ' && columns.add(column));
	}
	return [...columns].sort((a, b) => a - b);
}

describe('buildMemoryChart', () => {
	it('plots against time: 5 minutes in the 1h window take the last twelfth of the width, the rest is empty and labelled', () => {
		const chart = buildMemoryChart(samples(301), options({}));
		const columns = drawnColumns(chart.lines);
		expect(columns.length).toBe(6); // 72 columns × 5/60
		expect(columns[0]).toBe(66);
		expect(columns.at(-1)).toBe(71);
		expect(chart.coveredMs).toBe(300_000);
		expect(chart.lines.at(-1)).toMatch(/^ {8}-1h {2,}no data before -5m {2,}now$/);
	});

	it('uses the whole width when the samples cover the window', () => {
		const chart = buildMemoryChart(samples(61), options({windowLabel: '1m', windowMs: 60_000}));
		expect(drawnColumns(chart.lines)).toHaveLength(72);
		expect(chart.lines.at(-1)).toBe(`${' '.repeat(8)}-1m${' '.repeat(66)}now`);
	});

	it('leaves a long outage empty but carries short gaps between polls', () => {
		const outage: [number, number] = [nowMs - 600_000, nowMs - 300_000];
		const chart = buildMemoryChart(samples(901), options({windowLabel: '15m', windowMs: 900_000}));
		expect(drawnColumns(chart.lines)).toHaveLength(72);
		const withOutage = buildMemoryChart(samples(900, {gap: outage}), options({windowLabel: '15m', windowMs: 900_000}));
		const columns = drawnColumns(withOutage.lines);
		// 5 of 15 minutes missing: a third of the columns stay empty (± one at each edge of the outage).
		expect(72 - columns.length).toBeGreaterThanOrEqual(22);
		expect(72 - columns.length).toBeLessThanOrEqual(25);
	});

	it('draws each series in its own character without colour', () => {
		const chart = buildMemoryChart(samples(300), options({windowLabel: '5m', windowMs: 300_000}));
		const plot = chart.lines
			.slice(0, -1)
			.map(line => line.slice(8))
			.join('');
		expect(plot).toContain('*');
		expect(plot).toContain('+');
		expect(plot).toContain('#');
		expect(plot).not.toMatch(/[─╭╮╯╰│]/);
		expect(chart.legend.map(entry => `${entry.marker} ${entry.label}`)).toEqual(['* heap used', '+ heap total', '# RSS']);
	});

	it('writes colour runs: one open code per run, closed with the foreground end code, never a full reset', () => {
		const chart = buildMemoryChart(samples(300), options({windowLabel: '5m', windowMs: 300_000, noColor: false}));
		const text = chart.lines.join('\n');
		expect(text).not.toContain('\u001B[0m');
		expect(text).toMatch(/\u001B\[32m[─╭╮╯╰│]+\u001B\[39m/);
		for (const line of chart.lines.slice(0, -1)) {
			// No two neighbouring runs of the same colour: each run opens once.
			expect(line).not.toMatch(/\u001B\[(\d+)m[^\u001B]*\u001B\[39m\u001B\[\1m/);
			// Every plotted cell is coloured, the labels and the axis are not.
			const cells = colouredCells(line);
			expect(cells.slice(0, 8).every(([, colour]) => colour === null)).toBe(true);
			expect(cells.slice(8).every(([char, colour]) => char === ' ' || colour !== null)).toBe(true);
		}
		expect(chart.legend.map(entry => entry.color)).toEqual(['green', 'blue', 'yellow']);
	});

	it('prints only ASCII with the ASCII glyph set, restart markers included', () => {
		const restarted = samples(300).map((s, index) => ({...s, startedAtMs: index < 150 ? 0 : 1}));
		for (const noColor of [true, false]) {
			const chart = buildMemoryChart(restarted, options({windowLabel: '5m', windowMs: 300_000, noColor, glyphs: asciiGlyphs, limitBytes: 150 * MB}));
			expect(chart.restartCount).toBe(1);
			expect(chart.lines.join('\n').replace(/\u001B\[\d+m/g, '')).toMatch(/^[\x20-\x7E\n]*$/);
			expect(chart.lines.at(-1)).toContain('^');
		}
	});

	it('survives empty, one-point and flat series', () => {
		expect(buildMemoryChart([], options({})).lines).toEqual(['(no memory samples in this window yet)']);
		const one = buildMemoryChart(samples(1), options({}));
		expect(drawnColumns(one.lines)).toEqual([71]);
		const flat = buildMemoryChart(
			samples(60).map(s => ({...s, rssBytes: 50 * MB, heapUsedBytes: 50 * MB, heapTotalBytes: 50 * MB})),
			options({windowMs: 60_000}),
		);
		expect(flat.lines.length).toBe(9);
	});
});

describe('formatCoveredDuration', () => {
	it('says how far back the data goes, briefly', () => {
		expect(formatCoveredDuration(45_000)).toBe('45s');
		expect(formatCoveredDuration(290_000)).toBe('4m50s');
		expect(formatCoveredDuration(300_000)).toBe('5m');
		expect(formatCoveredDuration(12 * 60_000 + 20_000)).toBe('12m');
		expect(formatCoveredDuration(3_600_000)).toBe('1h');
	});
});

describe('a long window over recorded history', () => {
	/** Which data columns hold a plotted cell in any row. */
	const plottedColumns = (lines: string[], width: number) =>
		Array.from({length: width - 8}, (_, column) => lines.slice(0, -1).some(line => (line[8 + column] ?? ' ') !== ' '));

	it('draws the recorded minutes continuously and the hour the recorder was down as a gap', () => {
		const width = 400;
		const recorded: MetricSample[] = [];
		// One folded sample a minute from -6h to -1h, none from -4h to -3h; then an hour of the UI's own 1 Hz samples.
		for (let atMs = nowMs - 6 * 3_600_000; atMs < nowMs - 3_600_000; atMs += 60_000) {
			if (atMs >= nowMs - 4 * 3_600_000 && atMs < nowMs - 3 * 3_600_000) continue;
			recorded.push({atMs, rssBytes: 100 * MB, heapUsedBytes: null, heapTotalBytes: null, cpuPercent: 0, eventLoopP95Ms: null, startedAtMs: 0});
		}
		const live = samples(3600).map(sample => ({...sample, heapUsedBytes: null, heapTotalBytes: null}));
		const chart = buildMemoryChart([...recorded, ...live], options({width, windowLabel: '6h', windowMs: 6 * 3_600_000}));
		const plotted = plottedColumns(chart.lines, width);
		const columnOf = (agoMs: number) => Math.floor(((6 * 3_600_000 - agoMs) / (6 * 3_600_000)) * (width - 8));
		// The recorded stretches: every column drawn (one sample a minute on 54 s columns).
		expect(plotted.slice(columnOf(6 * 3_600_000) + 1, columnOf(4 * 3_600_000) - 1).every(Boolean)).toBe(true);
		expect(plotted.slice(columnOf(3 * 3_600_000) + 1, columnOf(3_600_000) - 1).every(Boolean)).toBe(true);
		// The recorder's hour off: empty.
		expect(plotted.slice(columnOf(4 * 3_600_000) + 2, columnOf(3 * 3_600_000) - 1).some(Boolean)).toBe(false);
		expect(chart.lines.at(-1)).toMatch(/^ {8}-6h/);
	});
});

import asciichart from 'asciichart';
import sliceAnsi from 'slice-ansi';
import {describe, expect, it} from 'vitest';
import type {MetricSample} from '../../../source/model/types.js';
import {buildMemoryChart, colourRunsOf} from '../../../source/ui/trends/memory-chart.js';

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

describe('colourRunsOf', () => {
	it('writes one open code per run of a colour and closes it with the foreground end code', () => {
		const line = ' 88.7M \u001B[33m┼\u001B[0m\u001B[33m─\u001B[0m\u001B[33m─\u001B[0m  \u001B[32m╭\u001B[0m\u001B[34m╮\u001B[0m x';
		expect(colourRunsOf(line)).toBe(' 88.7M \u001B[33m┼──\u001B[39m  \u001B[32m╭\u001B[39m\u001B[34m╮\u001B[39m x');
		expect(colourRunsOf('plain ┤ text')).toBe('plain ┤ text');
	});

	it('keeps every cell in its colour on a real multi-series chart, and leaves lines that need no slicing', () => {
		const wave = (phase: number) => Array.from({length: 60}, (_, index) => 50 + 20 * Math.sin(index / 5 + phase));
		const raw = asciichart.plot([wave(0), wave(1), wave(2)], {height: 8, colors: [asciichart.blue, asciichart.yellow, asciichart.green]}).split('\n');
		expect(raw.some(line => line.includes('\u001B[0m'))).toBe(true);
		for (const line of raw) {
			const rewritten = colourRunsOf(line);
			expect(colouredCells(rewritten)).toEqual(colouredCells(line));
			expect(rewritten).not.toContain('\u001B[0m');
			expect(sliceAnsi(rewritten, 0, colouredCells(line).length)).toBe(rewritten);
		}
	});

	it('is what the memory chart draws', () => {
		const samples: MetricSample[] = Array.from({length: 40}, (_, index) => ({
			atMs: index * 1000,
			rssBytes: (60 + (index % 7)) * 2 ** 20,
			heapUsedBytes: (20 + (index % 5)) * 2 ** 20,
			heapTotalBytes: 40 * 2 ** 20,
			cpuPercent: 1,
			eventLoopP95Ms: null,
			startedAtMs: 0,
		}));
		const chart = buildMemoryChart(samples, {width: 60, plotRows: 8, limitBytes: null, windowLabel: '5m', noColor: false});
		expect(chart.lines.join('\n')).toContain('\u001B[39m');
		expect(chart.lines.join('\n')).not.toContain('\u001B[0m');
	});
});

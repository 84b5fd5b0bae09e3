// A plain-text chart on a time axis for the incident report (Markdown code block): each column is an equal slice
// of the window, so time the recorder did not see stays empty instead of being squeezed out.
import {formatBytes} from './format.js';

export type TimedValue = {atMs: number; value: number};

/** `height` rows of `width` columns plus a time axis; each column plots the largest value of its slice. */
export function textChart(points: readonly TimedValue[], window: {fromMs: number; toMs: number}, options: {width?: number; height?: number} = {}): string[] {
	const width = options.width ?? 60;
	const height = options.height ?? 8;
	const spanMs = Math.max(1, window.toMs - window.fromMs);
	const columns: Array<number | null> = Array.from({length: width}, () => null);
	for (const point of points) {
		if (point.atMs < window.fromMs || point.atMs > window.toMs || !Number.isFinite(point.value)) continue;
		const column = Math.min(width - 1, Math.floor(((point.atMs - window.fromMs) / spanMs) * width));
		columns[column] = Math.max(columns[column] ?? Number.NEGATIVE_INFINITY, point.value);
	}
	const values = columns.filter((value): value is number => value !== null);
	if (values.length === 0) return ['(no samples in this window)'];
	const min = Math.min(...values);
	const max = Math.max(...values);
	const levelOf = (value: number) => (max === min ? 0 : Math.round(((value - min) / (max - min)) * (height - 1)));
	// The top and bottom rows are labelled: the range is what matters, not a column of near-equal values.
	const labels = Array.from({length: height}, (_, row) =>
		row === 0 ? formatBytes(max, {fixedDecimal: true}) : row === height - 1 ? formatBytes(min, {fixedDecimal: true}) : '',
	);
	const labelWidth = Math.max(...labels.map(label => label.length));
	const lines: string[] = [];
	for (let row = 0; row < height; row++) {
		const level = height - 1 - row;
		const cells = columns.map(value => (value === null ? ' ' : levelOf(value) === level ? '*' : levelOf(value) > level ? '|' : ' '));
		lines.push(`${labels[row]!.padStart(labelWidth)} ┤${cells.join('')}`);
	}
	const gapColumns = columns.filter(value => value === null).length;
	lines.push(`${' '.repeat(labelWidth)} └${'─'.repeat(width)}`);
	const from = new Date(window.fromMs).toISOString().slice(11, 16);
	const to = new Date(window.toMs).toISOString().slice(11, 16);
	lines.push(`${' '.repeat(labelWidth + 2)}${from} UTC${' '.repeat(Math.max(1, width - from.length - to.length - 8))}${to} UTC`);
	if (gapColumns > 0) lines.push(`${' '.repeat(labelWidth + 2)}(empty columns: nothing recorded then)`);
	return lines;
}

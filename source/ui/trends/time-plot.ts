// A line plot on a time axis, as a grid of cells: each column is an equal slice of the window, so a
// series that covers 5 minutes of a 1 h window fills a twelfth of the width and the rest stays empty.
// Pure: the memory chart turns the grid into coloured text.
import type {ChartGlyphs} from '../theme.js';

/** Puts timestamps into `columns` equal slices of [fromMs, toMs]. */
export type TimeColumns = {
	columns: number;
	fromMs: number;
	toMs: number;
	/** The column of a time (clamped to the grid). */
	columnOf(atMs: number): number;
};

export function timeColumns(fromMs: number, toMs: number, columns: number): TimeColumns {
	const spanMs = Math.max(1, toMs - fromMs);
	return {
		columns,
		fromMs,
		toMs,
		columnOf: atMs => Math.min(columns - 1, Math.max(0, Math.floor(((atMs - fromMs) / spanMs) * columns))),
	};
}

/**
 * The largest value of each column (null: nothing measured there). Columns left empty between two measured
 * ones are carried over when the gap between their samples is short (a column narrower than the poll
 * interval); a longer silence (the daemon was unreachable) stays empty.
 */
export function columnMaxima<T extends {atMs: number}>(
	points: readonly T[],
	valueOf: (point: T) => number | null,
	grid: TimeColumns,
	maxCarryGapMs: number,
): Array<number | null> {
	const values: Array<number | null> = new Array(grid.columns).fill(null);
	const lastAtMs: number[] = new Array(grid.columns).fill(Number.NaN);
	const firstAtMs: number[] = new Array(grid.columns).fill(Number.NaN);
	for (const point of points) {
		const value = valueOf(point);
		if (value === null || !Number.isFinite(value) || point.atMs < grid.fromMs || point.atMs > grid.toMs) continue;
		const column = grid.columnOf(point.atMs);
		const current = values[column];
		if (current === null || current === undefined || value > current) values[column] = value;
		if (Number.isNaN(firstAtMs[column]!)) firstAtMs[column] = point.atMs;
		lastAtMs[column] = point.atMs;
	}
	let previous = -1;
	for (let column = 0; column < grid.columns; column++) {
		if (values[column] === null) continue;
		if (previous >= 0 && column - previous > 1 && firstAtMs[column]! - lastAtMs[previous]! <= maxCarryGapMs) {
			for (let gap = previous + 1; gap < column; gap++) values[gap] = values[previous]!;
		}
		previous = column;
	}
	return values;
}

/** A plot grid: one character and one series index (-1: empty) per cell, row 0 at the top. */
export type PlotGrid = {rows: number; columns: number; chars: string[][]; series: number[][]};

export function emptyGrid(rows: number, columns: number): PlotGrid {
	return {
		rows,
		columns,
		chars: Array.from({length: rows}, () => new Array<string>(columns).fill(' ')),
		series: Array.from({length: rows}, () => new Array<number>(columns).fill(-1)),
	};
}

/** The row of a value on a scale from `min` (bottom row) to `max` (top row). */
export function rowOf(value: number, min: number, max: number, rows: number): number {
	const ratio = max > min ? (value - min) / (max - min) : 0.5;
	return Math.min(rows - 1, Math.max(0, Math.round((1 - ratio) * (rows - 1))));
}

/**
 * Draws one series (one value or null per column) into the grid, over what is there. With a `marker`
 * every cell of the series is that character (told apart from other series without colour); otherwise
 * it is a line of level, corner and vertical pieces.
 */
export function drawSeries(
	grid: PlotGrid,
	values: ReadonlyArray<number | null>,
	seriesIndex: number,
	scale: {min: number; max: number},
	pieces: ChartGlyphs,
	marker?: string,
): void {
	const set = (row: number, column: number, char: string) => {
		grid.chars[row]![column] = marker ?? char;
		grid.series[row]![column] = seriesIndex;
	};
	let previousRow: number | null = null;
	for (let column = 0; column < Math.min(grid.columns, values.length); column++) {
		const value = values[column];
		if (value === null || value === undefined) {
			previousRow = null;
			continue;
		}
		const row = rowOf(value, scale.min, scale.max, grid.rows);
		if (previousRow === null || previousRow === row) set(row, column, pieces.level);
		else {
			// Row numbers grow downwards: a smaller row is a higher value.
			const rising = row < previousRow;
			set(previousRow, column, rising ? pieces.riseFrom : pieces.fallFrom);
			set(row, column, rising ? pieces.riseTo : pieces.fallTo);
			for (let between = Math.min(row, previousRow) + 1; between < Math.max(row, previousRow); between++) set(between, column, pieces.vertical);
		}
		previousRow = row;
	}
}

// Which process-table columns fit in the terminal, how wide each is, and the text of every cell and line.
// Pure, so the layout rules are unit-tested without rendering, and shared by the Ink table
// (components/process-table.tsx) and the plain first paint (first-paint.ts).
import {toSafeText} from '../logs/sanitize-line.js';
import {formatBytes, formatDuration, formatHeap, formatPercent, unknownValue} from '../model/format.js';
import type {ProcessSnapshot} from '../model/types.js';
import type {HealthLevel} from './table-rows.js';
import {fitToWidth} from './text-fit.js';
import {glyphs, glyphText, statusStyle} from './theme.js';

export type ColumnId = 'id' | 'name' | 'mode' | 'status' | 'flag' | 'pid' | 'uptime' | 'restarts' | 'cpu' | 'memory' | 'trend' | 'heap' | 'loop' | 'exit';

/** Per-row figures that do not come from the snapshot itself (the store's history and timeline, the doctor). */
export type RowExtras = {
	/** The problem, named (health-labels.ts: "LOOP 7/5m", "LEAK +5 MB/min", "PORT 3000", "NOSTART"); '' when healthy. */
	flag: string;
	/** How bad the named problem is: the health column is drawn red for errors, yellow for warnings. */
	level?: HealthLevel;
	/** Memory sparkline over the recent history, already `trendColumnWidth` wide. */
	trend: string;
};

export const trendColumnWidth = 10;
const noExtras: RowExtras = {flag: '', trend: ''};

export type Column = {id: ColumnId; title: string; width: number; align: 'left' | 'right'};

type ColumnSpec = {id: ColumnId; title: string; width: number; align: 'left' | 'right'; keepPriority: number};

// keepPriority: columns with the lowest value are dropped first when the terminal is narrow.
// Mode and exit code go first: the detail pane shows both for the selected process (then the memory trend).
const allColumns: ColumnSpec[] = [
	{id: 'id', title: 'id', width: 3, align: 'right', keepPriority: 100},
	{id: 'mode', title: 'mode', width: 7, align: 'left', keepPriority: 10},
	{id: 'status', title: 'status', width: 19, align: 'left', keepPriority: 100},
	{id: 'flag', title: 'health', width: 14, align: 'left', keepPriority: 95},
	{id: 'pid', title: 'pid', width: 7, align: 'right', keepPriority: 30},
	{id: 'uptime', title: 'uptime', width: 7, align: 'right', keepPriority: 60},
	{id: 'restarts', title: glyphs.restarts, width: 4, align: 'right', keepPriority: 90},
	{id: 'cpu', title: 'cpu', width: 5, align: 'right', keepPriority: 70},
	{id: 'memory', title: 'mem', width: 7, align: 'right', keepPriority: 80},
	{id: 'trend', title: 'mem trend', width: trendColumnWidth, align: 'left', keepPriority: 15},
	{id: 'heap', title: 'heap used/total', width: 15, align: 'right', keepPriority: 50},
	// PM2's event-loop delay (p95), only when some process reports it (Node apps with pmx).
	{id: 'loop', title: 'loop p95', width: 8, align: 'right', keepPriority: 14},
	{id: 'exit', title: 'exit', width: 4, align: 'right', keepPriority: 12},
];
const compactStatusWidth = 12; // glyph + space + shortLabel (≤ 10)
const nameMinWidth = 12;
const nameComfortableWidth = 16;
/** Columns with a keepPriority up to this may be dropped to keep full status labels. */
const fullStatusDropLimit = 20;
const nameMaxWidth = 32;
/** One column for the selection marker, then one space between columns. */
export const markerWidth = 1;
const gap = 1;

export type TableLayout = {columns: Column[]; compactStatus: boolean};

/** The largest pm_id in a list (0 for none): the id column is as wide as its digits. */
export function largestPmIdOf(processes: readonly ProcessSnapshot[]): number {
	let largest = 0;
	for (const process of processes) if (process.pmId > largest) largest = process.pmId;
	return largest;
}

/** Width of the id column for ids up to `largestPmId`: three digits at least, so the usual daemon's layout never moves. */
export function idColumnWidth(largestPmId: number): number {
	return Math.max(3, String(Math.max(0, Math.trunc(largestPmId))).length);
}

/**
 * Chooses the columns and widths for a table `width` columns wide: `largestPmId` sets the id column's width,
 * `eventLoop` when a process reports its event-loop delay.
 */
export function computeTableLayout(width: number, options: {largestPmId?: number; eventLoop?: boolean} = {}): TableLayout {
	const idWidth = idColumnWidth(options.largestPmId ?? 0);
	const fixedColumns = allColumns.filter(spec => spec.id !== 'loop' || options.eventLoop);
	const tryLayout = (compactStatus: boolean, specs: ColumnSpec[], nameMin: number): TableLayout | null => {
		const widths = specs.map(spec => (spec.id === 'status' && compactStatus ? compactStatusWidth : spec.id === 'id' ? idWidth : spec.width));
		const fixed = widths.reduce((sum, w) => sum + w, 0) + gap * specs.length + markerWidth;
		const nameWidth = Math.min(nameMaxWidth, width - fixed - gap);
		if (nameWidth < nameMin) return null;
		const columns: Column[] = specs.map((spec, index) => ({id: spec.id, title: spec.title, width: widths[index]!, align: spec.align}));
		columns.splice(1, 0, {id: 'name', title: 'name', width: nameWidth, align: 'left'});
		return {columns, compactStatus};
	};
	const withoutLowest = (specs: ColumnSpec[]): ColumnSpec[] | null => {
		const droppable = specs.filter(spec => spec.keepPriority < 100);
		if (droppable.length === 0) return null;
		const lowest = droppable.reduce((a, b) => (a.keepPriority <= b.keepPriority ? a : b));
		return specs.filter(spec => spec !== lowest);
	};
	// Full status labels ("waiting restart") are worth dropping mode and exit code (both in the detail
	// pane) but not more; after that, short labels keep the runtime figures on screen.
	let specs: ColumnSpec[] | null = [...fixedColumns];
	while (specs) {
		const layout = tryLayout(false, specs, nameComfortableWidth);
		if (layout) return layout;
		if (specs.some(spec => spec.keepPriority <= fullStatusDropLimit)) specs = withoutLowest(specs);
		else break;
	}
	specs = [...fixedColumns];
	while (specs) {
		const layout = tryLayout(true, specs, nameMinWidth);
		if (layout) return layout;
		specs = withoutLowest(specs);
	}
	// Absurdly narrow: id, name and status squeezed; the "too small" notice normally covers this case.
	return {
		columns: [
			{id: 'id', title: 'id', width: idWidth, align: 'right'},
			{id: 'name', title: 'name', width: Math.max(1, width - idWidth - compactStatusWidth - 3 - markerWidth), align: 'left'},
			{id: 'status', title: 'status', width: compactStatusWidth, align: 'left'},
		],
		compactStatus: true,
	};
}

/** Returns the text of one cell (unpadded). */
export function cellText(process: ProcessSnapshot, column: ColumnId, nowMs: number, compactStatus: boolean, extras: RowExtras = noExtras): string {
	switch (column) {
		case 'id':
			// App rows (table-rows.ts) have a negative key, not an id: their instances have the ids.
			return process.pmId < 0 ? '' : String(process.pmId);
		case 'name':
			// PM2 accepts any bytes in a name (`--name $'\e]0;x\a'`): shown inert, never written raw.
			return toSafeText(process.name);
		case 'mode':
			return process.execMode;
		case 'status': {
			const style = statusStyle(process.status, true);
			return `${style.glyph} ${compactStatus ? style.shortLabel : style.label}`;
		}
		case 'pid':
			return process.pid === null ? unknownValue : String(process.pid);
		case 'uptime':
			// Uptime is meaningless for a process that is not running: PM2 keeps the last start time.
			return process.status === 'online' && process.startedAtMs !== null ? formatDuration(Math.max(0, nowMs - process.startedAtMs)) : unknownValue;
		case 'restarts':
			return String(process.restartCount);
		case 'cpu':
			return process.status === 'online' ? formatPercent(process.cpuPercent) : unknownValue;
		case 'memory':
			return process.status === 'online' ? formatBytes(process.rssBytes) : unknownValue;
		case 'heap':
			return process.status === 'online' ? formatHeap(process.heapUsedBytes, process.heapTotalBytes) : unknownValue;
		case 'loop':
			return process.status === 'online' && process.eventLoopP95Ms !== null ? `${Math.round(process.eventLoopP95Ms)} ms` : unknownValue;
		case 'exit':
			return process.exitCode === null ? unknownValue : String(process.exitCode);
		case 'flag':
			return extras.flag;
		case 'trend':
			return extras.trend;
	}
}

/** The table's header line for `width` columns, ending with "N↑ M↓" when rows are hidden above or below. */
export function tableHeaderLine(layout: TableLayout, width: number, window: {offset: number; bodyRows: number; total: number}): string {
	const header = ' '.repeat(markerWidth) + layout.columns.map(column => ' ' + fitToWidth(column.title, column.width, column.align)).join('');
	const hiddenAbove = window.offset;
	const hiddenBelow = Math.max(0, window.total - window.offset - window.bodyRows);
	const scrollHint = hiddenAbove + hiddenBelow > 0 ? ` ${hiddenAbove}${glyphs.arrowUp} ${hiddenBelow}${glyphs.arrowDown}` : '';
	return fitToWidth(header, Math.max(0, width - scrollHint.length)) + scrollHint;
}

/** The cells of one row after the marker, each with its leading gap, fitted to its column. */
export function rowCells(process: ProcessSnapshot, layout: TableLayout, nowMs: number, extras: RowExtras): Array<{id: ColumnId; text: string}> {
	return layout.columns.map(column => ({
		id: column.id,
		text: ' ' + fitToWidth(glyphText(cellText(process, column.id, nowMs, layout.compactStatus, extras)), column.width, column.align),
	}));
}

// Which process-table columns fit in the terminal, how wide each is, and the text of every cell and line.
// Pure, so the layout rules are unit-tested without rendering, and shared by the Ink table
// (components/process-table.tsx) and the plain first paint (first-paint.ts).
import {toSafeText} from '../logs/sanitize-line.js';
import {formatBytes, formatDuration, formatHeap, formatPercent, unknownValue} from '../model/format.js';
import type {ProcessSnapshot} from '../model/types.js';
import type {HealthLevel} from './table-rows.js';
import stringWidth from 'string-width';
import {fitToWidth} from './text-fit.js';
import {glyphs, glyphText, statusStyle} from './theme.js';

export type ColumnId =
	'id' | 'name' | 'namespace' | 'mode' | 'status' | 'flag' | 'pid' | 'uptime' | 'restarts' | 'cpu' | 'memory' | 'trend' | 'heap' | 'loop' | 'exit';

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
// The namespace goes right after them: it is shown only when some process has one other than "default", and the
// detail pane's summary names it for the selected process.
const allColumns: ColumnSpec[] = [
	{id: 'id', title: 'id', width: 3, align: 'right', keepPriority: 100},
	{id: 'namespace', title: 'ns', width: 9, align: 'left', keepPriority: 13},
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
/** Names longer than this are cut rather than take more of the row. */
const nameLongestShown = 48;
const healthMinWidth = 'health'.length;
const healthMaxWidth = 20;
const namespaceMaxWidth = 16;
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

/** What the rows on screen hold, in terminal columns: the table's widths follow it (contentWidthsOf). */
export type ContentWidths = {
	/** The longest name as drawn (sanitized, with the app row's or instance's prefix). */
	name: number;
	/** The longest health label. */
	health: number;
	/** The longest namespace, 0 when every process is in "default" (no namespace column then). */
	namespace: number;
};

/** The content widths of the table's rows: `displays` as the table draws them, `healthLabels` their health labels. */
export function contentWidthsOf(displays: readonly ProcessSnapshot[], healthLabels: readonly string[]): ContentWidths {
	let name = 0;
	let namespace = 0;
	let namespaced = false;
	for (const display of displays) {
		name = Math.max(name, stringWidth(toSafeText(display.name)));
		if (display.namespace !== 'default' && display.namespace !== '') namespaced = true;
		namespace = Math.max(namespace, stringWidth(toSafeText(display.namespace)));
	}
	const health = healthLabels.reduce((longest, label) => Math.max(longest, stringWidth(label)), 0);
	return {name, health, namespace: namespaced ? namespace : 0};
}

export type TableLayoutOptions = {
	/** Sets the id column's width. */
	largestPmId?: number;
	/** A process reports its event-loop delay: the loop p95 column. */
	eventLoop?: boolean;
	/** Without it: the default name and health widths, no namespace column. */
	content?: ContentWidths;
};

/** Chooses the columns and widths for a table `width` columns wide. */
export function computeTableLayout(width: number, options: TableLayoutOptions = {}): TableLayout {
	const idWidth = idColumnWidth(options.largestPmId ?? 0);
	const content = options.content;
	// The health column fits the longest label on screen (a cut "LEAK +12.5 MB/mi…" says less), the namespace its longest.
	const healthWidth = content ? Math.min(healthMaxWidth, Math.max(healthMinWidth, content.health)) : null;
	const namespaceWidth = content && content.namespace > 0 ? Math.min(namespaceMaxWidth, Math.max(2, content.namespace)) : 0;
	const fixedColumns = allColumns
		.filter(spec => (spec.id !== 'loop' || options.eventLoop) && (spec.id !== 'namespace' || namespaceWidth > 0))
		.map(spec =>
			spec.id === 'flag' && healthWidth !== null ? {...spec, width: healthWidth} : spec.id === 'namespace' ? {...spec, width: namespaceWidth} : spec,
		);
	// Names are not cut while there is room: the optional columns go first (see the first pass below).
	const nameWanted = content ? Math.min(nameLongestShown, Math.max(nameComfortableWidth, content.name)) : nameComfortableWidth;
	const nameCap = Math.max(nameMaxWidth, nameWanted);
	const tryLayout = (compactStatus: boolean, specs: ColumnSpec[], nameMin: number): TableLayout | null => {
		const widths = specs.map(spec => (spec.id === 'status' && compactStatus ? compactStatusWidth : spec.id === 'id' ? idWidth : spec.width));
		const fixed = widths.reduce((sum, w) => sum + w, 0) + gap * specs.length + markerWidth;
		const nameWidth = Math.min(nameCap, width - fixed - gap);
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
		const layout = tryLayout(false, specs, nameWanted);
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
		case 'namespace':
			return toSafeText(process.namespace);
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

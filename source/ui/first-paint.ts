// The plain first paint: the header and the process table drawn with plain escape codes as soon as the
// first poll has data, while Ink, React and the views are still loading (~300 ms more on the benchmark
// box). It uses the same pure code as the Ink components (connection-text.ts, table-columns.ts,
// keymap-resolve.ts), so Ink's first frame replaces it without the screen changing shape.
// No Ink and no React here: this module is on the path to the first paint (docs/architecture.md, "Start-up").
import stringWidth from 'string-width';
import {toSafeText} from '../logs/sanitize-line.js';
import type {DaemonSnapshot} from '../model/types.js';
import type {LiveStore, StoreState} from '../services/store/store-types.js';
import {activeScopes, currentSelection, initialUiState} from './app-state.js';
import {connectionBanner, headerText} from './connection-text.js';
import {footerHints} from './keymap-resolve.js';
import {computeMainLayout} from './layout.js';
import {computeTableLayout, contentWidthsOf, largestPmIdOf, rowCells, tableHeaderLine, trendColumnWidth} from './table-columns.js';
import {memorySparkline} from '../model/sparkline.js';
import {healthByPmId, loopBadgesOf} from './health-labels.js';
import {buildRowModel, healthCounts, healthy, initialTableView, rowDisplayName} from './table-rows.js';
import {tableSummary} from './table-view-state.js';
import {replaceMethod} from './replace-method.js';
import {styleText, type TextStyle} from './sgr-style.js';
import {truncate} from './text-fit.js';
import {glyphs, glyphText, healthTone, statusStyle, toneColor} from './theme.js';

/**
 * Resolves with the store's state once it holds a snapshot, or null after `timeoutMs` or as soon as the
 * connection fails (no data will come then).
 */
export function waitForFirstSnapshot(store: LiveStore, timeoutMs: number): Promise<(StoreState & {snapshot: DaemonSnapshot}) | null> {
	return new Promise(resolve => {
		const check = (): boolean => {
			const state = store.getState();
			if (state.snapshot) return finish(state as StoreState & {snapshot: DaemonSnapshot});
			if (state.connection.kind === 'unreachable' || state.connection.kind === 'permission-denied') return finish(null);
			return false;
		};
		const timer = setTimeout(() => finish(null), timeoutMs);
		const unsubscribe = store.subscribe(check);
		function finish(result: (StoreState & {snapshot: DaemonSnapshot}) | null): true {
			clearTimeout(timer);
			unsubscribe();
			resolve(result);
			return true;
		}
		check();
	});
}

type Segment = {text: string; style?: TextStyle};

/** Joins styled segments, cutting at `width` columns with "…" as Ink's wrap="truncate" does. */
function fitSegments(segments: Segment[], width: number, noColor: boolean): string {
	let line = '';
	let room = width;
	for (const segment of segments) {
		const cut = truncate(segment.text, room);
		line += styleText(cut, segment.style, noColor);
		if (cut !== segment.text) break;
		room -= stringWidth(cut);
	}
	return line;
}

export type FirstPaintOptions = {home: string; readOnly: boolean; noColor: boolean; columns: number; rows: number; nowMs: number};

/**
 * The plain frame for `state` (which must hold a snapshot) on an empty screen: every line placed with a
 * cursor position, the cursor left at home for Ink. Null when the terminal is below the UI's minimum
 * size: Ink draws the "too small" notice then.
 */
export function plainFirstFrame(state: StoreState & {snapshot: DaemonSnapshot}, options: FirstPaintOptions): string | null {
	const {columns, rows, noColor} = options;
	const processes = state.snapshot.processes;
	// The rows as the App starts: its initial view, health from the restart timeline (no diagnosis has run yet).
	const health = healthByPmId([], loopBadgesOf(state, processes));
	const healthOf = (pmId: number) => health.get(pmId) ?? healthy;
	const model = buildRowModel(processes, initialTableView, healthOf, state.snapshot.takenAtMs);
	const layout = computeMainLayout(columns, rows, model.rows.length);
	if (layout.tooSmall) return null;
	const lines: string[] = [];

	// Header (components/header.tsx).
	const banner = connectionBanner(state.connection, options.nowMs, state.snapshot.takenAtMs);
	const header = headerText({
		home: toSafeText(options.home),
		banner,
		processCount: processes.length,
		detail: tableSummary(initialTableView, model, healthCounts(processes, healthOf)),
		readOnly: options.readOnly,
		width: columns,
	});
	const bannerColour = toneColor(banner.tone === 'info' ? 'info' : banner.tone, noColor);
	lines[0] = fitSegments(
		[
			{text: 'pm2-doctor', style: {bold: true}},
			{text: header.home},
			{text: header.banner, style: {bold: header.alarming, inverse: header.alarming, color: bannerColour}},
			{text: header.suffix},
		],
		columns,
		noColor,
	);
	// Line 1 is the status line, empty until something is flashed.

	// Process table (components/process-table.tsx), selection as the App starts: the first row, table focused.
	const tableLayout = computeTableLayout(columns, {
		largestPmId: largestPmIdOf(processes),
		eventLoop: processes.some(process => process.eventLoopP95Ms !== null),
		content: contentWidthsOf(
			model.rows.map(row => ({...row.display, name: rowDisplayName(row, glyphs.ascii)})),
			model.rows.map(row => row.health.label),
		),
	});
	const selection = currentSelection(initialUiState, {ids: model.rows.map(row => row.key), tableBodyRows: layout.tableBodyRows});
	const tableHeader = tableHeaderLine(tableLayout, columns, {offset: selection.tableOffset, bodyRows: layout.tableBodyRows, total: model.rows.length});
	lines[2] = styleText(tableHeader, {bold: true, underline: !noColor}, noColor);
	const visible = model.rows.slice(selection.tableOffset, selection.tableOffset + layout.tableBodyRows);
	visible.forEach((tableRow, index) => {
		const process = {...tableRow.display, name: rowDisplayName(tableRow, glyphs.ascii)};
		const isSelected = tableRow.key === selection.selectedPmId;
		const extras = {
			flag: tableRow.health.label,
			trend: tableRow.kind === 'app' ? '' : memorySparkline(state.histories.get(process.pmId), trendColumnWidth, {ascii: glyphs.ascii}),
		};
		const segments: Segment[] = [{text: isSelected ? glyphs.selectedRow : ' '}];
		for (const cell of rowCells(process, tableLayout, options.nowMs, extras)) {
			if (cell.id === 'status') segments.push({text: cell.text, style: {color: statusStyle(process.status, noColor).color}});
			else if (cell.id === 'flag' && extras.flag !== '') {
				segments.push({text: cell.text, style: {bold: true, color: toneColor(healthTone(tableRow.health.level), noColor)}});
			} else segments.push({text: cell.text});
		}
		const row = fitSegments(segments, columns, noColor);
		lines[3 + index] = styleText(row, {bold: isSelected, inverse: isSelected}, noColor);
	});

	// Footer (components/footer.tsx) on the frame's last line.
	lines[layout.frameRows - 1] = styleText(
		glyphText(footerHints(activeScopes(initialUiState, false, false), options.readOnly, columns)),
		{dimColor: true},
		noColor,
	);

	return lines.map((line, row) => (line ? `\u001B[${row + 1};1H${line}` : '')).join('') + '\u001B[H';
}

/**
 * Wraps the stream Ink writes to so that its first frame (the first write with a line break) erases each
 * line just before drawing it, and everything below it: Ink trims trailing spaces and writes from the
 * cursor, so without this the plain paint's longer lines would leave characters behind. Erasing line by
 * line, in the same write as the new text, never shows a blank screen.
 */
export function eraseUnderFirstFrame(stream: NodeJS.WriteStream): NodeJS.WriteStream {
	let isFirstFrameDone = false;
	return replaceMethod(stream, 'write', (chunk: unknown, ...rest: unknown[]) => {
		if (!isFirstFrameDone && typeof chunk === 'string' && chunk.includes('\n')) {
			isFirstFrameDone = true;
			chunk = eraseLinesAsWritten(chunk);
		}
		return (stream.write as (...args: unknown[]) => boolean)(chunk, ...rest);
	});
}

/** Prefixes every line of `frame` with "erase line"; after a frame ending in a line break, also erases below. */
export function eraseLinesAsWritten(frame: string): string {
	const eraseLine = '\u001B[2K';
	// Erase-below only from the start of a line: at the end of a full-width line the cursor still sits on
	// its last character, which would be erased too.
	return eraseLine + frame.split('\n').join(`\n${eraseLine}`) + (frame.endsWith('\n') ? '\u001B[J' : '');
}

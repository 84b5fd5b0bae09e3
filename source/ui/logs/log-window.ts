// Pure layout of the log window: which lines are visible, cut or wrapped to the width, with a source
// marker that works without colour, optional timestamp and process-name prefixes, and the search matches
// as highlighted segments. Only the visible rows are computed, whatever the buffer size.
import {appTimestampOf, findMatchRanges, type LogLine} from '../../logs/line-buffer.js';
import type {SpanStyle} from '../../logs/sanitize-line.js';
import {toSafeText} from '../../logs/sanitize-line.js';
import {fitColumns, sliceColumns, wrapColumns, columnsOf} from '../../logs/text-columns.js';
import {bottomIndex, shownLines, type LogPanelState} from './log-panel-state.js';

export type RowSegment = {text: string; match?: 'match' | 'current'; style?: SpanStyle};

export type LogRow = {
	key: string;
	/** "!" stderr, "·" stdout, "#" PM2/pm2-doctor notices: distinguishable without colour. */
	marker: '!' | '·' | '#' | ' ';
	source: LogLine['source'];
	/** Timestamp and process-name prefix (already padded), '' when off. */
	prefix: string;
	processName: string | null;
	segments: RowSegment[];
};

export type LogWindow = {
	rows: LogRow[];
	/** Lines shown after filters / all lines of the source. */
	shownCount: number;
	totalCount: number;
	/** Lines below the window (newer) while paused. */
	newerCount: number;
	/** 1-based index of the current match among matching lines, and how many lines match. */
	matchPosition: {current: number | null; total: number} | null;
};

export const markers: Record<LogLine['source'], LogRow['marker']> = {out: '·', err: '!', pm2: '#'};

function pad2(value: number): string {
	return String(value).padStart(2, '0');
}

/** Formats epoch ms as local HH:MM:SS.mmm. */
export function formatClock(epochMs: number): string {
	const date = new Date(epochMs);
	return `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

function timestampPrefix(line: LogLine, mode: LogPanelState['timestamps']): string {
	if (mode === 'off') return '';
	if (mode === 'arrival') return formatClock(line.receivedAtMs) + ' ';
	const appTimestampMs = appTimestampOf(line);
	return (appTimestampMs !== null ? formatClock(appTimestampMs) : '--:--:--.---') + ' ';
}

/** Splits [start, end) of `text` into segments at match and span boundaries. */
function segmentsFor(
	text: string,
	start: number,
	end: number,
	rowText: string,
	matches: Array<[number, number]>,
	isCurrent: boolean,
	spans: LogLine['spans'],
	useColor: boolean,
): RowSegment[] {
	const cuts = new Set<number>([0, rowText.length]);
	const toRow = (index: number) => Math.max(0, Math.min(rowText.length, index - start));
	for (const [from, to] of matches) {
		if (to <= start || from >= end) continue;
		cuts.add(toRow(from));
		cuts.add(toRow(to));
	}
	if (useColor && spans) {
		for (const span of spans) {
			if (span.end <= start || span.start >= end) continue;
			cuts.add(toRow(span.start));
			cuts.add(toRow(span.end));
		}
	}
	const ordered = [...cuts].sort((a, b) => a - b);
	const segments: RowSegment[] = [];
	for (let index = 0; index < ordered.length - 1; index++) {
		const from = ordered[index]!;
		const to = ordered[index + 1]!;
		if (to <= from) continue;
		const absolute = start + from;
		const segment: RowSegment = {text: rowText.slice(from, to)};
		if (matches.some(([a, b]) => a <= absolute && absolute < b)) segment.match = isCurrent ? 'current' : 'match';
		const span = useColor ? spans?.find(candidate => candidate.start <= absolute && absolute < candidate.end) : undefined;
		if (span) segment.style = span.style;
		segments.push(segment);
	}
	void text;
	return segments.length > 0 ? segments : [{text: ''}];
}

export type LogWindowOptions = {
	width: number;
	rows: number;
	/** Prefix each line with its process name (the merged "all processes" view). */
	showProcessName: boolean;
	useColor: boolean;
};

/** Computes the visible rows, bottom-up from the bottom line, for `rows` rows of `width` columns. */
export function computeLogWindow(allLines: readonly LogLine[], state: LogPanelState, options: LogWindowOptions): LogWindow {
	const lines = shownLines(allLines, state);
	const bottom = bottomIndex(lines, state);
	const searchRegex = state.search?.ok ? state.search.regex : null;
	const nameWidth = options.showProcessName
		? Math.min(16, Math.max(0, ...lines.slice(Math.max(0, bottom - options.rows), bottom + 1).map(line => columnsOf(toSafeText(line.processName)))))
		: 0;
	const rows: LogRow[] = [];
	for (let index = bottom; index >= 0 && rows.length < options.rows; index--) {
		const line = lines[index]!;
		const name = options.showProcessName ? fitColumns(toSafeText(line.processName), nameWidth) + '│' : '';
		const prefix = timestampPrefix(line, state.timestamps) + name;
		// 2 columns for the marker and its space.
		const textWidth = Math.max(1, options.width - 2 - columnsOf(prefix));
		const matches = searchRegex ? findMatchRanges(line.text, searchRegex) : [];
		const isCurrent = state.matchSeq === line.seq;
		const pieces = state.wrap
			? wrapColumns(line.text, textWidth)
			: [{text: sliceColumns(line.text, 0, textWidth), sourceStart: 0, sourceEnd: line.text.length}];
		const lineRows: LogRow[] = pieces.map((piece, pieceIndex) => ({
			key: `${line.seq}:${pieceIndex}`,
			marker: pieceIndex === 0 ? markers[line.source] : ' ',
			source: line.source,
			prefix: pieceIndex === 0 ? prefix : ' '.repeat(columnsOf(prefix)),
			processName: options.showProcessName ? line.processName : null,
			segments: segmentsFor(line.text, piece.sourceStart, piece.sourceEnd, piece.text, matches, isCurrent, line.spans, options.useColor),
		}));
		// Bottom-up: the newest rows of a wrapped line are kept when the window is nearly full.
		for (let rowIndex = lineRows.length - 1; rowIndex >= 0 && rows.length < options.rows; rowIndex--) rows.unshift(lineRows[rowIndex]!);
	}
	let matchPosition: LogWindow['matchPosition'] = null;
	if (searchRegex) {
		let total = 0;
		let current: number | null = null;
		for (const line of lines) {
			searchRegex.lastIndex = 0;
			if (!searchRegex.test(line.text)) continue;
			total++;
			if (line.seq === state.matchSeq) current = total;
		}
		matchPosition = {current, total};
	}
	return {
		rows,
		shownCount: lines.length,
		totalCount: allLines.length,
		newerCount: bottom === -1 ? 0 : lines.length - 1 - bottom,
		matchPosition,
	};
}

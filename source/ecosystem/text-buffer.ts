// A pure text-buffer model for the full-screen ecosystem editor: every operation takes a state and returns a
// new one (no I/O, no React), so the editor's behaviour is unit-tested without a terminal. Columns count UTF-16
// code units (ecosystem files are overwhelmingly ASCII; wide characters only shift the display, not the text).
import {toEditorText} from './file-conventions.js';

export type Cursor = {line: number; column: number};

type Snapshot = {lines: string[]; cursor: Cursor};

export type TextBuffer = {
	readonly lines: readonly string[];
	readonly cursor: Cursor;
	/** Column the cursor wants to be at when moving vertically through shorter lines. */
	readonly preferredColumn: number;
	/** First visible line and column (kept by `scrollIntoView`). */
	readonly scrollTop: number;
	readonly scrollLeft: number;
	readonly undoStack: readonly Snapshot[];
	readonly redoStack: readonly Snapshot[];
	/** Consecutive typing is undone as one step; any other edit or movement starts a new group. */
	readonly lastEdit: 'insert' | 'delete' | null;
	/** The text as loaded or last saved, to tell whether the buffer is modified. */
	readonly savedText: string;
};

export type Movement =
	'left' | 'right' | 'up' | 'down' | 'line-start' | 'line-end' | 'page-up' | 'page-down' | 'buffer-start' | 'buffer-end' | 'word-left' | 'word-right';

const undoLimit = 500;

/**
 * Creates a buffer for `text` with the cursor at the start. The buffer holds LF lines without a BOM; saving puts the
 * file's own line endings and BOM back (file-conventions.ts, save-ecosystem-file.ts).
 */
export function createTextBuffer(text: string): TextBuffer {
	return {
		lines: splitLines(toEditorText(text)),
		cursor: {line: 0, column: 0},
		preferredColumn: 0,
		scrollTop: 0,
		scrollLeft: 0,
		undoStack: [],
		redoStack: [],
		lastEdit: null,
		savedText: text,
	};
}

function splitLines(text: string): string[] {
	return text.replace(/\r\n?/g, '\n').split('\n');
}

/** Returns the buffer's text, lines joined with LF. */
export function getText(buffer: TextBuffer): string {
	return buffer.lines.join('\n');
}

export function isModified(buffer: TextBuffer): boolean {
	return getText(buffer) !== toEditorText(buffer.savedText);
}

/** Records that the current text is what is on disk now. */
export function markSaved(buffer: TextBuffer, savedText: string = getText(buffer)): TextBuffer {
	return {...buffer, savedText};
}

/** Replaces the whole text (e.g. after the external editor or a one-key fix) as one undoable step. */
export function replaceText(buffer: TextBuffer, text: string): TextBuffer {
	const lines = splitLines(toEditorText(text));
	const line = Math.min(buffer.cursor.line, lines.length - 1);
	const column = Math.min(buffer.cursor.column, lines[line]!.length);
	return commit(buffer, lines, {line, column}, null);
}

function clampCursor(lines: readonly string[], cursor: Cursor): Cursor {
	const line = Math.max(0, Math.min(cursor.line, lines.length - 1));
	return {line, column: Math.max(0, Math.min(cursor.column, lines[line]!.length))};
}

/** Moves the cursor; `pageSize` is the number of visible lines (for page-up/down). */
export function moveCursor(buffer: TextBuffer, movement: Movement, pageSize = 20): TextBuffer {
	const {lines} = buffer;
	const {line, column} = buffer.cursor;
	let next: Cursor = {line, column};
	let keepPreferred = false;
	switch (movement) {
		case 'left':
			next = column > 0 ? {line, column: column - 1} : line > 0 ? {line: line - 1, column: lines[line - 1]!.length} : next;
			break;
		case 'right':
			next = column < lines[line]!.length ? {line, column: column + 1} : line < lines.length - 1 ? {line: line + 1, column: 0} : next;
			break;
		case 'up':
		case 'down':
		case 'page-up':
		case 'page-down': {
			const delta = {up: -1, down: 1, 'page-up': -pageSize, 'page-down': pageSize}[movement];
			const target = Math.max(0, Math.min(lines.length - 1, line + delta));
			next = {line: target, column: Math.min(buffer.preferredColumn, lines[target]!.length)};
			keepPreferred = true;
			break;
		}
		case 'line-start': {
			// Toggle between the first non-blank character and column 0, like most editors.
			const indent = lines[line]!.search(/\S|$/);
			next = {line, column: column === indent ? 0 : indent};
			break;
		}
		case 'line-end':
			next = {line, column: lines[line]!.length};
			break;
		case 'buffer-start':
			next = {line: 0, column: 0};
			break;
		case 'buffer-end':
			next = {line: lines.length - 1, column: lines[lines.length - 1]!.length};
			break;
		case 'word-left':
			next = wordLeft(lines, next);
			break;
		case 'word-right':
			next = wordRight(lines, next);
			break;
	}
	return {...buffer, cursor: next, preferredColumn: keepPreferred ? buffer.preferredColumn : next.column, lastEdit: null};
}

function wordLeft(lines: readonly string[], cursor: Cursor): Cursor {
	if (cursor.column === 0) return cursor.line > 0 ? {line: cursor.line - 1, column: lines[cursor.line - 1]!.length} : cursor;
	const before = lines[cursor.line]!.slice(0, cursor.column);
	const match = before.match(/(\w+|[^\w\s]+)\s*$/);
	return {line: cursor.line, column: match ? cursor.column - match[0].length : 0};
}

function wordRight(lines: readonly string[], cursor: Cursor): Cursor {
	const text = lines[cursor.line]!;
	if (cursor.column >= text.length) return cursor.line < lines.length - 1 ? {line: cursor.line + 1, column: 0} : cursor;
	const match = text.slice(cursor.column).match(/^\s*(\w+|[^\w\s]+)/);
	return {line: cursor.line, column: cursor.column + (match ? match[0].length : text.length - cursor.column)};
}

/** Moves the cursor to a position (clamped), e.g. to jump to a lint finding. */
export function setCursor(buffer: TextBuffer, cursor: Cursor): TextBuffer {
	const next = clampCursor(buffer.lines, cursor);
	return {...buffer, cursor: next, preferredColumn: next.column, lastEdit: null};
}

function commit(buffer: TextBuffer, lines: string[], cursor: Cursor, kind: 'insert' | 'delete' | null): TextBuffer {
	// Typing the same kind of edit continues the current undo group.
	const continuesGroup = kind !== null && buffer.lastEdit === kind;
	const undoStack = continuesGroup ? buffer.undoStack : [...buffer.undoStack, {lines: [...buffer.lines], cursor: buffer.cursor}].slice(-undoLimit);
	return {...buffer, lines, cursor, preferredColumn: cursor.column, undoStack, redoStack: [], lastEdit: kind};
}

/** Inserts text at the cursor; the text may contain newlines (paste). */
export function insertText(buffer: TextBuffer, text: string): TextBuffer {
	if (text === '') return buffer;
	const {line, column} = buffer.cursor;
	const current = buffer.lines[line]!;
	const pieces = splitLines(current.slice(0, column) + text + current.slice(column));
	const insertedLines = splitLines(text);
	const lines = [...buffer.lines.slice(0, line), ...pieces, ...buffer.lines.slice(line + 1)];
	const cursorLine = line + insertedLines.length - 1;
	const cursorColumn = insertedLines.length === 1 ? column + text.length : insertedLines[insertedLines.length - 1]!.length;
	// A newline ends the typing group, so undo goes back line by line rather than the whole session.
	return commit(buffer, lines, {line: cursorLine, column: cursorColumn}, text.includes('\n') ? null : 'insert');
}

/** Splits the line at the cursor, keeping the current line's indentation. */
export function insertNewline(buffer: TextBuffer): TextBuffer {
	const indent = buffer.lines[buffer.cursor.line]!.match(/^\s*/)![0].slice(0, buffer.cursor.column);
	return insertText(buffer, '\n' + indent);
}

/** Deletes the character before the cursor (joins with the previous line at column 0). */
export function deleteBackward(buffer: TextBuffer): TextBuffer {
	const {line, column} = buffer.cursor;
	if (column === 0 && line === 0) return buffer;
	const lines = [...buffer.lines];
	if (column > 0) {
		lines[line] = lines[line]!.slice(0, column - 1) + lines[line]!.slice(column);
		return commit(buffer, lines, {line, column: column - 1}, 'delete');
	}
	const previousLength = lines[line - 1]!.length;
	lines.splice(line - 1, 2, lines[line - 1]! + lines[line]!);
	return commit(buffer, lines, {line: line - 1, column: previousLength}, 'delete');
}

/** Deletes the character under the cursor (joins with the next line at the end of a line). */
export function deleteForward(buffer: TextBuffer): TextBuffer {
	const {line, column} = buffer.cursor;
	const lines = [...buffer.lines];
	if (column < lines[line]!.length) {
		lines[line] = lines[line]!.slice(0, column) + lines[line]!.slice(column + 1);
		return commit(buffer, lines, {line, column}, 'delete');
	}
	if (line === lines.length - 1) return buffer;
	lines.splice(line, 2, lines[line]! + lines[line + 1]!);
	return commit(buffer, lines, {line, column}, 'delete');
}

/** Deletes the whole current line. */
export function deleteLine(buffer: TextBuffer): TextBuffer {
	const lines = buffer.lines.length === 1 ? [''] : buffer.lines.filter((_, index) => index !== buffer.cursor.line);
	return commit(buffer, lines, clampCursor(lines, {line: buffer.cursor.line, column: 0}), null);
}

export function undo(buffer: TextBuffer): TextBuffer {
	const previous = buffer.undoStack[buffer.undoStack.length - 1];
	if (!previous) return buffer;
	return {
		...buffer,
		lines: previous.lines,
		cursor: previous.cursor,
		preferredColumn: previous.cursor.column,
		undoStack: buffer.undoStack.slice(0, -1),
		redoStack: [...buffer.redoStack, {lines: [...buffer.lines], cursor: buffer.cursor}],
		lastEdit: null,
	};
}

export function redo(buffer: TextBuffer): TextBuffer {
	const next = buffer.redoStack[buffer.redoStack.length - 1];
	if (!next) return buffer;
	return {
		...buffer,
		lines: next.lines,
		cursor: next.cursor,
		preferredColumn: next.cursor.column,
		undoStack: [...buffer.undoStack, {lines: [...buffer.lines], cursor: buffer.cursor}],
		redoStack: buffer.redoStack.slice(0, -1),
		lastEdit: null,
	};
}

/**
 * Moves the cursor to the next (or previous) occurrence of `query`, wrapping around; case-insensitive when the
 * query is all lower case. Returns the buffer unchanged and `found: false` when there is none.
 */
export function search(buffer: TextBuffer, query: string, direction: 'forward' | 'backward' = 'forward'): {buffer: TextBuffer; found: boolean} {
	if (query === '') return {buffer, found: false};
	const ignoreCase = query === query.toLowerCase();
	const needle = ignoreCase ? query.toLowerCase() : query;
	const haystack = (index: number) => (ignoreCase ? buffer.lines[index]!.toLowerCase() : buffer.lines[index]!);
	const count = buffer.lines.length;
	const {line, column} = buffer.cursor;
	if (direction === 'forward') {
		for (let step = 0; step <= count; step++) {
			const index = (line + step) % count;
			const from = step === 0 ? column + 1 : 0;
			const found = haystack(index).indexOf(needle, from);
			if (found >= 0 && !(step === count && found > column)) return {buffer: setCursor(buffer, {line: index, column: found}), found: true};
		}
	} else {
		for (let step = 0; step <= count; step++) {
			const index = (((line - step) % count) + count) % count;
			const text = haystack(index);
			const found = step === 0 ? (column > 0 ? text.lastIndexOf(needle, column - 1) : -1) : text.lastIndexOf(needle);
			if (found >= 0) return {buffer: setCursor(buffer, {line: index, column: found}), found: true};
		}
	}
	return {buffer, found: false};
}

/** Adjusts the scroll position so the cursor is inside a viewport of `height` lines and `width` columns. */
export function scrollIntoView(buffer: TextBuffer, height: number, width: number): TextBuffer {
	const rows = Math.max(1, height);
	const columns = Math.max(1, width);
	let {scrollTop, scrollLeft} = buffer;
	const {line, column} = buffer.cursor;
	if (line < scrollTop) scrollTop = line;
	if (line >= scrollTop + rows) scrollTop = line - rows + 1;
	scrollTop = Math.max(0, Math.min(scrollTop, Math.max(0, buffer.lines.length - rows)));
	if (line < scrollTop) scrollTop = line;
	if (column < scrollLeft) scrollLeft = column;
	if (column >= scrollLeft + columns) scrollLeft = column - columns + 1;
	if (scrollTop === buffer.scrollTop && scrollLeft === buffer.scrollLeft) return buffer;
	return {...buffer, scrollTop, scrollLeft};
}

/** Returns the lines visible in a `height` × `width` viewport, cut horizontally at `scrollLeft`. */
export function visibleLines(buffer: TextBuffer, height: number, width: number): Array<{lineNumber: number; text: string}> {
	return buffer.lines.slice(buffer.scrollTop, buffer.scrollTop + height).map((text, offset) => ({
		lineNumber: buffer.scrollTop + offset + 1,
		text: text.slice(buffer.scrollLeft, buffer.scrollLeft + width),
	}));
}

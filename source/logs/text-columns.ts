// Column arithmetic for sanitized text: wide (CJK, emoji) characters take two terminal columns, combining
// marks none. Slicing and wrapping by UTF-16 length would misalign every row after a wide character.
import stringWidth from 'string-width';

const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
const printableAscii = /^[\u0020-\u007e]*$/;

/** Grapheme clusters of `text` with their display widths (ASCII fast path). */
function* cells(text: string): Generator<{grapheme: string; width: number; index: number}> {
	if (printableAscii.test(text)) {
		for (let index = 0; index < text.length; index++) yield {grapheme: text[index]!, width: 1, index};
		return;
	}
	for (const {segment, index} of segmenter.segment(text)) yield {grapheme: segment, width: stringWidth(segment), index};
}

/** Returns the display width of sanitized text. */
export function columnsOf(text: string): number {
	return stringWidth(text);
}

/**
 * Returns the part of `text` that occupies columns [fromColumn, fromColumn + width), never splitting a wide
 * character (a half-visible one becomes a space so later columns stay aligned).
 */
export function sliceColumns(text: string, fromColumn: number, width: number): string {
	// Most log lines are printable ASCII, one column a code unit: a substring, without a cell object and a
	// string piece per character (the log window slices every shown line on every update).
	if (printableAscii.test(text)) return text.slice(Math.max(0, fromColumn), Math.max(0, fromColumn + width));
	let column = 0;
	let out = '';
	const end = fromColumn + width;
	for (const cell of cells(text)) {
		const cellEnd = column + cell.width;
		if (cellEnd <= fromColumn) {
			column = cellEnd;
			continue;
		}
		if (column >= end) break;
		if (column < fromColumn || cellEnd > end) out += ' '.repeat(Math.min(cellEnd, end) - Math.max(column, fromColumn));
		else out += cell.grapheme;
		column = cellEnd;
	}
	return out;
}

/** A row produced by wrapping: the text and the UTF-16 index in the source where it starts. */
export type WrappedRow = {text: string; sourceStart: number; sourceEnd: number};

/** Splits `text` into rows of at most `width` columns (hard wrap; a wide character never straddles rows). */
export function wrapColumns(text: string, width: number): WrappedRow[] {
	const safeWidth = Math.max(1, width);
	const rows: WrappedRow[] = [];
	let rowText = '';
	let rowStart = 0;
	let column = 0;
	for (const cell of cells(text)) {
		if (column + cell.width > safeWidth && rowText !== '') {
			rows.push({text: rowText, sourceStart: rowStart, sourceEnd: cell.index});
			rowText = '';
			rowStart = cell.index;
			column = 0;
		}
		rowText += cell.grapheme;
		column += cell.width;
	}
	rows.push({text: rowText, sourceStart: rowStart, sourceEnd: text.length});
	return rows;
}

/** Pads or cuts `text` to exactly `width` columns. */
export function fitColumns(text: string, width: number): string {
	const sliced = sliceColumns(text, 0, width);
	const used = stringWidth(sliced);
	return used < width ? sliced + ' '.repeat(width - used) : sliced;
}

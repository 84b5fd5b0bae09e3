// Bundled in place of Ink 6.8's `build/output.js` (see source/bundle/ink-swap.mjs); same interface and
// the same output, byte for byte (test/unit/bundle/fast-ink-output.test.ts compares the two).
// Why: Ink builds every frame from scratch. Its Output allocates one object per screen cell, tokenizes every
// written line into styled characters, runs sliceAnsi on every line inside a clipping box even when the line
// fits, and diffs the styles of every pair of neighbouring cells. That was ~1/4 of pm2-doctor's CPU under a
// log flood (`node --cpu-prof`). Here:
// - styled characters and widths are remembered across frames (two generations: what the previous frame
//   used survives into this one, so memory stays one screen's worth);
// - a line that fits its clipping box is not sliced;
// - blank cells share one object, and styles are diffed only where they change.
import {
	ansiCodesToString,
	diffAnsiCodes,
	reduceAnsiCodesIncremental,
	styledCharsFromTokens,
	tokenize,
	type AnsiCode,
	type StyledChar,
} from '@alcalzone/ansi-tokenize';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import {countedWidth} from './cached-string-width.js';
import {GenerationalCache} from './generational-cache.js';

type Transformer = (line: string, index: number) => string;
type Clip = {x1?: number; x2?: number; y1?: number; y2?: number};
type Operation = {type: 'write'; x: number; y: number; text: string; transformers: Transformer[]} | {type: 'clip'; clip: Clip} | {type: 'unclip'};

// Rotated once per frame: what the previous frame used survives into this one. The size cap only guards
// against a frame that writes an absurd number of distinct lines.
const styledCharsCache = new GenerationalCache<StyledChar[]>(10_000);
const lineWidthCache = new GenerationalCache<number>(10_000);
/**
 * The styled characters of a line, as the library's tokenizer gives them. Its grapheme segmentation
 * allocated ~2 MB per frame (sampled with HeapProfiler, 5,000 lines/s); a line whose visible characters are
 * each one column and their own grapheme (countedWidth says so: ASCII, box drawing, glyphs, SGR codes) is
 * split by code unit instead, and its characters share one styles array per run (nothing mutates it).
 */
function toStyledChars(line: string): StyledChar[] {
	if (countedWidth(line) === undefined) return styledCharsFromTokens(tokenize(line));
	const chars: StyledChar[] = [];
	let styles: AnsiCode[] = [];
	for (let index = 0; index < line.length; index++) {
		if (line.charCodeAt(index) === 0x1b) {
			// countedWidth only lets SGR sequences through: ESC [ digits and semicolons m.
			const end = line.indexOf('m', index);
			styles = reduceAnsiCodesIncremental(styles, tokenize(line.slice(index, end + 1)) as AnsiCode[]);
			index = end;
		} else chars.push({type: 'char', value: line[index]!, fullWidth: false, styles});
	}
	return chars;
}

function lineWidth(line: string): number {
	return lineWidthCache.get(line, stringWidth);
}

function charWidth(value: string): number {
	// One printable ASCII character is by far the most common cell.
	if (value.length === 1) {
		const code = value.charCodeAt(0);
		if (code >= 0x20 && code < 0x7f) return 1;
	}
	return stringWidth(value);
}

function widestLine(text: string): number {
	let widest = 0;
	for (const line of text.split('\n')) widest = Math.max(widest, lineWidth(line));
	return widest;
}

/**
 * sliceAnsi rewrites full resets (ESC [ m, ESC [ 0 m) and compound codes (ESC [ 1 ; 31 m), which changes the
 * frame's bytes, so a line with those is sliced even when it fits. Ink's own styles (chalk) write neither.
 */
const resetOrCompoundCode = /\u001B\[(?:0?m|\d*;)/;

const blankCell: StyledChar = {type: 'char', value: ' ', fullWidth: false, styles: []};

function sameStyles(a: AnsiCode[], b: AnsiCode[]): boolean {
	if (a === b) return true;
	if (a.length !== b.length) return false;
	for (let index = 0; index < a.length; index++) {
		if (a[index]!.code !== b[index]!.code || a[index]!.endCode !== b[index]!.endCode) return false;
	}
	return true;
}

/** styledCharsToString from @alcalzone/ansi-tokenize, skipping the diff between cells of equal style (it is empty). */
function rowToString(chars: StyledChar[]): string {
	let text = '';
	for (let index = 0; index < chars.length; index++) {
		const char = chars[index]!;
		if (index === 0) text += ansiCodesToString(char.styles);
		else {
			const before = chars[index - 1]!.styles;
			if (!sameStyles(before, char.styles)) text += ansiCodesToString(diffAnsiCodes(before, char.styles));
		}
		text += char.value;
		if (index === chars.length - 1) text += ansiCodesToString(diffAnsiCodes(char.styles, []));
	}
	return text;
}

/**
 * The previous frames' rows by line: their cells and their text. A quiet frame redraws a screen of which most
 * rows show what they showed before, and an unchanged line is the same cached styled characters again (see
 * toStyledChars), so a row whose cells are the very same objects has the same text. Building a row's text
 * made ~4 KB of garbage (a string piece per cell), ~190 KB a frame at 120x40, most of a light load's GC.
 */
const previousRows: Array<{cells: StyledChar[]; text: string}> = [];
let builtRowCount = 0;

/** How many row texts were built rather than reused, since start-up (tests). */
export function rowsBuilt(): number {
	return builtRowCount;
}

function sameCells(a: StyledChar[], b: StyledChar[]): boolean {
	if (a.length !== b.length) return false;
	for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
	return true;
}

// One empty cell per wide character (which is itself cached), so a row with wide characters can match too.
const coverCells = new WeakMap<StyledChar, StyledChar>();

function coverCellOf(character: StyledChar): StyledChar {
	let cell = coverCells.get(character);
	if (!cell) {
		cell = {type: 'char', value: '', fullWidth: false, styles: character.styles};
		coverCells.set(character, cell);
	}
	return cell;
}

function rowText(line: number, row: StyledChar[]): string {
	// A write past the right edge can leave holes in a row; Ink drops them.
	const cells = row.includes(undefined as unknown as StyledChar) ? row.filter(cell => cell !== undefined) : row;
	const previous = previousRows[line];
	if (previous && sameCells(previous.cells, cells)) return previous.text;
	const text = rowToString(cells).trimEnd();
	builtRowCount++;
	previousRows[line] = {cells, text};
	return text;
}

export default class Output {
	readonly width: number;
	readonly height: number;
	private readonly operations: Operation[] = [];

	constructor(options: {width: number; height: number}) {
		this.width = options.width;
		this.height = options.height;
		styledCharsCache.rotate();
		lineWidthCache.rotate();
	}

	write(x: number, y: number, text: string, options: {transformers: Transformer[]}): void {
		if (!text) return;
		this.operations.push({type: 'write', x, y, text, transformers: options.transformers});
	}

	clip(clip: Clip): void {
		this.operations.push({type: 'clip', clip});
	}

	unclip(): void {
		this.operations.push({type: 'unclip'});
	}

	get(): {output: string; height: number} {
		const output: StyledChar[][] = [];
		for (let y = 0; y < this.height; y++) output.push(new Array<StyledChar>(this.width).fill(blankCell));
		const clips: Clip[] = [];
		for (const operation of this.operations) {
			if (operation.type === 'clip') clips.push(operation.clip);
			else if (operation.type === 'unclip') clips.pop();
			else this.apply(output, operation, clips.at(-1));
		}
		const rows = output.map((row, line) => rowText(line, row));
		return {output: rows.join('\n'), height: output.length};
	}

	private apply(output: StyledChar[][], operation: Extract<Operation, {type: 'write'}>, clip: Clip | undefined): void {
		const {text, transformers} = operation;
		let {x, y} = operation;
		let lines = text.split('\n');
		if (clip) {
			const clipHorizontally = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
			const clipVertically = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
			if (clipHorizontally) {
				const width = widestLine(text);
				if (x + width < clip.x1! || x > clip.x2!) return;
			}
			if (clipVertically && (y + lines.length < clip.y1! || y > clip.y2!)) return;
			if (clipHorizontally) {
				const from = x < clip.x1! ? clip.x1! - x : 0;
				lines = lines.map(line => {
					const width = lineWidth(line);
					const to = x + width > clip.x2! ? clip.x2! - x : width;
					return from === 0 && to === width && !resetOrCompoundCode.test(line) ? line : sliceAnsi(line, from, to);
				});
				if (x < clip.x1!) x = clip.x1!;
			}
			if (clipVertically) {
				const from = y < clip.y1! ? clip.y1! - y : 0;
				const to = y + lines.length > clip.y2! ? clip.y2! - y : lines.length;
				lines = lines.slice(from, to);
				if (y < clip.y1!) y = clip.y1!;
			}
		}
		let offsetY = 0;
		for (const [index, text] of lines.entries()) {
			const row = output[y + offsetY];
			// A line below the pre-sized screen (text taller than its box) is dropped, as in Ink.
			if (!row) continue;
			let line = text;
			for (const transformer of transformers) line = transformer(line, index);
			let offsetX = x;
			for (const character of styledCharsCache.get(line, toStyledChars)) {
				row[offsetX] = character;
				const width = Math.max(1, charWidth(character.value));
				// The cells a wide character covers are emptied so nothing stray shows through.
				for (let cover = 1; cover < width; cover++) row[offsetX + cover] = coverCellOf(character);
				offsetX += width;
			}
			offsetY++;
		}
	}
}

// Bundled in place of the `string-width` package (see source/bundle/ink-swap.mjs).
// Ink measures every line of every frame with string-width (three times: layout, position, output), whose
// non-ASCII path (grapheme segmentation and emoji regexes) was the largest single cost of a frame in
// `node --cpu-prof`: chart lines, sparklines and status glyphs are non-ASCII, and table rows carry colour
// codes. So:
// - text made only of printable ASCII, SGR colour codes and single-width symbols from a few safe blocks is
//   measured by counting (each character's East Asian width is looked up once and remembered: for a
//   character of those blocks that is what string-width answers, and it needs none of string-width's
//   segmenter and emoji regexes, whose set-up costs ~30 ms; the bundle loads string-width on first use);
// - other short strings are memoised (bounded: generational-cache.ts);
// - anything else goes to string-width itself.
// test/unit/bundle/cached-string-width.test.ts checks the counting against string-width.
// The bundler resolves this file's own import of 'string-width' to the real package (ink-swap.mjs).
import realStringWidth from 'string-width';
import {eastAsianWidth} from 'get-east-asian-width';
import {GenerationalCache} from './generational-cache.js';

type Options = {ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean};

const maxCachedLength = 64;
const cache = new GenerationalCache<number>(10_000);

/**
 * Blocks whose characters are each their own grapheme (no combining marks, joiners, variation selectors or
 * format characters in them): Latin-1 and Latin Extended, general punctuation, letterlike symbols, arrows,
 * maths, technical, box drawing, blocks, geometric shapes, miscellaneous symbols, dingbats.
 */
const countableRanges: ReadonlyArray<readonly [number, number]> = [
	[0x00a0, 0x00ac],
	[0x00ae, 0x02ff],
	[0x2010, 0x2027],
	[0x2030, 0x205e],
	[0x2070, 0x20cf],
	[0x2100, 0x2bff],
];
const countableLimit = 0x2c00;
/** Per code point below countableLimit: 0 not yet known, 1 one column wide, 2 anything else. */
const singleWidthState = new Uint8Array(countableLimit);

function isCountable(code: number): boolean {
	for (const [from, to] of countableRanges) if (code >= from && code <= to) return true;
	return false;
}

function isOneColumn(code: number): boolean {
	let state = singleWidthState[code]!;
	if (state === 0) {
		state = isCountable(code) && eastAsianWidth(code) === 1 ? 1 : 2;
		singleWidthState[code] = state;
	}
	return state === 1;
}

/**
 * The width of `text` when it holds only printable ASCII, SGR sequences (ESC [ digits/; m) and
 * one-column characters from the countable blocks; undefined for anything else.
 */
export function countedWidth(text: string): number | undefined {
	let width = 0;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code >= 0x20 && code < 0x7f) width++;
		else if (code === 0x1b && text.charCodeAt(index + 1) === 0x5b) {
			let end = index + 2;
			for (let next = text.charCodeAt(end); (next >= 0x30 && next <= 0x39) || next === 0x3b; next = text.charCodeAt(++end));
			if (text.charCodeAt(end) !== 0x6d) return undefined;
			index = end;
		} else if (code < countableLimit && isOneColumn(code)) width++;
		else return undefined;
	}
	return width;
}

export default function stringWidth(input: string, options?: Options): number {
	if (options !== undefined || typeof input !== 'string') return realStringWidth(input, options);
	const counted = countedWidth(input);
	if (counted !== undefined) return counted;
	if (input.length > maxCachedLength) return realStringWidth(input);
	return cache.get(input, text => realStringWidth(text) as number);
}

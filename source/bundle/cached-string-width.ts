// Bundled in place of the `string-width` package (see the `bundle` script in package.json).
// Ink measures every character of every frame with string-width, whose non-ASCII path (grapheme
// segmentation and emoji regexes) was the largest single cost of an idle frame in `node --cpu-prof`:
// box-drawing chart lines, sparklines and status glyphs are non-ASCII. Widths of short strings
// never change, so they are memoised in a bounded map.
// Imported by path so the bundler's alias for 'string-width' does not point back at this file.
import realStringWidth from '../../node_modules/string-width/index.js';

type Options = {ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean};

const maxCachedLength = 64;
const maxEntries = 20_000;
const cache = new Map<string, number>();

export default function stringWidth(input: string, options?: Options): number {
	if (options !== undefined || typeof input !== 'string' || input.length > maxCachedLength) {
		return realStringWidth(input, options);
	}
	let width = cache.get(input);
	if (width === undefined) {
		width = realStringWidth(input) as number;
		if (cache.size >= maxEntries) cache.clear();
		cache.set(input, width);
	}
	return width;
}

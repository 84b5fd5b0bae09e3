// Fits text into a fixed number of terminal columns (wide characters count as two), so every table
// cell and every line stays within the width the layout gave it.
import stringWidth from 'string-width';
import {glyphs} from './theme.js';

/** Truncates `text` to at most `width` columns, ending with the ellipsis glyph ("…") when something was cut. */
export function truncate(text: string, width: number): string {
	if (width <= 0) return '';
	if (stringWidth(text) <= width) return text;
	if (width === 1) return glyphs.ellipsis;
	let result = '';
	let used = 0;
	for (const char of text) {
		const charWidth = stringWidth(char);
		if (used + charWidth > width - 1) break;
		result += char;
		used += charWidth;
	}
	return `${result}${glyphs.ellipsis}`;
}

/** Truncates and pads `text` to exactly `width` columns. */
export function fitToWidth(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	const cut = truncate(text, width);
	const padding = ' '.repeat(Math.max(0, width - stringWidth(cut)));
	return align === 'left' ? cut + padding : padding + cut;
}

// Allowlisted SGR colour sequences (`ESC [ … m`) turned into styles: the only escape sequences the
// sanitizer ever interprets. Everything else, and any SGR with a parameter outside the allowlist
// (conceal, blink, fonts), is shown as text by sanitize-line.ts.

/** A style that came from an allowlisted SGR sequence; field names match Ink's `<Text>` props. */
export type SpanStyle = {
	color?: string;
	backgroundColor?: string;
	bold?: boolean;
	dimColor?: boolean;
	italic?: boolean;
	underline?: boolean;
	inverse?: boolean;
	strikethrough?: boolean;
};

/**
 * Parses a CSI sequence starting at `start` (the index of ESC, followed by '['). Returns the index just past
 * the final byte and the parameter string, or null when the sequence is incomplete or not ECMA-48 shaped.
 */
export function parseCsi(input: string, start: number): {end: number; params: string; final: string} | null {
	let index = start + 2;
	const paramsStart = index;
	while (index < input.length) {
		const code = input.charCodeAt(index);
		if (code < 0x30 || code > 0x3f) break;
		index++;
	}
	const params = input.slice(paramsStart, index);
	while (index < input.length) {
		const code = input.charCodeAt(index);
		if (code < 0x20 || code > 0x2f) break;
		index++;
	}
	if (index >= input.length) return null;
	const finalCode = input.charCodeAt(index);
	if (finalCode < 0x40 || finalCode > 0x7e) return null;
	// Intermediates are not allowed in a plain SGR; treat them as "not SGR" by reporting them in params.
	const hasIntermediates = index > paramsStart + params.length;
	return {end: index + 1, params: hasIntermediates ? '\u0000' : params, final: input[index]!};
}

const basicColors = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];
const brightColors = ['gray', 'redBright', 'greenBright', 'yellowBright', 'blueBright', 'magentaBright', 'cyanBright', 'whiteBright'];

/**
 * Applies the SGR parameters to `style` if every one is allowlisted. Returns the new style, or null when
 * any parameter is not allowed (conceal 8, blink 5/6, fonts, unknown): the caller then shows the sequence.
 */
export function applySgr(style: SpanStyle, params: string): SpanStyle | null {
	if (!/^[0-9;]*$/.test(params)) return null;
	const values = params === '' ? [0] : params.split(';').map(value => (value === '' ? 0 : Number(value)));
	const next: SpanStyle = {...style};
	for (let index = 0; index < values.length; index++) {
		const value = values[index]!;
		if (value === 0) {
			for (const key of Object.keys(next)) delete next[key as keyof SpanStyle];
		} else if (value === 1) next.bold = true;
		else if (value === 2) next.dimColor = true;
		else if (value === 3) next.italic = true;
		else if (value === 4) next.underline = true;
		else if (value === 7) next.inverse = true;
		else if (value === 9) next.strikethrough = true;
		else if (value === 22) {
			delete next.bold;
			delete next.dimColor;
		} else if (value === 23) delete next.italic;
		else if (value === 24) delete next.underline;
		else if (value === 25) {
			// "blink off" is harmless.
		} else if (value === 27) delete next.inverse;
		else if (value === 28) {
			// "reveal": harmless, concealing is what is refused.
		} else if (value === 29) delete next.strikethrough;
		else if (value >= 30 && value <= 37) next.color = basicColors[value - 30];
		else if (value === 39) delete next.color;
		else if (value >= 40 && value <= 47) next.backgroundColor = basicColors[value - 40];
		else if (value === 49) delete next.backgroundColor;
		else if (value >= 90 && value <= 97) next.color = brightColors[value - 90];
		else if (value >= 100 && value <= 107) next.backgroundColor = brightColors[value - 100];
		else if (value === 38 || value === 48) {
			const key = value === 38 ? 'color' : 'backgroundColor';
			const mode = values[index + 1];
			if (mode === 5 && index + 2 < values.length && values[index + 2]! <= 255) {
				next[key] = `ansi256(${values[index + 2]})`;
				index += 2;
			} else if (mode === 2 && index + 4 < values.length && values.slice(index + 2, index + 5).every(v => v <= 255)) {
				const [r, g, b] = values.slice(index + 2, index + 5) as [number, number, number];
				next[key] = '#' + [r, g, b].map(v => v.toString(16).padStart(2, '0')).join('');
				index += 4;
			} else return null;
		} else return null;
	}
	// Same foreground and background hides the text: keep the foreground, drop the background.
	if (next.color !== undefined && next.color === next.backgroundColor) delete next.backgroundColor;
	return next;
}

/** The style of uncoloured text; cachedApplySgr returns this object for every empty style. */
export const plainStyle: SpanStyle = Object.freeze({});

/**
 * applySgr results by style and parameters. Coloured logs repeat the same few changes (bold on, green, reset),
 * so a flood of them becomes lookups instead of parsing and copying styles per sequence. Results are frozen
 * and reused, so a style reached twice is the same object, which is what keys the next lookup. Bounded:
 * hostile input with endless variants clears the cache rather than growing it.
 */
const sgrCache = new Map<SpanStyle, Map<string, SpanStyle | null>>();
const sgrCacheMaxEntries = 1024;
let sgrCacheEntries = 0;

export function cachedApplySgr(style: SpanStyle, params: string): SpanStyle | null {
	let next = sgrCache.get(style)?.get(params);
	if (next !== undefined) return next;
	next = applySgr(style, params);
	if (next) next = Object.keys(next).length === 0 ? plainStyle : Object.freeze(next);
	if (sgrCacheEntries >= sgrCacheMaxEntries) {
		sgrCache.clear();
		sgrCacheEntries = 0;
	}
	let byParams = sgrCache.get(style);
	if (!byParams) sgrCache.set(style, (byParams = new Map()));
	byParams.set(params, next);
	sgrCacheEntries++;
	return next;
}

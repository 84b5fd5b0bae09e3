// The render boundary for untrusted text (log lines, and also process names, args, metric keys, env
// values). Log content is attacker-controlled: a line can set the terminal title, write the clipboard
// (OSC 52), spoof links (OSC 8), ask the terminal to type replies into our raw-mode stdin (DSR, OSC 11 ?),
// overwrite text with CR/BS, or reorder it with bidi overrides. Ink 6.8 passes OSC through and strip-ansi
// misses 8-bit C1 introducers (docs: ../shared/notes/reliability.md §1), so nothing here relies on them.
//
// Policy ("make visible", like git 3.0 and less without -R): every control is shown inert as text:
//   ESC → "^[", other C0 → caret ("^G", "^M", "^@"), DEL → "^?", C1 and bidi/format controls → "<U+XXXX>".
// The body of an escape sequence stays visible as ordinary characters, so an unterminated OSC cannot
// swallow the rest of the line. The only sequences ever *interpreted* are plain SGR colour codes whose
// parameters are all allowlisted: they are either turned into style spans or dropped, never
// forwarded as bytes. The pass is one linear scan.
import stringWidth from 'string-width';

/** What to do with allowlisted SGR colour sequences (`ESC [ … m`). Non-allowlisted SGR is always shown. */
export type SgrPolicy = 'show' | 'strip' | 'spans';

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

/** A styled range of the sanitized text, in UTF-16 code-unit indices [start, end). */
export type StyleSpan = {start: number; end: number; style: SpanStyle};

export type SafeLine = {
	/** Printable text: no C0/C1/DEL/bidi controls, tabs expanded, capped with a visible marker. */
	text: string;
	/** Empty unless sgr === 'spans'. */
	spans: readonly StyleSpan[];
	/** Bytes cut from the original line (0 when it was not cut). */
	truncatedBytes: number;
};

export type SanitizeOptions = {
	sgr?: SgrPolicy;
	/** Cap on the UTF-8 size of the input; longer input is cut on a character boundary. Default 16 KiB. */
	maxBytes?: number;
	/** Bytes already cut upstream (e.g. by the file follower); added to the marker. */
	alreadyTruncatedBytes?: number;
	tabWidth?: number;
};

export const defaultMaxLineBytes = 16 * 1024;
const ESC = 0x1b;

/** Bidi and line/paragraph separators that change how text is ordered or counted (Trojan Source). */
function isShownAsCodePoint(codePoint: number): boolean {
	return (
		(codePoint >= 0x80 && codePoint <= 0x9f) ||
		(codePoint >= 0x202a && codePoint <= 0x202e) ||
		(codePoint >= 0x2066 && codePoint <= 0x2069) ||
		codePoint === 0x200e ||
		codePoint === 0x200f ||
		codePoint === 0x061c ||
		codePoint === 0x2028 ||
		codePoint === 0x2029 ||
		// Invisible zero-width characters: string-width counts them as 0 columns but terminals disagree (in
		// xterm.js the line "ad<ZWSP>min" lost its last character on screen), and they hide spoofs ("ad​min"
		// looks like "admin" but does not match a search for it). ZWJ/ZWNJ stay: emoji and scripts need them.
		codePoint === 0x200b ||
		codePoint === 0x2060 ||
		codePoint === 0xfeff ||
		codePoint === 0x180e ||
		// Interlinear annotation controls and the object replacement helpers hide or reorder text.
		(codePoint >= 0xfff9 && codePoint <= 0xfffb)
	);
}

function codePointLabel(codePoint: number): string {
	return `<U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** The visible form of a C0 control or DEL in caret notation (`^[`, `^M`, `^?`). */
function caret(codePoint: number): string {
	return codePoint === 0x7f ? '^?' : '^' + String.fromCharCode(codePoint + 0x40);
}

/** Returns the visible marker appended to a cut line. */
export function truncationMarker(truncatedBytes: number): string {
	return `…[truncated ${truncatedBytes} bytes]`;
}

/** Cuts `input` to at most `maxBytes` of UTF-8 on a code-point boundary; returns the kept part and the bytes cut. */
function capUtf8(input: string, maxBytes: number): {kept: string; cutBytes: number} {
	// Fast path: even at 3 bytes per UTF-16 unit it fits.
	if (input.length * 3 <= maxBytes) return {kept: input, cutBytes: 0};
	let bytes = 0;
	let index = 0;
	while (index < input.length) {
		const codePoint = input.codePointAt(index)!;
		const size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
		if (bytes + size > maxBytes) break;
		bytes += size;
		index += codePoint > 0xffff ? 2 : 1;
	}
	if (index >= input.length) return {kept: input, cutBytes: 0};
	return {kept: input.slice(0, index), cutBytes: Buffer.byteLength(input.slice(index), 'utf8')};
}

/**
 * Parses a CSI sequence starting at `start` (the index of ESC, followed by '['). Returns the index just past
 * the final byte and the parameter string, or null when the sequence is incomplete or not ECMA-48 shaped.
 */
function parseCsi(input: string, start: number): {end: number; params: string; final: string} | null {
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
const plainStyle: SpanStyle = Object.freeze({});

/**
 * applySgr results by style and parameters. Coloured logs repeat the same few changes (bold on, green, reset),
 * so a flood of them becomes lookups instead of parsing and copying styles per sequence. Results are frozen
 * and reused, so a style reached twice is the same object, which is what keys the next lookup. Bounded:
 * hostile input with endless variants clears the cache rather than growing it.
 */
const sgrCache = new Map<SpanStyle, Map<string, SpanStyle | null>>();
const sgrCacheMaxEntries = 1024;
let sgrCacheEntries = 0;

function cachedApplySgr(style: SpanStyle, params: string): SpanStyle | null {
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

/** Anything but printable ASCII: the characters sanitizeLine may have to show, expand or measure. */
const notPrintableAscii = /[^\x20-\x7e]/;

function isPrintableAscii(code: number): boolean {
	return code >= 0x20 && code < 0x7f;
}

/** Width of a printable non-ASCII code point, with a cache because log lines repeat the same characters. */
const widthCache = new Map<number, number>();
function codePointWidth(codePoint: number, char: string): number {
	if (codePoint < 0x7f) return 1;
	let width = widthCache.get(codePoint);
	if (width === undefined) {
		width = stringWidth(char);
		if (widthCache.size < 4096) widthCache.set(codePoint, width);
	}
	return width;
}

/** Shared by every line without style: a log flood would otherwise make one empty array per line. */
const noSpans: readonly StyleSpan[] = Object.freeze([]);

/**
 * Makes one untrusted line safe to render: every control visible and inert, tabs expanded, invalid UTF-16
 * (lone surrogates) replaced by U+FFFD, capped at `maxBytes` with a visible marker. Linear in the input size.
 */
export function sanitizeLine(input: string, options: SanitizeOptions = {}): SafeLine {
	const sgr = options.sgr ?? 'show';
	const tabWidth = options.tabWidth ?? 8;
	const maxBytes = options.maxBytes ?? defaultMaxLineBytes;
	// Most log lines are printable ASCII: nothing to show, expand or cut, so they are returned as they are
	// (one regex test instead of a scan that copies; a log flood is mostly lines nobody will look at).
	if (!options.alreadyTruncatedBytes && input.length <= maxBytes && !notPrintableAscii.test(input))
		return {text: input, spans: noSpans, truncatedBytes: 0};
	const {kept, cutBytes} = capUtf8(input, maxBytes);
	const truncatedBytes = cutBytes + (options.alreadyTruncatedBytes ?? 0);

	const out: string[] = [];
	let outLength = 0;
	let column = 0;
	const spans: StyleSpan[] = [];
	let style = plainStyle;
	let spanStart = 0;
	const push = (text: string, width: number) => {
		out.push(text);
		outLength += text.length;
		column += width;
	};
	const closeSpan = () => {
		if (style !== plainStyle && outLength > spanStart) spans.push({start: spanStart, end: outLength, style});
		spanStart = outLength;
	};

	let index = 0;
	while (index < kept.length) {
		const codePoint = kept.codePointAt(index)!;
		const size = codePoint > 0xffff ? 2 : 1;
		if (codePoint === ESC) {
			if (sgr !== 'show' && kept.charCodeAt(index + 1) === 0x5b /* [ */) {
				const csi = parseCsi(kept, index);
				if (csi && csi.final === 'm') {
					const nextStyle = cachedApplySgr(style, csi.params);
					if (nextStyle) {
						if (sgr === 'spans') {
							closeSpan();
							style = nextStyle;
						}
						index = csi.end;
						continue;
					}
				}
			}
			push('^[', 2);
		} else if (codePoint === 0x09) {
			const spaces = tabWidth - (column % tabWidth);
			push(' '.repeat(spaces), spaces);
		} else if (codePoint < 0x20 || codePoint === 0x7f) {
			push(caret(codePoint), 2);
		} else if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
			// A lone surrogate (codePointAt returns it as is): not valid Unicode, show the replacement char.
			push('\ufffd', 1);
		} else if (isShownAsCodePoint(codePoint)) {
			const label = codePointLabel(codePoint);
			push(label, label.length);
		} else if (codePoint < 0x7f) {
			// A run of printable ASCII is copied as one slice.
			let end = index + 1;
			while (end < kept.length && isPrintableAscii(kept.charCodeAt(end))) end++;
			push(kept.slice(index, end), end - index);
			index = end;
			continue;
		} else {
			const char = kept.slice(index, index + size);
			push(char, codePointWidth(codePoint, char));
		}
		index += size;
	}
	closeSpan();
	if (truncatedBytes > 0) out.push(' ' + truncationMarker(truncatedBytes));
	return {text: out.join(''), spans: sgr === 'spans' ? spans : [], truncatedBytes};
}

/** Makes any untrusted string safe to render, showing every control sequence as inert text. */
export function toSafeText(input: string, options: Omit<SanitizeOptions, 'sgr'> = {}): string {
	return sanitizeLine(input, {...options, sgr: 'show'}).text;
}

/** Returns true when `text` contains nothing a terminal would interpret (used by tests and assertions). */
export function isInert(text: string): boolean {
	return !/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\u2028\u2029]/.test(text);
}

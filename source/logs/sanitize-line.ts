// The render boundary for untrusted text (log lines, and also process names, args, metric keys, env
// values). Log content is attacker-controlled: a line can set the terminal title, write the clipboard
// (OSC 52), spoof links (OSC 8), ask the terminal to type replies into our raw-mode stdin (DSR, OSC 11 ?),
// overwrite text with CR/BS, or reorder it with bidi overrides. Ink 6.8 passes OSC through and strip-ansi
// misses 8-bit C1 introducers, so nothing here relies on them.
//
// Policy ("make visible", like git 3.0 and less without -R): every control is shown inert as text:
//   ESC → "^[", other C0 → caret ("^G", "^M", "^@"), DEL → "^?", C1 and bidi/format controls → "<U+XXXX>".
// The body of an escape sequence stays visible as ordinary characters, so an unterminated OSC cannot
// swallow the rest of the line. The only sequences ever *interpreted* are plain SGR colour codes whose
// parameters are all allowlisted (sgr-sequence.ts): they are either turned into style spans or dropped,
// never forwarded as bytes. The pass is one linear scan.
//
// This is the one sanitizer: the TUI, the headless commands (`status`, `check`, `lint`) and the doctor's
// evidence all go through sanitizeLine/toSafeText for text, toSameWidthText where columns must line up
// with the source (the editor), and toSafeJson for JSON.
import stringWidth from 'string-width';
import {cachedApplySgr, parseCsi, plainStyle, type SpanStyle} from './sgr-sequence.js';

export {applySgr, type SpanStyle} from './sgr-sequence.js';

/** What to do with allowlisted SGR colour sequences (`ESC [ … m`). Non-allowlisted SGR is always shown. */
export type SgrPolicy = 'show' | 'strip' | 'spans';

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
	if (!options.alreadyTruncatedBytes && input.length <= maxBytes && !notPrintableAscii.test(input)) return {text: input, spans: noSpans, truncatedBytes: 0};
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

/** Makes any untrusted string safe to render, showing every control sequence as inert text . */
export function toSafeText(input: string, options: Omit<SanitizeOptions, 'sgr'> = {}): string {
	return sanitizeLine(input, {...options, sgr: 'show'}).text;
}

/** Returns true when `text` contains nothing a terminal would interpret (used by tests and assertions); a tab is allowed. */
export function isInert(text: string): boolean {
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code !== 0x09 && isControlCodePoint(code)) return false;
	}
	return true;
}

/** A character the sanitizer never lets through as it is: C0, DEL, C1, bidi and invisible format controls. */
function isControlCodePoint(codePoint: number): boolean {
	return codePoint < 0x20 || codePoint === 0x7f || isShownAsCodePoint(codePoint);
}

/**
 * Replaces every control with one visible stand-in ("→" for a tab, "·" otherwise) and every lone surrogate with
 * U+FFFD, one code unit for one code unit: for views whose columns must match the source text (the editor's
 * cursor is a code-unit index).
 */
export function toSameWidthText(input: string): string {
	if (!notPrintableAscii.test(input)) return input;
	let out = '';
	for (let index = 0; index < input.length; index++) {
		const code = input.charCodeAt(index);
		if (code >= 0xd800 && code <= 0xdbff && index + 1 < input.length) {
			const next = input.charCodeAt(index + 1);
			if (next >= 0xdc00 && next <= 0xdfff) {
				out += input.slice(index, index + 2);
				index++;
				continue;
			}
		}
		if (code === 0x09) out += '→';
		else if (isControlCodePoint(code)) out += '·';
		else if (code >= 0xd800 && code <= 0xdfff) out += '\ufffd';
		else out += input[index];
	}
	return out;
}

/**
 * JSON for the headless commands' `--json` output, with every control character escaped (`\u001b`, `\u009b`,
 * `\u202e`) rather than replaced by its visible form. Why escaped: JSON is read by programs, and a process name
 * must stay the exact string PM2 knows (scripts pass it back to `pm2 restart NAME`); an escape is lossless, yet
 * the bytes printed contain no control character, so the output is inert on a terminal, in CI logs and in
 * `less`. JSON.stringify already escapes C0 and lone surrogates; DEL, C1 and the bidi/format controls it
 * leaves raw are escaped here (only strings can hold them, so the result stays valid JSON).
 */
export function toSafeJson(value: unknown, indent = 2): string {
	const json = JSON.stringify(value, null, indent) ?? 'null';
	return json.replace(/[\u007f-\uffff]/g, char => {
		const code = char.charCodeAt(0);
		return isControlCodePoint(code) ? `\\u${code.toString(16).padStart(4, '0')}` : char;
	});
}

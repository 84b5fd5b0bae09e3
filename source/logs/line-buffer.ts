// A bounded ring of log lines (count and bytes) plus pure search/filter helpers. Memory must stay flat
// however long pm2-doctor runs and however fast an app logs, so every store of lines is one of these.
import type {StyleSpan} from './sanitize-line.js';

/** Where a line came from: the app's stdout file, its stderr file, or the PM2 daemon's own log. */
export type LogSource = 'out' | 'err' | 'pm2';

/** One display-ready log line. `text` is already sanitized (sanitize-line.ts): safe to render and to search. */
export type LogLine = {
	/** Monotonic per buffer owner; lets views keep their place while old lines are evicted. */
	seq: number;
	source: LogSource;
	/** null for the daemon's own log. */
	pmId: number | null;
	processName: string;
	/** When pm2-doctor read the line (epoch ms); back-filled lines get the read time too. */
	receivedAtMs: number;
	/**
	 * The app's own timestamp when the line starts with one (epoch ms), null when it does not. Read it with
	 * appTimestampOf(): it is parsed on first use (undefined until then), as most lines of a flood are never shown.
	 */
	appTimestampMs?: number | null;
	text: string;
	/** Colour spans from allowlisted SGR, when kept. */
	spans?: readonly StyleSpan[];
	/** True for lines read by the back-fill (history) rather than followed live. */
	backfill?: boolean;
};

export type LineBufferLimits = {maxLines: number; maxBytes: number};

export const defaultLineBufferLimits: LineBufferLimits = {maxLines: 5000, maxBytes: 8 * 1024 * 1024};

/** Approximate heap cost of a line: UTF-16 text plus a fixed object overhead. */
export function lineCostBytes(line: LogLine): number {
	return line.text.length * 2 + 96 + line.processName.length * 2 + (line.spans ? line.spans.length * 48 : 0);
}

/** A bounded FIFO of lines: pushing past either limit evicts the oldest lines. */
export class LineBuffer {
	private slots: Array<LogLine | undefined>;
	private head = 0; // index of the oldest line
	private count = 0;
	private bytes = 0;
	/** How many lines were evicted so far (views show "… N older lines dropped"). */
	evictedCount = 0;

	constructor(readonly limits: LineBufferLimits = defaultLineBufferLimits) {
		this.slots = new Array(Math.max(1, limits.maxLines));
	}

	get size(): number {
		return this.count;
	}

	get sizeBytes(): number {
		return this.bytes;
	}

	/** Appends lines, evicting the oldest ones to stay within both limits. */
	push(lines: readonly LogLine[]): void {
		for (const line of lines) {
			if (this.count === this.slots.length) this.evictOldest();
			this.slots[(this.head + this.count) % this.slots.length] = line;
			this.count++;
			this.bytes += lineCostBytes(line);
			while (this.bytes > this.limits.maxBytes && this.count > 1) this.evictOldest();
		}
	}

	private evictOldest(): void {
		const line = this.slots[this.head]!;
		this.slots[this.head] = undefined;
		this.head = (this.head + 1) % this.slots.length;
		this.count--;
		this.bytes -= lineCostBytes(line);
		this.evictedCount++;
	}

	/** The line at position `index` (0 = oldest kept). */
	at(index: number): LogLine | undefined {
		if (index < 0 || index >= this.count) return undefined;
		return this.slots[(this.head + index) % this.slots.length];
	}

	/** A copy of the lines, oldest first. */
	toArray(): LogLine[] {
		const out: LogLine[] = new Array(this.count);
		for (let index = 0; index < this.count; index++) out[index] = this.slots[(this.head + index) % this.slots.length]!;
		return out;
	}

	clear(): void {
		this.slots = new Array(this.slots.length);
		this.head = 0;
		this.count = 0;
		this.bytes = 0;
	}
}

// ---------------------------------------------------------------------------------------------------------
// Search and filter (pure).

export type CompiledPattern = {ok: true; regex: RegExp; source: string} | {ok: false; error: string; source: string};

/**
 * Compiles a user-typed search pattern: a regex, case-insensitive by default. An invalid pattern is reported,
 * never thrown, so the prompt can show the error while the user keeps typing.
 */
export function compilePattern(source: string, options: {caseSensitive?: boolean} = {}): CompiledPattern {
	try {
		return {ok: true, regex: new RegExp(source, options.caseSensitive ? 'u' : 'iu'), source};
	} catch (error) {
		// Fall back to non-unicode mode: `\-` or `{` are valid there and users type them.
		try {
			return {ok: true, regex: new RegExp(source, options.caseSensitive ? '' : 'i'), source};
		} catch {
			// "Invalid regular expression: /a(/iu: Unterminated group" → "Unterminated group".
			const message = (error as Error).message.replace(/^Invalid regular expression: /, '');
			const flagsEnd = message.lastIndexOf(': ');
			return {ok: false, error: message.startsWith('/') && flagsEnd !== -1 ? message.slice(flagsEnd + 2) : message, source};
		}
	}
}

export type LineFilter = {
	/** Only lines matching this (or not matching, with `inverse`). */
	pattern?: RegExp | null;
	inverse?: boolean;
	/** Only stderr lines. */
	errOnly?: boolean;
};

/** Returns true when the line passes the filter. */
export function lineMatchesFilter(line: LogLine, filter: LineFilter): boolean {
	if (filter.errOnly && line.source !== 'err') return false;
	if (filter.pattern) {
		filter.pattern.lastIndex = 0;
		const hit = filter.pattern.test(line.text);
		return filter.inverse ? !hit : hit;
	}
	return true;
}

/** Returns the lines that pass the filter, in order. */
export function filterLines(lines: readonly LogLine[], filter: LineFilter): LogLine[] {
	if (!filter.pattern && !filter.errOnly) return lines as LogLine[];
	return lines.filter(line => lineMatchesFilter(line, filter));
}

/** Returns the [start, end) ranges where `regex` matches `text` (empty matches skipped), at most `limit`. */
export function findMatchRanges(text: string, regex: RegExp, limit = 200): Array<[number, number]> {
	const global = new RegExp(regex.source, regex.flags.includes('g') ? regex.flags : regex.flags + 'g');
	const ranges: Array<[number, number]> = [];
	let match: RegExpExecArray | null;
	while (ranges.length < limit && (match = global.exec(text)) !== null) {
		if (match[0].length === 0) {
			global.lastIndex++;
			continue;
		}
		ranges.push([match.index, match.index + match[0].length]);
	}
	return ranges;
}

/**
 * Returns the index of the next line (after `fromIndex` going `direction`) whose text matches, wrapping
 * around; null when no line matches.
 */
export function findNextMatchIndex(lines: readonly LogLine[], fromIndex: number, direction: 1 | -1, regex: RegExp): number | null {
	const total = lines.length;
	if (total === 0) return null;
	for (let step = 1; step <= total; step++) {
		const index = (((fromIndex + direction * step) % total) + total) % total;
		regex.lastIndex = 0;
		if (regex.test(lines[index]!.text)) return index;
	}
	return null;
}

// ---------------------------------------------------------------------------------------------------------
// App timestamps.

// ISO-like timestamps at the start of a line: PM2's log_date_format default "2026-11-25T12:25:41:" (note the
// trailing colon), ISO 8601 with milliseconds/zone, or "2026-11-25 12:25:41". Optional leading "[".
const leadingTimestamp = /^\[?(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,6}))?(Z|[+-]\d{2}:?\d{2})?/;

/** The line's own timestamp (epoch ms) or null, parsed from its text on first use and kept on the line. */
export function appTimestampOf(line: LogLine): number | null {
	if (line.appTimestampMs === undefined) line.appTimestampMs = parseAppTimestamp(line.text);
	return line.appTimestampMs;
}

/** Parses the app's own timestamp at the start of a line (epoch ms), or null when there is none. */
export function parseAppTimestamp(text: string): number | null {
	const match = leadingTimestamp.exec(text);
	if (!match) return null;
	const [, year, month, day, hour, minute, second, fraction, zone] = match;
	const ms = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
	const iso = `${year}-${month}-${day}T${hour}:${minute}:${second}.${String(ms).padStart(3, '0')}${
		zone ? (zone === 'Z' ? 'Z' : zone.length === 5 ? zone.slice(0, 3) + ':' + zone.slice(3) : zone) : ''
	}`;
	// Without a zone, Date parses a date-time as local time, which is what PM2 writes.
	const value = Date.parse(iso);
	return Number.isNaN(value) ? null : value;
}

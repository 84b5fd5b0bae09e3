import {describe, expect, it} from 'vitest';
import {
	LineBuffer,
	appTimestampOf,
	compilePattern,
	filterLines,
	findMatchRanges,
	findNextMatchIndex,
	lineCostBytes,
	parseAppTimestamp,
	type LogLine,
} from '../../../source/logs/line-buffer.js';

let seq = 0;
function line(text: string, source: LogLine['source'] = 'out'): LogLine {
	return {seq: seq++, source, pmId: 1, processName: 'api', receivedAtMs: 1000, text};
}

describe('LineBuffer', () => {
	it('keeps at most maxLines, evicting the oldest', () => {
		const buffer = new LineBuffer({maxLines: 3, maxBytes: 1e9});
		buffer.push(['a', 'b', 'c', 'd', 'e'].map(t => line(t)));
		expect(buffer.toArray().map(l => l.text)).toEqual(['c', 'd', 'e']);
		expect(buffer.size).toBe(3);
		expect(buffer.evictedCount).toBe(2);
		expect(buffer.at(0)?.text).toBe('c');
		expect(buffer.at(3)).toBeUndefined();
	});

	it('keeps within maxBytes', () => {
		const one = lineCostBytes(line('x'.repeat(100)));
		const buffer = new LineBuffer({maxLines: 1000, maxBytes: one * 2 + 1});
		buffer.push([line('x'.repeat(100)), line('y'.repeat(100)), line('z'.repeat(100))]);
		expect(buffer.toArray().map(l => l.text[0])).toEqual(['y', 'z']);
		expect(buffer.sizeBytes).toBeLessThanOrEqual(one * 2 + 1);
	});

	it('stays bounded under a long stream', () => {
		const buffer = new LineBuffer({maxLines: 100, maxBytes: 50_000});
		for (let i = 0; i < 10_000; i++) buffer.push([line(`line ${i} ` + 'z'.repeat(i % 300))]);
		expect(buffer.size).toBeLessThanOrEqual(100);
		expect(buffer.sizeBytes).toBeLessThanOrEqual(50_000);
		expect(buffer.at(buffer.size - 1)?.text.startsWith('line 9999 ')).toBe(true);
		buffer.clear();
		expect(buffer.size).toBe(0);
	});
});

describe('search and filter', () => {
	const lines = [line('GET /a 200'), line('Error: boom', 'err'), line('get /b 500'), line('warn x', 'err')];

	it('compiles case-insensitive by default and reports invalid regexes', () => {
		const ok = compilePattern('get');
		expect(ok.ok && ok.regex.test('GET')).toBe(true);
		const sensitive = compilePattern('get', {caseSensitive: true});
		expect(sensitive.ok && sensitive.regex.test('GET')).toBe(false);
		const bad = compilePattern('a(');
		expect(bad.ok).toBe(false);
		expect(!bad.ok && bad.error).toMatch(/Unterminated group/);
	});

	it('filters, inverse-filters and err-only', () => {
		const get = compilePattern('get');
		if (!get.ok) throw new Error('compile');
		expect(filterLines(lines, {pattern: get.regex}).map(l => l.text)).toEqual(['GET /a 200', 'get /b 500']);
		expect(filterLines(lines, {pattern: get.regex, inverse: true}).map(l => l.text)).toEqual(['Error: boom', 'warn x']);
		expect(filterLines(lines, {errOnly: true}).map(l => l.text)).toEqual(['Error: boom', 'warn x']);
		expect(filterLines(lines, {errOnly: true, pattern: /boom/}).map(l => l.text)).toEqual(['Error: boom']);
	});

	it('finds match ranges, skipping empty matches', () => {
		expect(findMatchRanges('abcabc', /b/i)).toEqual([
			[1, 2],
			[4, 5],
		]);
		expect(findMatchRanges('abc', /x*/)).toEqual([]);
	});

	it('finds the next and previous matching line, wrapping', () => {
		expect(findNextMatchIndex(lines, 0, 1, /get/i)).toBe(2);
		expect(findNextMatchIndex(lines, 2, 1, /get/i)).toBe(0);
		expect(findNextMatchIndex(lines, 0, -1, /get/i)).toBe(2);
		expect(findNextMatchIndex(lines, 0, 1, /nothing/)).toBeNull();
		expect(findNextMatchIndex([], 0, 1, /x/)).toBeNull();
	});
});

describe('parseAppTimestamp', () => {
	it('parses ISO with zone and ms', () => {
		expect(parseAppTimestamp('2026-11-25T12:25:41.123Z GET /')).toBe(Date.UTC(2026, 10, 25, 12, 25, 41, 123));
		expect(parseAppTimestamp('[2026-11-25T12:25:41+01:00] x')).toBe(Date.UTC(2026, 10, 25, 11, 25, 41));
	});

	it('parses the PM2 default log_date_format as local time', () => {
		expect(parseAppTimestamp('2026-11-25T12:25:41: PM2 log: App online')).toBe(new Date(2026, 10, 25, 12, 25, 41).getTime());
	});

	it('returns null without a leading timestamp', () => {
		expect(parseAppTimestamp('hello 2026-11-25T12:25:41Z')).toBeNull();
	});
});

describe('appTimestampOf', () => {
	it('parses the timestamp on first use and keeps it on the line', () => {
		const timed = line('2026-11-25T12:25:41.123Z GET /');
		expect(timed.appTimestampMs).toBeUndefined();
		expect(appTimestampOf(timed)).toBe(Date.UTC(2026, 10, 25, 12, 25, 41, 123));
		expect(timed.appTimestampMs).toBe(Date.UTC(2026, 10, 25, 12, 25, 41, 123));
		const untimed = line('no time here');
		expect(appTimestampOf(untimed)).toBeNull();
		expect(untimed.appTimestampMs).toBeNull();
	});

	it('trusts a value already on the line', () => {
		expect(appTimestampOf({...line('2026-11-25T12:25:41Z x'), appTimestampMs: 5})).toBe(5);
	});
});

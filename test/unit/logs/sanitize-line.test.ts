import fs from 'node:fs';
import {describe, expect, it} from 'vitest';
import {applySgr, isInert, sanitizeLine, toSafeJson, toSafeText, toSameWidthText, truncationMarker} from '../../../source/logs/sanitize-line.js';
import {columnsOf, sliceColumns, wrapColumns, fitColumns} from '../../../source/logs/text-columns.js';

/** The escape corpus (35 vectors): terminal controls a hostile app can write. */
const ESCAPE_VECTORS_PATH = new URL('../../fixtures/logs/escape-vectors.json', import.meta.url);

type Vector = {name: string; input: string; utf8Hex: string; expectedVisible: string};
const vectors: Vector[] = JSON.parse(fs.readFileSync(ESCAPE_VECTORS_PATH, 'utf8'));

describe('sanitizeLine over the shared escape vectors', () => {
	it('has the 35 vectors', () => {
		expect(vectors.length).toBe(35);
	});

	it.each(vectors.map(v => [v.name, v] as const))('%s: shows the expected visible form', (_name, vector) => {
		// The vector's input must be the bytes its hex describes (guards against a mangled data file).
		expect(Buffer.from(vector.input, 'utf8').toString('hex')).toBe(vector.utf8Hex);
		// One deliberate deviation: the zero-width space is shown as <U+200B> (it broke the row in xterm.js and
		// hides "ad​min"-style spoofs); see the comment in sanitize-line.ts.
		const expected = vector.name === 'zero-width space' ? vector.expectedVisible.replace('\u200b', '<U+200B>') : vector.expectedVisible;
		expect(toSafeText(vector.input)).toBe(expected);
	});

	it.each(vectors.map(v => [v.name, v] as const))('%s: inert under every SGR policy', (_name, vector) => {
		for (const sgr of ['show', 'strip', 'spans'] as const) {
			const safe = sanitizeLine(vector.input, {sgr});
			expect(isInert(safe.text)).toBe(true);
			expect(safe.text).not.toContain('\u001b');
		}
	});
});

describe('sanitizeLine policies', () => {
	it('turns allowlisted SGR into spans and drops the bytes', () => {
		const safe = sanitizeLine('a\u001b[31mred\u001b[0m b \u001b[1;38;5;200mX\u001b[m', {sgr: 'spans'});
		expect(safe.text).toBe('ared b X');
		expect(safe.spans).toEqual([
			{start: 1, end: 4, style: {color: 'red'}},
			{start: 7, end: 8, style: {bold: true, color: 'ansi256(200)'}},
		]);
	});

	it('reuses one frozen style per colour change, and stays right past the cache bound', () => {
		const first = sanitizeLine('\u001b[1;32mok\u001b[0m', {sgr: 'spans'}).spans[0]!.style;
		const again = sanitizeLine('x \u001b[1;32mok\u001b[0m', {sgr: 'spans'}).spans[0]!.style;
		expect(again).toBe(first);
		expect(Object.isFrozen(first)).toBe(true);
		// 256 × 8 distinct sequences: more than the cache holds, each still parsed into its own style.
		for (let color = 0; color < 256; color++) {
			for (let background = 0; background < 8; background++) {
				const safe = sanitizeLine(`\u001b[38;5;${color}m\u001b[4${background}mx`, {sgr: 'spans'});
				expect(safe.spans).toEqual([
					{
						start: 0,
						end: 1,
						style: {color: `ansi256(${color})`, backgroundColor: ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'][background]},
					},
				]);
			}
		}
		expect(sanitizeLine('\u001b[1;32mok', {sgr: 'spans'}).spans[0]!.style).toEqual({bold: true, color: 'green'});
	});

	it('strips allowlisted SGR but shows conceal and blink visibly', () => {
		expect(sanitizeLine('\u001b[32mok\u001b[39m', {sgr: 'strip'}).text).toBe('ok');
		expect(sanitizeLine('pw=\u001b[8mhunter2\u001b[0m', {sgr: 'strip'}).text).toBe('pw=^[[8mhunter2');
		expect(sanitizeLine('\u001b[5mblink', {sgr: 'spans'}).text).toBe('^[[5mblink');
		expect(sanitizeLine('\u001b[?1049h', {sgr: 'strip'}).text).toBe('^[[?1049h');
	});

	it('drops a background equal to the foreground (hidden text)', () => {
		expect(applySgr({}, '31;41')).toEqual({color: 'red', backgroundColor: undefined});
		expect(applySgr({}, '38;2;1;2;3')).toEqual({color: '#010203'});
		expect(applySgr({}, '38;2;1')).toBeNull();
	});

	it('expands tabs to the next stop, counting wide characters as two columns', () => {
		expect(toSafeText('a\tb')).toBe('a       b');
		expect(toSafeText('世\tb')).toBe('世      b');
		expect(columnsOf(toSafeText('世\tb'))).toBe(9);
	});

	it('replaces lone surrogates (invalid UTF-16) with U+FFFD', () => {
		expect(toSafeText('a\ud800b')).toBe('a\ufffdb');
		expect(toSafeText('😀')).toBe('😀');
	});

	it('cuts lines over 16 KiB with a visible marker, on a character boundary', () => {
		const line = '世'.repeat(10_000); // 30 000 bytes
		const safe = sanitizeLine(line);
		expect(safe.truncatedBytes).toBe(30_000 - 16_383);
		expect(safe.text.endsWith(' ' + truncationMarker(30_000 - 16_383))).toBe(true);
		expect(safe.text.startsWith('世'.repeat(5461) + ' ')).toBe(true);
	});

	it('returns printable ASCII as it is, but still caps it', () => {
		const plain = '2026-11-25T12:25:41.123Z GET /api/items/7 200 3ms ~!@#$%^&*()_+{}|:"<>?`-=[]\\;\',./';
		expect(sanitizeLine(plain, {sgr: 'spans'})).toEqual({text: plain, spans: [], truncatedBytes: 0});
		expect(sanitizeLine('a'.repeat(20), {maxBytes: 16})).toEqual({text: 'a'.repeat(16) + ' ' + truncationMarker(4), spans: [], truncatedBytes: 4});
		expect(sanitizeLine('a'.repeat(16), {maxBytes: 16}).text).toBe('a'.repeat(16));
	});

	it('keeps ASCII runs between controls, colours and wide characters in place', () => {
		const safe = sanitizeLine('GET /a\u001b[32m 200 \u001b[0mok\t世界 done\u0007', {sgr: 'spans'});
		// The colour codes take no columns: "GET /a 200 ok" is 13 columns, so the tab goes to column 16.
		expect(safe.text).toBe('GET /a 200 ok   世界 done^G');
		expect(safe.spans).toEqual([{start: 6, end: 11, style: {color: 'green'}}]);
	});

	it('adds bytes cut upstream to the marker', () => {
		expect(sanitizeLine('abc', {alreadyTruncatedBytes: 5}).text).toBe('abc …[truncated 5 bytes]');
	});

	it('is linear on a 1 MiB hostile line (10 000 unterminated OSC)', () => {
		const hostile = ('\u001b]' + 'x'.repeat(98)).repeat(10_000);
		const safe = sanitizeLine(hostile, {maxBytes: 2 * 1024 * 1024, sgr: 'spans'});
		expect(isInert(safe.text)).toBe(true);
		expect(safe.text.length).toBe(10_000 * 101);
	});
});

describe('column helpers', () => {
	it('slices by columns without splitting wide characters', () => {
		expect(sliceColumns('ab世界cd', 0, 3)).toBe('ab ');
		expect(sliceColumns('ab世界cd', 3, 4)).toBe(' 界c');
		// Printable ASCII takes a shortcut; it must cut the same columns as the general path.
		expect(sliceColumns('abcdef', 2, 3)).toBe('cde');
		expect(sliceColumns('abcdef', 4, 10)).toBe('ef');
		expect(sliceColumns('abcdef', -2, 4)).toBe('ab');
		expect(sliceColumns('abcdef', -5, 2)).toBe('');
		expect(sliceColumns('abcdef', 2, 0)).toBe('');
		expect(sliceColumns('abcdef', 2, -1)).toBe('');
		expect(sliceColumns('abcdé', 2, 3)).toBe('cdé');
		expect(fitColumns('世界', 5)).toBe('世界 ');
	});

	it('wraps by columns', () => {
		expect(wrapColumns('abcdef', 4).map(r => r.text)).toEqual(['abcd', 'ef']);
		expect(wrapColumns('a世界b', 3).map(r => r.text)).toEqual(['a世', '界b']);
		expect(wrapColumns('', 3).map(r => r.text)).toEqual(['']);
	});
});

describe('toSameWidthText (views whose columns follow the source text)', () => {
	it.each(vectors.map(v => [v.name, v] as const))('%s: inert, one code unit for one code unit', (_name, vector) => {
		const shown = toSameWidthText(vector.input);
		expect(shown.length).toBe(vector.input.length);
		expect(isInert(shown)).toBe(true);
		expect(shown).not.toMatch(/[\u200b\u2060\ufeff]/);
	});

	it('shows a tab as an arrow and keeps printable text and surrogate pairs', () => {
		expect(toSameWidthText('a\tb\u001b[31mc')).toBe('a→b·[31mc');
		expect(toSameWidthText('plain 世界 😀')).toBe('plain 世界 😀');
		expect(toSameWidthText('a\ud800b')).toBe('a\ufffdb');
	});
});

describe('toSafeJson (the --json outputs)', () => {
	it.each(vectors.map(v => [v.name, v] as const))('%s: valid JSON, no raw control, the exact string back', (_name, vector) => {
		const json = toSafeJson({name: vector.input, list: [vector.input]});
		expect(isInert(json.replaceAll('\n', ''))).toBe(true);
		expect(json).not.toMatch(/[\u0080-\u009f\u200b\u202a-\u202e\u2066-\u2069]/);
		expect(JSON.parse(json)).toEqual({name: vector.input, list: [vector.input]});
	});

	it('escapes C1, bidi and DEL that JSON.stringify leaves raw', () => {
		expect(toSafeJson('a\u009bb\u202ec\u007fd', 0)).toBe('"a\\u009bb\\u202ec\\u007fd"');
		expect(toSafeJson({n: 'évian 世界'}, 0)).toBe('{"n":"évian 世界"}');
	});
});

// The escape corpus (test/fixtures/logs/escape-vectors.json): terminal controls a hostile app can put in
// its log lines, and also in its name, namespace, paths, args and env. Shared by the output tests.
import fs from 'node:fs';
import {truncate} from '../../source/ui/text-fit.js';

export type EscapeVector = {name: string; input: string; utf8Hex: string; expectedVisible: string};

export const escapeVectors: EscapeVector[] = JSON.parse(fs.readFileSync(new URL('../fixtures/logs/escape-vectors.json', import.meta.url), 'utf8'));

/**
 * The visible form the sanitizer gives `vector.input`. One deliberate deviation from the corpus: the zero-width
 * space is shown as <U+200B> (it hides "ad​min"-style spoofs; see source/logs/sanitize-line.ts).
 */
export function expectedVisible(vector: EscapeVector): string {
	return vector.name === 'zero-width space' ? vector.expectedVisible.replace('\u200b', '<U+200B>') : vector.expectedVisible;
}

/** The visible form cut to `width` columns the way every cell and line is cut. */
export function expectedVisibleIn(vector: EscapeVector, width: number): string {
	return truncate(expectedVisible(vector), width);
}

/**
 * Removes the sequences our own renderers write (SGR colours, and the cursor placing of the plain first
 * paint), so what is left of a frame must hold no control character at all.
 */
export function withoutOwnSequences(raw: string): string {
	return raw.replace(/\u001B\[(?:[0-9;]*m|\d+;1H|H|2K|J)/g, '');
}

/** Any C0 control but the line break, DEL, C1, or a bidi/format control. */
export const rawControl = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;

import {describe, expect, it} from 'vitest';
import {asciiGlyphs, glyphSetFor, unicodeGlyphs, wantsAsciiGlyphs} from '../../../source/ui/theme.js';

describe('glyph set choice', () => {
	it.each([
		[{TERM: 'xterm-256color', LANG: 'en_US.UTF-8'}, false],
		[{TERM: 'xterm-256color', LANG: 'C.UTF-8'}, false],
		[{TERM: 'xterm-256color', LC_ALL: 'de_DE.utf8', LANG: 'C'}, false],
		[{TERM: 'screen'}, false],
		[{TERM: 'vt100', LANG: 'en_US.UTF-8'}, true],
		[{TERM: 'vt220'}, true],
		[{TERM: 'linux', LANG: 'en_US.UTF-8'}, true],
		[{TERM: 'vt100-am'}, true],
		[{TERM: 'xterm', LANG: 'C'}, true],
		[{TERM: 'xterm', LANG: 'POSIX'}, true],
		[{TERM: 'xterm', LANG: 'en_US.UTF-8', LC_CTYPE: 'en_US.ISO-8859-1'}, true],
		[{TERM: 'xterm', LANG: 'en_US.UTF-8', LC_ALL: 'C'}, true],
	] as Array<[NodeJS.ProcessEnv, boolean]>)('%o → ASCII %s', (env, ascii) => {
		expect(wantsAsciiGlyphs(env)).toBe(ascii);
		expect(glyphSetFor(env)).toBe(ascii ? asciiGlyphs : unicodeGlyphs);
	});

	it('has an ASCII counterpart of the same width for every Unicode glyph', () => {
		const strings = (value: unknown): string[] =>
			typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
		const ascii = strings(asciiGlyphs);
		expect(ascii.join('')).toMatch(/^[\x20-\x7E]*$/);
		expect(ascii.map(glyph => glyph.length)).toEqual(strings(unicodeGlyphs).map(() => 1));
	});
});

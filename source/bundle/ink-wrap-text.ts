// Bundled in place of Ink 6.8's `build/wrap-text.js` (source/bundle/ink-swap.mjs): the same function,
// but Ink's memo (a plain object) keeps every text it ever wrapped or truncated, forever; this one is bounded
// (see ink-measure-text.ts for why it matters).
import cliTruncate from 'cli-truncate';
import wrapAnsi from 'wrap-ansi';
import {GenerationalCache} from './generational-cache.js';

type WrapType = 'wrap' | 'truncate' | 'truncate-end' | 'truncate-middle' | 'truncate-start' | (string & {});

const cache = new GenerationalCache<string>(2000);

function wrapUncached(text: string, maxWidth: number, wrapType: WrapType): string {
	if (wrapType === 'wrap') return wrapAnsi(text, maxWidth, {trim: false, hard: true});
	if (wrapType.startsWith('truncate')) {
		const position = wrapType === 'truncate-middle' ? 'middle' : wrapType === 'truncate-start' ? 'start' : 'end';
		return cliTruncate(text, maxWidth, {position});
	}
	return text;
}

export default function wrapText(text: string, maxWidth: number, wrapType: WrapType): string {
	// The number and the word go first: no two different calls share a key.
	return cache.get(`${maxWidth}:${wrapType}:${text}`, () => wrapUncached(text, maxWidth, wrapType));
}

/** Entries held (tests). */
export const wrappedTextCount = () => cache.size;

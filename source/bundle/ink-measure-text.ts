// Bundled in place of Ink 6.8's `build/measure-text.js` (source/bundle/ink-swap.mjs): the same function,
// but Ink's memo keeps every text it ever measured, so a UI whose numbers change every second grows by
// every frame's new texts for as long as it runs (the soak benchmark's RSS slope). This memo is bounded.
import widestLine from 'widest-line';
import {GenerationalCache} from './generational-cache.js';

type Dimensions = {width: number; height: number};

const cache = new GenerationalCache<Dimensions>(2000);
const measure = (text: string): Dimensions => ({width: widestLine(text), height: text.split('\n').length});

export default function measureText(text: string): Dimensions {
	if (text.length === 0) return {width: 0, height: 0};
	return cache.get(text, measure);
}

/** Entries held (tests). */
export const measuredTextCount = () => cache.size;

// The bundle swaps Ink's text measuring and wrapping memos for bounded ones: same answers, bounded memory.
import {Chalk} from 'chalk';
import {describe, expect, it} from 'vitest';
import inkMeasureText from '../../../node_modules/ink/build/measure-text.js';
import inkWrapText from '../../../node_modules/ink/build/wrap-text.js';
import {GenerationalCache} from '../../../source/bundle/generational-cache.js';
import measureText, {measuredTextCount} from '../../../source/bundle/ink-measure-text.js';
import wrapText, {wrappedTextCount} from '../../../source/bundle/ink-wrap-text.js';

const chalk = new Chalk({level: 3});
const texts = [
	'',
	'plain',
	'two\nlines of different width',
	`${chalk.red('● online')} api ${chalk.dim('▁▂▃▅▇█')} 12.5 MB`,
	'中文 and ｗide and 🙂 emoji',
	'a long line '.repeat(12),
	`${chalk.bold('bold')}\n${chalk.inverse('inverse text that runs on')}`,
];
const wrapTypes = ['wrap', 'truncate', 'truncate-end', 'truncate-middle', 'truncate-start'] as const;

describe('bounded Ink text memos', () => {
	it('measure like Ink', () => {
		for (const text of texts) expect(measureText(text), JSON.stringify(text)).toEqual(inkMeasureText(text));
	});

	it('wrap and truncate like Ink at every width', () => {
		for (const text of texts)
			for (const wrapType of wrapTypes)
				for (const width of [1, 5, 12, 40, 200]) expect(wrapText(text, width, wrapType), `${wrapType} ${width} ${JSON.stringify(text)}`).toBe(inkWrapText(text, width, wrapType));
	});

	it('stay bounded however many distinct texts go through them (Ink keeps all of them)', () => {
		for (let second = 0; second < 20_000; second++) {
			const row = `worker-${second % 50}  online  ${(second % 997) / 10}%  ${second}s`;
			measureText(row);
			wrapText(row, 80, 'truncate');
		}
		expect(measuredTextCount()).toBeLessThanOrEqual(4000);
		expect(wrappedTextCount()).toBeLessThanOrEqual(4000);
	});
});

describe('GenerationalCache', () => {
	it('keeps recently used entries across a rotation and drops the rest after two', () => {
		const cache = new GenerationalCache<number>(100);
		let computed = 0;
		const compute = (key: string) => {
			computed++;
			return key.length;
		};
		cache.get('kept', compute);
		cache.get('dropped', compute);
		cache.rotate();
		cache.get('kept', compute);
		cache.rotate();
		expect(computed).toBe(2);
		cache.get('kept', compute);
		cache.get('dropped', compute);
		expect(computed).toBe(3);
	});

	it('rotates by itself when a generation is full', () => {
		const cache = new GenerationalCache<number>(10);
		for (let index = 0; index < 1000; index++) cache.get(`key ${index}`, key => key.length);
		expect(cache.size).toBeLessThanOrEqual(20);
	});
});

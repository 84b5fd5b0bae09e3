// The bundle swaps Ink's text measuring and wrapping memos for bounded ones: same answers, bounded memory.
// The answers are compared for the source modules and for the modules as the shipped bundle builds them (there
// string-width is the bundle's stand-in, source/bundle/cached-string-width.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Chalk} from 'chalk';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import inkMeasureText from '../../../node_modules/ink/build/measure-text.js';
import inkWrapText from '../../../node_modules/ink/build/wrap-text.js';
import {GenerationalCache} from '../../../source/bundle/generational-cache.js';
import measureText, {measuredTextCount} from '../../../source/bundle/ink-measure-text.js';
import wrapText, {wrappedTextCount} from '../../../source/bundle/ink-wrap-text.js';
import {buildInkSwapProbe} from '../../../source/bundle/ink-swap.mjs';

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

type Memos = {measureText: typeof measureText; wrapText: typeof wrapText};
const implementations: Record<'source' | 'bundled', Memos | undefined> = {source: {measureText, wrapText}, bundled: undefined};
let probeDir: string;

beforeAll(async () => {
	probeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-ink-memos-'));
	implementations.bundled = (await import(await buildInkSwapProbe(probeDir))) as Memos;
});
afterAll(() => {
	fs.rmSync(probeDir, {recursive: true, force: true});
});

describe.each(['source', 'bundled'] as const)('bounded Ink text memos (%s)', implementation => {
	it('measure like Ink', () => {
		const memos = implementations[implementation]!;
		expect(memos.measureText).not.toBe(inkMeasureText);
		for (const text of texts) expect(memos.measureText(text), JSON.stringify(text)).toEqual(inkMeasureText(text));
	});

	it('wrap and truncate like Ink at every width', () => {
		const memos = implementations[implementation]!;
		expect(memos.wrapText).not.toBe(inkWrapText);
		for (const text of texts)
			for (const wrapType of wrapTypes)
				for (const width of [1, 5, 12, 40, 200])
					expect(memos.wrapText(text, width, wrapType), `${wrapType} ${width} ${JSON.stringify(text)}`).toBe(inkWrapText(text, width, wrapType));
	});
});

describe('bounded Ink text memos', () => {
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

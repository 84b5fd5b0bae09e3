// The bundle swaps Ink's Output for source/bundle/fast-ink-output.ts; it must produce the very same frame.
// Both are driven with the same random operations (seeded): ANSI-styled, wide, combining and box-drawing
// text, overlapping writes, writes past the edges, transformers, and clipping boxes that cut lines.
// Run against the source module and against the module as the shipped bundle builds it (same esbuild plugins
// and options: the string-width stand-in and minification apply there only).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Chalk} from 'chalk';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import InkOutput from '../../../node_modules/ink/build/output.js';
import SourceFastOutput, {rowsBuilt} from '../../../source/bundle/fast-ink-output.js';
import {buildInkSwapProbe} from '../../../source/bundle/ink-swap.mjs';

const chalk = new Chalk({level: 3});

/** Mulberry32: a small seeded generator, so a failure can be replayed. */
function randomSource(seed: number) {
	let state = seed;
	const next = () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
	const int = (below: number) => Math.floor(next() * below);
	const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
	return {int, pick};
}

const pieces = [
	'api',
	'worker-007',
	' ',
	'   ',
	'online',
	'─┼─',
	'╭──╮',
	'▁▂▃▅▇█',
	'●',
	'✔',
	'中文',
	'ｗ',
	'🙂',
	'e\u0301',
	'↺',
	'12.5 MB',
	'—…±é',
	'〈〉',
	'\u001B[m',
	'\u001B[38;5;208mx',
	'\u001B[1;4;31m',
];
const styles = [(s: string) => s, chalk.red, chalk.bold, chalk.dim, chalk.bgBlue.white, chalk.inverse, chalk.green.underline];
type Transformer = (line: string, index: number) => string;
const transformerSets: Transformer[][] = [
	[],
	[line => chalk.cyan(line)],
	[(line, index) => (index % 2 ? chalk.dim(line) : line)],
	[line => chalk.bold(line), line => chalk.yellow(line)],
];

function randomText(random: ReturnType<typeof randomSource>): string {
	const lines: string[] = [];
	const lineCount = 1 + random.int(4);
	for (let line = 0; line < lineCount; line++) {
		let text = '';
		const parts = random.int(6);
		for (let part = 0; part < parts; part++) text += random.pick(styles)(random.pick(pieces));
		lines.push(text);
	}
	return lines.join('\n');
}

type Target = {
	write(x: number, y: number, text: string, options: {transformers: Transformer[]}): void;
	clip(clip: object): void;
	unclip(): void;
	get(): {output: string; height: number};
};

function drive(targets: Target[], seed: number, width: number, height: number): void {
	const random = randomSource(seed);
	let clipDepth = 0;
	const operations = 10 + random.int(30);
	for (let step = 0; step < operations; step++) {
		const roll = random.int(10);
		if (roll === 0) {
			const x1 = random.int(width);
			const y1 = random.int(height);
			const clip = random.int(3) === 0 ? {x1, x2: x1 + random.int(width)} : {x1, x2: x1 + random.int(width), y1, y2: y1 + random.int(height)};
			for (const target of targets) target.clip(clip);
			clipDepth++;
		} else if (roll === 1 && clipDepth > 0) {
			for (const target of targets) target.unclip();
			clipDepth--;
		} else {
			const x = random.int(width + 4);
			const y = random.int(height + 2);
			const text = randomText(random);
			const transformers = random.pick(transformerSets);
			for (const target of targets) target.write(x, y, text, {transformers});
		}
	}
}

type OutputClass = typeof SourceFastOutput;
const implementations: Record<'source' | 'bundled', OutputClass | undefined> = {source: SourceFastOutput, bundled: undefined};
let probeDir: string;

beforeAll(async () => {
	probeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-ink-swap-'));
	const probe = (await import(await buildInkSwapProbe(probeDir))) as {Output: OutputClass};
	implementations.bundled = probe.Output;
});
afterAll(() => {
	fs.rmSync(probeDir, {recursive: true, force: true});
});

describe.each(['source', 'bundled'] as const)('fast Ink output (%s)', implementation => {
	it("is our Output, not Ink's", () => {
		expect(implementations[implementation]).toBeDefined();
		expect(implementations[implementation]).not.toBe(InkOutput);
		expect(String(implementations[implementation]!.prototype.get)).not.toBe(String(InkOutput.prototype.get));
	});

	it('renders the same frames as Ink for 500 random operation sequences', () => {
		for (let seed = 1; seed <= 500; seed++) {
			const width = 10 + (seed % 50);
			const height = 3 + (seed % 12);
			const ink = new InkOutput({width, height});
			const fast = new implementations[implementation]!({width, height});
			drive([ink as unknown as Target, fast], seed, width, height);
			expect(fast.get(), `seed ${seed}`).toEqual(ink.get());
		}
	});

	it('gives the same frame again when the same text is written in the next frame (cached across frames)', () => {
		const frames = [1, 2, 3].map(() => {
			const output = new implementations[implementation]!({width: 30, height: 4});
			output.write(0, 0, `${chalk.red('● online')}  ${chalk.dim('▁▂▃')}`, {transformers: []});
			output.write(2, 1, '中文 wide', {transformers: [line => chalk.bold(line)]});
			return output.get().output;
		});
		expect(frames[1]).toBe(frames[0]);
		expect(frames[2]).toBe(frames[0]);
		expect(frames[0]).toContain('中文 wide');
	});
});

describe('fast Ink output across frames', () => {
	it('builds the text of a row only when its cells changed since the previous frame', () => {
		const frame = (status: string) => {
			const output = new SourceFastOutput({width: 40, height: 6});
			output.write(0, 0, chalk.bold('pm2-doctor · 3 processes'), {transformers: []});
			output.write(0, 1, `api  ${chalk.green(status)}`, {transformers: []});
			output.write(0, 2, `worker  ${chalk.dim('▁▂▃')}  中文`, {transformers: [line => chalk.cyan(line)]});
			return output.get().output;
		};
		frame('online');
		const before = rowsBuilt();
		const same = frame('online');
		expect(rowsBuilt() - before).toBe(0);
		const changed = frame('stopped');
		// Only the status row is built again, and the frame is still the whole screen.
		expect(rowsBuilt() - before).toBe(1);
		expect(changed).not.toBe(same);
		expect(changed.split('\n')).toHaveLength(6);
		expect(changed.split('\n')[0]).toBe(same.split('\n')[0]);
	});
});

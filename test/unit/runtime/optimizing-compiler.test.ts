// pauseOptimizingCompiler and withOptimizingCompiler must switch TurboFan off and on in a running process. V8
// flags are process-wide, so each case runs in a child with --trace-opt, which prints a line for every function
// TurboFan starts compiling; each hot loop has its own name, so the lines say which ones were optimized.
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

const moduleUrl = new URL('../../../dist/source/runtime/optimizing-compiler.js', import.meta.url).href;
const here = path.dirname(fileURLToPath(import.meta.url));

/** Runs `steps` (JavaScript using hot(name) and the module's exports) and returns the names TurboFan compiled. */
function optimizedLoops(steps: string): Set<string> {
	const script = `
		const {pauseOptimizingCompiler, withOptimizingCompiler} = await import(${JSON.stringify(moduleUrl)});
		const loops = {};
		// A fresh function per name, so each is judged on its own calls.
		const hot = name => {
			loops[name] ??= new Function('return function ' + name + '(n) { let s = 0; for (let i = 0; i < n; i++) s += (i * 7) % 13; return s; }')();
			for (let k = 0; k < 200; k++) loops[name](20000);
		};
		${steps}`;
	const output = execFileSync(process.execPath, ['--trace-opt', '--input-type=module', '-e', script], {
		cwd: here,
		encoding: 'utf8',
		maxBuffer: 16 * 1024 * 1024,
	});
	const names = new Set<string>();
	for (const match of output.matchAll(/\[compiling method \S+ <JSFunction (\w+)/g)) names.add(match[1]!);
	return names;
}

describe('optimizing compiler switch', () => {
	it('V8 optimizes a hot loop by default (the trace this test reads works)', () => {
		expect(optimizedLoops("hot('loopByDefault');").has('loopByDefault')).toBe(true);
	});

	it('pauseOptimizingCompiler stops TurboFan for functions that get hot afterwards', () => {
		const names = optimizedLoops("pauseOptimizingCompiler(); hot('loopWhilePaused');");
		expect(names.has('loopWhilePaused')).toBe(false);
	});

	it('withOptimizingCompiler turns it on for its work only, and nested uses keep it on until the outer one ends', () => {
		const names = optimizedLoops(`
			pauseOptimizingCompiler();
			await withOptimizingCompiler(async () => {
				await withOptimizingCompiler(async () => hot('loopInner'));
				hot('loopAfterInnerEnded');
			});
			hot('loopAfterOuterEnded');`);
		expect(names.has('loopInner')).toBe(true);
		expect(names.has('loopAfterInnerEnded')).toBe(true);
		expect(names.has('loopAfterOuterEnded')).toBe(false);
	});

	it('withOptimizingCompiler leaves the compiler on when it was never paused (the CLI commands)', () => {
		const names = optimizedLoops("await withOptimizingCompiler(async () => {}); hot('loopUnpaused');");
		expect(names.has('loopUnpaused')).toBe(true);
	});
});

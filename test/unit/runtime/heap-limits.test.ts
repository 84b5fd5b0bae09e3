// keepHeapSmall must actually stop V8 from growing the heap. Run in child processes: the flags are
// process-wide, and vitest's own worker has long grown its heap.
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

const moduleUrl = new URL('../../../dist/source/runtime/heap-limits.js', import.meta.url).href;
const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Largest young-generation and old-space sizes while allocating like the UI does: a live set that stays,
 * plus a ring of short-lived records that survive a scavenge or two (log lines in a buffer) and then die.
 */
function heapAfterAllocating(settings: Array<'keepYoungGenerationSmall' | 'limitOldSpaceGrowth'>): {youngBytes: number; maxOldBytes: number} {
	const script = `
		const heapLimits = await import(${JSON.stringify(moduleUrl)});
		const {youngGenerationBytes, oldSpaceBytes} = heapLimits;
		for (const setting of ${JSON.stringify(settings)}) heapLimits[setting]();
		const live = [];
		for (let i = 0; i < 100000; i++) live.push({i, text: 'live ' + i});
		const ring = new Array(30000);
		let maxOldBytes = 0;
		for (let i = 0; i < 3e6; i++) {
			ring[i % ring.length] = {i, text: 'line ' + i, more: [i]};
			if (i % 10000 === 0) maxOldBytes = Math.max(maxOldBytes, oldSpaceBytes());
		}
		process.stdout.write(JSON.stringify({youngBytes: youngGenerationBytes(), maxOldBytes}));`;
	return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], {cwd: here, encoding: 'utf8'})) as {
		youngBytes: number;
		maxOldBytes: number;
	};
}

describe('heap limits', () => {
	it('keepYoungGenerationSmall keeps the young generation at its starting size where V8 would grow it', () => {
		expect(heapAfterAllocating([]).youngBytes).toBeGreaterThan(8 * 1024 * 1024);
		expect(heapAfterAllocating(['keepYoungGenerationSmall']).youngBytes).toBeLessThanOrEqual(4 * 1024 * 1024);
	});

	it('limitOldSpaceGrowth lets old space grow less between full collections', () => {
		// With a small young generation the ring's records are promoted and die in old space. Measured on
		// Node 20: old space peaks at 32–33 MiB without the limit, 22–26 MiB with it.
		const promoted = heapAfterAllocating(['keepYoungGenerationSmall']);
		const limited = heapAfterAllocating(['keepYoungGenerationSmall', 'limitOldSpaceGrowth']);
		expect(limited.maxOldBytes).toBeLessThan(promoted.maxOldBytes * 0.9);
	});
});

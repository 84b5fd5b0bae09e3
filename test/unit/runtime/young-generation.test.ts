// keepYoungGenerationSmall must actually stop V8 from growing the young generation. Run in a child process:
// the flag is process-wide, and vitest's own worker has long grown its heap.
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

const moduleUrl = new URL('../../../dist/source/runtime/young-generation.js', import.meta.url).href;
const here = path.dirname(fileURLToPath(import.meta.url));

function youngGenerationAfterAllocating(keepSmall: boolean): number {
	const script = `
		const {keepYoungGenerationSmall, youngGenerationBytes} = await import(${JSON.stringify(moduleUrl)});
		if (${keepSmall}) keepYoungGenerationSmall();
		let keep = [];
		for (let i = 0; i < 2e6; i++) { keep.push({i, text: 'line ' + i}); if (keep.length > 20000) keep = []; }
		process.stdout.write(String(youngGenerationBytes()));`;
	return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], {cwd: here, encoding: 'utf8'}));
}

describe('keepYoungGenerationSmall', () => {
	it('keeps the young generation at its starting size where V8 would grow it', () => {
		const grown = youngGenerationAfterAllocating(false);
		const kept = youngGenerationAfterAllocating(true);
		expect(grown).toBeGreaterThan(8 * 1024 * 1024);
		expect(kept).toBeLessThanOrEqual(4 * 1024 * 1024);
	});
});

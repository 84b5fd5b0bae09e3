import {describe, expect, it} from 'vitest';
import {formatHotFunctions, hottestFunctions} from '../../../source/model/cpu-profile-summary.js';

describe('hottestFunctions', () => {
	it('adds up self time per function across callers and leaves out idle and program time', () => {
		const frame = (functionName: string, lineNumber = 0) => ({functionName, url: 'file:///app/main.js', lineNumber, columnNumber: 0});
		const profile = {
			startTime: 0,
			endTime: 1_000_000,
			nodes: [
				{id: 1, callFrame: frame('(root)'), hitCount: 0},
				{id: 2, callFrame: frame('(idle)'), hitCount: 500},
				{id: 3, callFrame: frame('hot', 9), hitCount: 300},
				{id: 4, callFrame: frame('hot', 9), hitCount: 100},
				{id: 5, callFrame: frame('warm', 20), hitCount: 100},
			],
		};
		const hot = hottestFunctions(profile);
		expect(hot.map(entry => entry.functionName)).toEqual(['hot', 'warm']);
		expect(hot[0]).toMatchObject({location: '/app/main.js:10', selfMs: 400});
		expect(formatHotFunctions(hot)).toContain('hot (/app/main.js:10)');
	});
});

import {describe, expect, it} from 'vitest';
import {compareCodeUnits} from '../../../source/model/compare-text.js';
import {maskEnv} from '../../../source/model/mask-secrets.js';

describe('compareCodeUnits', () => {
	it('orders by UTF-16 code units, as LC_ALL=C sort does', () => {
		expect(['b', 'a_2', 'B', 'a', 'A', '_x', 'a10', 'a2'].sort(compareCodeUnits)).toEqual(['A', 'B', '_x', 'a', 'a10', 'a2', 'a_2', 'b']);
	});

	it('says equal only for equal strings', () => {
		expect(compareCodeUnits('PORT', 'PORT')).toBe(0);
		expect(Math.sign(compareCodeUnits('PORT', 'PATH'))).toBe(1);
		expect(Math.sign(compareCodeUnits('PATH', 'PORT'))).toBe(-1);
	});

	it('is the order of the environment rows', () => {
		expect(maskEnv({PORT: '1', HOME: '/root', API_TOKEN: 'x', lower: 'y'}).map(row => row.name)).toEqual(['API_TOKEN', 'HOME', 'PORT', 'lower']);
	});
});

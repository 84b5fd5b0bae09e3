import {describe, expect, it} from 'vitest';
import {sameFields, sameProps} from '../../../source/ui/same-props.js';

describe('sameProps', () => {
	it('compares values by identity, and the named keys by their fields', () => {
		const banner = {text: 'attached', tone: 'info'};
		expect(sameProps({width: 80, banner}, {width: 80, banner})).toBe(true);
		expect(sameProps({width: 80, banner}, {width: 80, banner: {...banner}})).toBe(false);
		expect(sameProps({width: 80, banner}, {width: 80, banner: {...banner}}, ['banner'])).toBe(true);
		expect(sameProps({width: 80, banner}, {width: 80, banner: {...banner, tone: 'error'}}, ['banner'])).toBe(false);
		expect(sameProps({width: 80, banner}, {width: 81, banner}, ['banner'])).toBe(false);
		expect(sameProps<{width: number; extra?: number}>({width: 80}, {width: 80, extra: 1})).toBe(false);
	});

	it('tells objects with other keys, null and primitives apart', () => {
		expect(sameFields({a: 1}, {a: 1, b: undefined})).toBe(false);
		expect(sameFields(null, {})).toBe(false);
		expect(sameFields(undefined, undefined)).toBe(true);
		expect(sameFields('x', 'x')).toBe(true);
		expect(sameFields({a: [1]}, {a: [1]})).toBe(false);
	});
});

import {describe, expect, it} from 'vitest';
import {moveSelection, reconcileSelection, scrollOffset} from '../../../source/ui/selection.js';

const ids = [3, 7, 1, 9, 4];

describe('moveSelection', () => {
	it.each([
		['down', 3, 7],
		['down', 4, 4],
		['up', 7, 3],
		['up', 3, 3],
		['top', 9, 3],
		['bottom', 7, 4],
		['page-down', 3, 9],
		['page-down', 9, 4],
		['page-up', 4, 7],
		['page-up', 7, 3],
	] as const)('%s from %s → %s (page of 3)', (move, from, expected) => {
		expect(moveSelection(ids, from, move, 3)).toBe(expected);
	});

	it('starts from the top when nothing is selected and handles empty lists', () => {
		expect(moveSelection(ids, null, 'down', 3)).toBe(3);
		expect(moveSelection([], null, 'down', 3)).toBeNull();
	});
});

describe('reconcileSelection', () => {
	it('keeps the selected pm_id wherever it moved', () => {
		expect(reconcileSelection([9, 4, 7], 7, 1)).toBe(7);
	});
	it('falls back to the previous row, clamped, when the process disappeared', () => {
		expect(reconcileSelection([3, 1, 9], 7, 1)).toBe(1);
		expect(reconcileSelection([3], 7, 4)).toBe(3);
		expect(reconcileSelection([], 7, 0)).toBeNull();
		expect(reconcileSelection([5, 6], null, 0)).toBe(5);
	});
});

describe('scrollOffset', () => {
	it('does not scroll while the selection is visible', () => {
		expect(scrollOffset(2, 0, 5, 20)).toBe(0);
		expect(scrollOffset(6, 3, 5, 20)).toBe(3);
	});
	it('scrolls minimally to bring the selection into view', () => {
		expect(scrollOffset(5, 0, 5, 20)).toBe(1);
		expect(scrollOffset(19, 0, 5, 20)).toBe(15);
		expect(scrollOffset(2, 10, 5, 20)).toBe(2);
	});
	it('never leaves empty rows at the end after the list shrank', () => {
		expect(scrollOffset(3, 10, 5, 8)).toBe(3);
		expect(scrollOffset(0, 4, 5, 3)).toBe(0);
	});
});

import {describe, expect, it} from 'vitest';
import {computeMainLayout} from '../../../source/ui/layout.js';

const total = (layout: ReturnType<typeof computeMainLayout>) =>
	layout.headerRows + layout.statusRows + layout.tableRows + layout.detailRows + layout.logRows + layout.footerRows;

describe('computeMainLayout', () => {
	it.each([
		[80, 24, 5],
		[100, 30, 5],
		[120, 40, 3],
		[200, 60, 200],
		[80, 24, 0],
	])('%sx%s with %s processes fills exactly rows − 1 lines', (columns, rows, count) => {
		const layout = computeMainLayout(columns, rows, count);
		expect(layout.tooSmall).toBe(false);
		expect(total(layout)).toBe(rows - 1);
		expect(layout.fullViewRows).toBe(rows - 1 - 3);
	});

	it('flags terminals below 80x24', () => {
		expect(computeMainLayout(79, 30, 1).tooSmall).toBe(true);
		expect(computeMainLayout(100, 23, 1).tooSmall).toBe(true);
	});

	it('at 80x24 fits the table, the summary with the health explanation, and the most recent log lines', () => {
		for (const count of [3, 7, 200]) {
			const layout = computeMainLayout(80, 24, count);
			expect(layout.tableBodyRows).toBeGreaterThanOrEqual(Math.min(count, 7));
			expect(layout.detailRows).toBe(3);
			expect(layout.logRows).toBeGreaterThanOrEqual(8);
		}
		// Narrow screens give the log panel every row the summary does not need.
		expect(computeMainLayout(100, 30, 3).logRows).toBe(computeMainLayout(100, 30, 3).fullViewRows - 4 - 3);
	});

	it('puts trends beside the detail from 120 columns and leaves room for a chart at 120x40', () => {
		const narrow = computeMainLayout(119, 40, 3);
		expect(narrow.trendsColumns).toBe(0);
		const wide = computeMainLayout(120, 40, 6);
		expect(wide.trendsColumns).toBeGreaterThanOrEqual(60);
		expect(wide.detailColumns + 1 + wide.trendsColumns).toBe(120);
		expect(wide.detailRows).toBeGreaterThanOrEqual(12);
	});

	it('caps the table so a long list scrolls instead of pushing out the detail', () => {
		const layout = computeMainLayout(100, 30, 500);
		expect(layout.tableBodyRows).toBeLessThan(15);
		expect(layout.detailRows).toBeGreaterThan(0);
	});
});

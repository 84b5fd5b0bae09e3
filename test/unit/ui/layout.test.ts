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

	it('hides the log panel below 30 rows and shows it from 30', () => {
		expect(computeMainLayout(100, 29, 3).logRows).toBe(0);
		expect(computeMainLayout(100, 30, 3).logRows).toBeGreaterThanOrEqual(5);
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

import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import type {ProcessStatus} from '../../../source/model/types.js';
import {cellText, computeTableLayout, contentWidthsOf, largestPmIdOf, markerWidth, rowCells} from '../../../source/ui/table-columns.js';
import {fitToWidth, truncate} from '../../../source/ui/text-fit.js';
import {makeProcess} from '../../helpers/process-fixture.js';

const rowWidth = (layout: ReturnType<typeof computeTableLayout>) => markerWidth + layout.columns.reduce((sum, column) => sum + 1 + column.width, 0);

describe('computeTableLayout', () => {
	it.each([80, 90, 100, 120, 200])('fits in %s columns', width => {
		const layout = computeTableLayout(width);
		expect(rowWidth(layout)).toBeLessThanOrEqual(width);
		expect(layout.columns.map(column => column.id)).toEqual(expect.arrayContaining(['id', 'name', 'status', 'restarts', 'memory']));
	});

	it('shows every column with full status labels when wide', () => {
		const layout = computeTableLayout(140);
		expect(layout.columns.map(column => column.id)).toEqual([
			'id',
			'name',
			'mode',
			'status',
			'flag',
			'pid',
			'uptime',
			'restarts',
			'cpu',
			'memory',
			'trend',
			'heap',
			'exit',
		]);
		expect(layout.compactStatus).toBe(false);
	});

	it('drops the mode and exit columns first, keeping full status labels and a 14-column health at 120 columns', () => {
		const layout = computeTableLayout(120);
		const ids = layout.columns.map(column => column.id);
		expect(ids).toEqual(['id', 'name', 'status', 'flag', 'pid', 'uptime', 'restarts', 'cpu', 'memory', 'trend', 'heap']);
		expect(layout.columns.find(column => column.id === 'flag')!.width).toBe(14);
		expect(layout.compactStatus).toBe(false);
		expect(layout.columns.find(column => column.id === 'name')!.width).toBeGreaterThanOrEqual(16);
	});

	it('adds the event-loop delay column when a process reports it, with its p95 in ms', () => {
		expect(computeTableLayout(160).columns.map(column => column.id)).not.toContain('loop');
		const layout = computeTableLayout(160, {eventLoop: true});
		expect(layout.columns.map(column => column.id)).toContain('loop');
		expect(cellText(makeProcess({eventLoopP95Ms: 12.4}), 'loop', Date.now(), false)).toBe('12 ms');
		expect(cellText(makeProcess({eventLoopP95Ms: null}), 'loop', Date.now(), false)).toBe('–');
	});

	it('uses short status labels at 100 columns and keeps heap, memory and the health flag', () => {
		const layout = computeTableLayout(100);
		const ids = layout.columns.map(column => column.id);
		expect(layout.compactStatus).toBe(true);
		expect(ids).toEqual(expect.arrayContaining(['heap', 'memory', 'flag']));
	});

	it('keeps the health flag and memory at 80 columns, before heap', () => {
		const layout = computeTableLayout(80);
		const ids = layout.columns.map(column => column.id);
		expect(layout.compactStatus).toBe(true);
		expect(ids).toContain('flag');
		expect(ids).toContain('memory');
		expect(layout.columns.find(column => column.id === 'name')!.width).toBeGreaterThanOrEqual(12);
	});
});

describe('cellText', () => {
	const statuses: ProcessStatus[] = ['online', 'launching', 'stopping', 'stopped', 'errored', 'waiting restart', 'one-launch-status', 'unknown'];

	it('gives every status a distinct glyph and label that fit the compact column', () => {
		const full = statuses.map(status => cellText(makeProcess({pmId: 1, name: 'a', status}), 'status', 0, false));
		const compact = statuses.map(status => cellText(makeProcess({pmId: 1, name: 'a', status}), 'status', 0, true));
		expect(new Set(full).size).toBe(statuses.length);
		expect(new Set(compact).size).toBe(statuses.length);
		expect(new Set(full.map(text => text.split(' ')[0])).size).toBe(statuses.length);
		for (const text of compact) expect(stringWidth(text)).toBeLessThanOrEqual(12);
		expect(full).toContain('↻ waiting restart');
	});

	it('shows – for runtime figures of a process that is not running', () => {
		const stopped = makeProcess({pmId: 1, name: 'a', status: 'stopped', pid: null});
		for (const column of ['pid', 'uptime', 'cpu', 'memory', 'heap'] as const) expect(cellText(stopped, column, Date.now(), false)).toBe('–');
	});

	it('formats running figures', () => {
		const running = makeProcess({pmId: 4, name: 'a', startedAtMs: 1_000, restartCount: 12, exitCode: 137});
		expect(cellText(running, 'uptime', 3_601_000, false)).toBe('1h');
		expect(cellText(running, 'restarts', 0, false)).toBe('12');
		expect(cellText(running, 'exit', 0, false)).toBe('137');
		expect(cellText(running, 'heap', 0, false)).toBe('12 MB / 20 MB');
	});
});

describe('fitToWidth/truncate', () => {
	it('counts wide characters as two columns and marks cuts', () => {
		expect(truncate('abcdef', 4)).toBe('abc…');
		expect(truncate('日本語アプリ', 5)).toBe('日本…');
		expect(stringWidth(fitToWidth('日本語アプリ', 5))).toBe(5);
		expect(fitToWidth('7', 3, 'right')).toBe('  7');
		expect(truncate('abc', 0)).toBe('');
	});
});

describe('id column', () => {
	it.each([
		[0, 3],
		[99, 3],
		[999, 3],
		[1000, 4],
		[12_345, 5],
	])('is wide enough for pm_id %s (%s columns), and the row still fits in 80 columns', (pmId, width) => {
		const layout = computeTableLayout(80, {largestPmId: pmId});
		expect(layout.columns.find(column => column.id === 'id')!.width).toBe(width);
		expect(rowWidth(layout)).toBeLessThanOrEqual(80);
		const cell = rowCells(makeProcess({pmId}), layout, 0, {flag: '', trend: ''}).find(cell => cell.id === 'id')!;
		expect(cell.text.trim()).toBe(String(pmId));
	});

	it('takes the largest pm_id of the list, not its length', () => {
		expect(largestPmIdOf([makeProcess({pmId: 5}), makeProcess({pmId: 1203}), makeProcess({pmId: 7})])).toBe(1203);
		expect(largestPmIdOf([])).toBe(0);
	});
});

describe('widths that follow the rows on screen', () => {
	const leak = 'LEAK +12.5 MB/min';
	it('makes the health column as wide as the longest label, so labels are not cut', () => {
		const layout = computeTableLayout(120, {content: {name: 10, health: leak.length, namespace: 0}});
		expect(layout.columns.find(column => column.id === 'flag')!.width).toBe(leak.length);
		const cells = rowCells(makeProcess({pmId: 1}), layout, Date.now(), {flag: leak, trend: ''});
		expect(cells.find(cell => cell.id === 'flag')!.text.trim()).toBe(leak);
		// Without labels it gives the room back to the names.
		const quiet = computeTableLayout(120, {content: {name: 40, health: 0, namespace: 0}});
		expect(quiet.columns.find(column => column.id === 'flag')!.width).toBe('health'.length);
	});

	it('does not cut names while there is room: optional columns go first', () => {
		const longName = 'payments-reconciliation-worker-eu-west-1'; // 40 columns
		const content = {name: longName.length, health: 0, namespace: 0};
		const wide = computeTableLayout(200, {content});
		expect(wide.columns.find(column => column.id === 'name')!.width).toBeGreaterThanOrEqual(longName.length);
		const medium = computeTableLayout(140, {content});
		expect(medium.columns.find(column => column.id === 'name')!.width).toBeGreaterThanOrEqual(longName.length);
		expect(medium.columns.map(column => column.id)).toEqual(expect.arrayContaining(['status', 'flag', 'restarts', 'cpu', 'memory']));
		expect(rowWidth(medium)).toBeLessThanOrEqual(140);
	});

	it('shows a namespace column only when a process has a namespace other than default, and drops it first when narrow', () => {
		const processes = [makeProcess({pmId: 0, name: 'api'}), makeProcess({pmId: 1, name: 'billing-api', namespace: 'billing'})];
		const content = contentWidthsOf(processes, ['', 'PORT 3000']);
		expect(content).toEqual({name: 'billing-api'.length, health: 'PORT 3000'.length, namespace: 'billing'.length});
		expect(contentWidthsOf([makeProcess({pmId: 0})], [''])).toMatchObject({namespace: 0});
		const layout = computeTableLayout(140, {content});
		expect(layout.columns.map(column => column.id).slice(0, 3)).toEqual(['id', 'name', 'namespace']);
		expect(
			rowCells(processes[1]!, layout, Date.now(), {flag: '', trend: ''})
				.find(cell => cell.id === 'namespace')!
				.text.trim(),
		).toBe('billing');
		const narrow = computeTableLayout(80, {content});
		expect(narrow.columns.map(column => column.id)).not.toContain('namespace');
		expect(narrow.columns.map(column => column.id)).toEqual(expect.arrayContaining(['flag', 'memory']));
	});

	it('draws a namespace through the sanitizer', () => {
		const hostile = makeProcess({namespace: 'ns\u001B]0;pwned\u0007'});
		const text = cellText(hostile, 'namespace', Date.now(), false);
		expect(text).not.toMatch(/[\u0000-\u001F\u007F]/);
		expect(text).toContain('pwned');
	});
});

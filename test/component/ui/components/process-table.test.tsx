// The process table with 1,000 processes on a fake store: only the visible window is drawn, ids past 99
// and past 999 keep their digits, and the selection follows the pm_id when PM2 reorders the list.
import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../../../source/ui/app.js';
import {createFakeStore, type FakeStore} from '../../../helpers/fake-store.js';
import {makeProcess} from '../../../helpers/process-fixture.js';
import {renderInk, type InkHarness} from '../../../helpers/render-ink.js';
import {uiServicesFor} from '../../../helpers/ui-services.js';

/** pm_ids 0 … 1000: the last one has four digits. */
const manyProcesses = () => Array.from({length: 1001}, (_, pmId) => makeProcess({pmId, name: `worker-${String(pmId).padStart(4, '0')}`, status: 'online'}));

const appOn = (store: FakeStore) => <App store={store} readOnly={false} noColor={false} services={uiServicesFor(store)} />;

let harness: InkHarness | undefined;
afterEach(() => harness?.unmount());

const selectedLine = (frame: string) => frame.split('\n').find(line => line.startsWith('›')) ?? '';
const rowLines = (frame: string) => frame.split('\n').filter(line => /^[› ] +\d+ worker-\d{4} /.test(line));

describe('process table with 1,000 processes', () => {
	it('draws only the rows that fit, says how many are hidden, and keeps the frame within the terminal', async () => {
		harness = renderInk(appOn(createFakeStore(manyProcesses())), {columns: 120, rows: 40});
		const frame = await harness.waitForFrame(f => f.includes('worker-0000'));
		const rows = rowLines(frame);
		expect(rows.length).toBeGreaterThan(3);
		expect(rows.length).toBeLessThan(40);
		expect(frame).toContain(`0↑ ${1001 - rows.length}↓`);
		expect(frame.split('\n').length).toBeLessThanOrEqual(39);
	});

	it('shows ids past 99 and past 999 whole, right-aligned in one column', async () => {
		harness = renderInk(appOn(createFakeStore(manyProcesses())), {columns: 120, rows: 40});
		await harness.waitForFrame(f => selectedLine(f).includes('worker-0000'));
		await harness.press('G');
		const frame = await harness.waitForFrame(f => selectedLine(f).includes('worker-1000'), {what: 'the last process selected'});
		const last = selectedLine(frame);
		expect(last).toMatch(/^› 1000 worker-1000 /);
		const previous = rowLines(frame).find(line => line.includes('worker-0999'))!;
		expect(previous).toMatch(/^ {2} 999 worker-0999 /);
		expect(frame).not.toContain('10…');
	});

	it('keeps the selection on its pm_id and in view when PM2 reorders the list', async () => {
		const store = createFakeStore(manyProcesses());
		harness = renderInk(appOn(store), {columns: 120, rows: 40});
		await harness.waitForFrame(f => selectedLine(f).includes('worker-0000'));
		await harness.press('j');
		await harness.press('j');
		await harness.waitForFrame(f => selectedLine(f).includes('worker-0002'), {what: 'pm_id 2 selected'});
		store.setProcesses(manyProcesses().reverse());
		const frame = await harness.waitForFrame(f => rowLines(f).some(line => line.includes('worker-0001')), {
			what: 'the reversed list scrolled to the selection',
		});
		expect(selectedLine(frame)).toContain('worker-0002');
		expect(frame).toMatch(/\d+↑ \d+↓/);
	});
});

describe('namespace column and long names', () => {
	const namespaced = () => [makeProcess({pmId: 0, name: 'api'}), makeProcess({pmId: 1, name: 'billing-invoice-reconciliation-worker', namespace: 'billing'})];

	it('shows each row’s namespace when a process is in one other than default, and the long name whole', async () => {
		harness = renderInk(appOn(createFakeStore(namespaced())), {columns: 150, rows: 40});
		const frame = await harness.waitForFrame(f => f.includes('billing-invoice'));
		const header = frame.split('\n').find(line => /^\s+id name/.test(line))!;
		expect(header).toMatch(/^\s+id name\s+ns\s+/);
		expect(frame).toMatch(/^\s+1 billing-invoice-reconciliation-worker\s+billing\s/m);
		expect(frame).toMatch(/^›\s+0 api\s+default\s/m);
	});

	it('has no namespace column when every process is in default', async () => {
		harness = renderInk(appOn(createFakeStore([makeProcess({pmId: 0, name: 'api'})])), {columns: 140, rows: 40});
		const frame = await harness.waitForFrame(f => selectedLine(f).includes('api'));
		expect(frame.split('\n').find(line => /^\s+id name/.test(line))).not.toMatch(/ ns /);
		expect(selectedLine(frame)).not.toContain('default');
	});
});

describe('event-loop delay column', () => {
	it('shows PM2’s event-loop p95 when a process reports it, and no column when none does', async () => {
		harness = renderInk(appOn(createFakeStore([makeProcess({pmId: 0, name: 'api', eventLoopP95Ms: 12.4})])), {columns: 170, rows: 40});
		const frame = await harness.waitForFrame(f => selectedLine(f).includes('api'));
		expect(frame).toMatch(/loop p95/);
		expect(selectedLine(frame)).toMatch(/ 12 ms /);
		harness.unmount();
		harness = renderInk(appOn(createFakeStore([makeProcess({pmId: 0, name: 'api', eventLoopP95Ms: null})])), {columns: 170, rows: 40});
		const without = await harness.waitForFrame(f => selectedLine(f).includes('api'));
		expect(without).not.toMatch(/loop p95/);
	});
});

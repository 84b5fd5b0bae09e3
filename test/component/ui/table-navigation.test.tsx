import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../../source/ui/app.js';
import {createFakeStore, type FakeStore} from '../../helpers/fake-store.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {keys, renderInk, type InkHarness} from '../../helpers/render-ink.js';
import {uiServicesFor} from '../../helpers/ui-services.js';

const processes = () => [
	makeProcess({pmId: 0, name: 'api', execMode: 'cluster', instances: 3, cpuPercent: 5, rssBytes: 90e6}),
	makeProcess({pmId: 1, name: 'worker', cpuPercent: 80, rssBytes: 30e6}),
	makeProcess({pmId: 2, name: 'invoicer', namespace: 'billing', cpuPercent: 1, rssBytes: 200e6}),
	makeProcess({pmId: 8, name: 'api', execMode: 'cluster', instances: 3, cpuPercent: 5, rssBytes: 90e6}),
	makeProcess({pmId: 9, name: 'api', execMode: 'cluster', instances: 3, cpuPercent: 5, rssBytes: 90e6}),
];

let harness: InkHarness | undefined;
afterEach(() => harness?.unmount());

function mount(store: FakeStore) {
	harness = renderInk(<App store={store} readOnly={false} noColor services={uiServicesFor(store, {actionsClient: store.actionsClient})} />, {
		columns: 120,
		rows: 40,
	});
	return harness;
}

const backspace = '\u007F';
const selectedLine = (frame: string) => frame.split('\n').find(line => line.startsWith('›')) ?? '';
const row = (frame: string, text: string) => frame.split('\n').findIndex(line => line.includes(text));

describe('the process table at scale', () => {
	it('groups a cluster app into one row with totals, expandable to its instances', async () => {
		const ui = mount(createFakeStore(processes()));
		let frame = await ui.waitForFrame(f => f.includes('▸ api ×3'));
		expect(frame.split('\n').find(line => line.includes('▸ api ×3'))).toMatch(/15%\s+257 MB/);
		expect(frame).not.toContain('api #8');
		await ui.press('o');
		frame = await ui.waitForFrame(f => f.includes('▾ api ×3') && f.includes('api #8'));
		expect(row(frame, 'api #0')).toBe(row(frame, '▾ api ×3') + 1);
		expect(row(frame, 'api #9')).toBe(row(frame, '▾ api ×3') + 3);
	});

	it('acts on the whole app from its row, and on one instance from an instance row', async () => {
		const store = createFakeStore(processes());
		const ui = mount(store);
		await ui.waitForFrame(f => selectedLine(f).includes('api ×3'));
		await ui.press('R');
		await ui.waitForFrame(f => f.includes('Reload all 3 instances of "api" (ids 0, 8, 9), one by one?'));
		await ui.press('y');
		await ui.waitForFrame(f => f.includes('Reloaded "api" (3 instances).'));
		expect(store.actions).toEqual([
			{action: 'reload', pmId: 0},
			{action: 'reload', pmId: 8},
			{action: 'reload', pmId: 9},
		]);
		await ui.press('o', 'j', 'j');
		await ui.waitForFrame(f => selectedLine(f).includes('api #8'));
		await ui.press('R');
		await ui.waitForFrame(f => f.includes('Reload only instance id 8 of "api"?'));
		await ui.press('y');
		await ui.waitForFrame(f => f.includes('Reloaded "api" (id 8).'));
		expect(store.actions.at(-1)).toEqual({action: 'reload', pmId: 8});
	});

	it('filters as you type, says how many are shown, and Esc clears', async () => {
		const ui = mount(createFakeStore(processes()));
		await ui.waitForFrame(f => f.includes('worker'));
		await ui.press('/', 'w', 'o', 'r');
		let frame = await ui.waitForFrame(f => f.includes('1 of 5') && f.includes('/wor'));
		expect(frame).not.toContain('invoicer');
		expect(selectedLine(frame)).toContain('worker');
		await ui.press(keys.enter);
		await ui.press('/', backspace, backspace, backspace, '!', 'a', 'p', 'i');
		frame = await ui.waitForFrame(f => f.includes('2 of 5'));
		expect(frame).toContain('invoicer');
		expect(frame).not.toContain('api ×3');
		await ui.press(keys.enter, keys.escape);
		await ui.waitForFrame(f => f.includes('api ×3') && !f.includes(' of 5'));
	});

	it('takes Esc typed in the same burst as the Enter that closed the filter: the filter is cleared', async () => {
		const ui = mount(createFakeStore(processes()));
		await ui.waitForFrame(f => f.includes('worker'));
		await ui.press('/', 'w', 'o', 'r');
		await ui.waitForFrame(f => f.includes('1 of 5'));
		await ui.pressBurst(keys.enter, keys.escape);
		await ui.waitForFrame(f => f.includes('api ×3') && !f.includes(' of 5'), {what: 'the filter cleared'});
	});

	it('sorts by a key, shows it in the header, keeps it across polls, and keeps the selection on its process', async () => {
		const store = createFakeStore(processes());
		const ui = mount(store);
		await ui.waitForFrame(f => f.includes('worker'));
		await ui.press('j');
		await ui.waitForFrame(f => selectedLine(f).includes('worker'));
		await ui.press('M');
		let frame = await ui.waitForFrame(f => f.includes('sort memory'));
		expect(row(frame, 'api ×3')).toBeLessThan(row(frame, 'invoicer'));
		expect(row(frame, 'invoicer')).toBeLessThan(row(frame, 'worker'));
		expect(selectedLine(frame)).toContain('worker');
		store.setProcesses([...processes()].reverse().map(process => (process.name === 'worker' ? {...process, rssBytes: 900e6} : process)));
		frame = await ui.waitForFrame(f => row(f, 'worker') < row(f, 'api ×3'));
		expect(frame).toContain('sort memory');
		expect(selectedLine(frame)).toContain('worker');
	});

	it('runs palette commands with completion: a namespace, then an action by name', async () => {
		const store = createFakeStore(processes());
		const ui = mount(store);
		await ui.waitForFrame(f => f.includes('worker'));
		await ui.press(':', 'n', 's', ' ', 'b', keys.tab);
		await ui.waitForFrame(f => f.includes(':ns billing'));
		await ui.press(keys.enter);
		const frame = await ui.waitForFrame(f => f.includes('ns billing') && f.includes('1 of 5'));
		expect(frame).not.toContain('worker');
		await ui.press(':', 'r', 'e', 's', 't', keys.tab, 'w', 'o', keys.tab, keys.enter);
		await ui.waitForFrame(f => f.includes('Restart "worker" (id 1)?'));
		await ui.press('y');
		await ui.waitForFrame(f => f.includes('Restarted "worker".'));
		expect(store.actions).toEqual([{action: 'restart', pmId: 1}]);
		await ui.press(':', 'b', 'o', 'g', 'u', 's', keys.enter);
		await ui.waitForFrame(f => f.includes('Unknown command :bogus'));
	});
});

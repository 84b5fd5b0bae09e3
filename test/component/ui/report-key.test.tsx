import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../../source/ui/app.js';
import {createFakeStore} from '../../helpers/fake-store.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {keys, renderInk, type InkHarness} from '../../helpers/render-ink.js';
import {uiServicesFor} from '../../helpers/ui-services.js';

let harness: InkHarness | undefined;
afterEach(() => harness?.unmount());

function mount(readOnly: boolean) {
	const store = createFakeStore([makeProcess({pmId: 0, name: 'api'}), makeProcess({pmId: 1, name: 'worker'})], {readOnly});
	const written: Array<string | null> = [];
	const services = uiServicesFor(store, {
		readOnly,
		reportWriter: async request => {
			written.push(request.processName);
			return `/home/app/.pm2/pm2-doctor/reports/report-${request.processName}.md`;
		},
	});
	harness = renderInk(<App store={store} readOnly={readOnly} noColor services={services} />, {columns: 120, rows: 40});
	return {ui: harness, written};
}

describe('the report key and :report', () => {
	it('W writes the report for the selected process and flashes its path', async () => {
		const {ui, written} = mount(false);
		await ui.waitForFrame(f => f.includes('worker'));
		await ui.press('j', 'W');
		await ui.waitForFrame(f => f.includes('Report written: /home/app/.pm2/pm2-doctor/reports/report-worker.md'));
		expect(written).toEqual(['worker']);
	});

	it('under --read-only, :report typed faster than the screen redraws keeps every letter and writes the report', async () => {
		const {ui, written} = mount(true);
		await ui.waitForFrame(f => f.includes('worker'));
		await ui.pressBurst(':', ...'report api', keys.enter);
		await ui.waitForFrame(f => f.includes('Report written: /home/app/.pm2/pm2-doctor/reports/report-api.md'));
		expect(written).toEqual(['api']);
		expect(ui.lastFrame()).not.toContain('read-only: restart');
	});
});

// Colours only exist when chalk detects colour support, which it does not in a test worker; force it
// before Ink (and chalk) load, so the noColor assertion can actually fail.
import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';

process.env.FORCE_COLOR = '1';
const {App} = await import('../../../source/ui/app.js');
const {createFakeStore} = await import('../../helpers/fake-store.js');
const {makeProcess} = await import('../../helpers/process-fixture.js');
const {renderInk} = await import('../../helpers/render-ink.js');
const {uiServicesFor} = await import('../../helpers/ui-services.js');

const foregroundColour = /\u001B\[(3[0-8]|9[0-7])(;[0-9]+)*m/;
const processes = () => [makeProcess({pmId: 0, name: 'api'}), makeProcess({pmId: 1, name: 'worker', status: 'errored', pid: null})];

const appOn = (store: ReturnType<typeof createFakeStore>, noColor: boolean) => (
	<App store={store} readOnly={false} noColor={noColor} services={uiServicesFor(store)} />
);

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

describe('NO_COLOR', () => {
	it('uses colours normally (control)', async () => {
		const ui = renderInk(appOn(createFakeStore(processes()), false));
		unmount = ui.unmount;
		await ui.waitForFrame(f => f.includes('worker'));
		expect(ui.stdout.lastFrame()).toMatch(foregroundColour);
	});

	it('draws no colour codes with noColor, statuses stay distinguishable by glyph and label', async () => {
		const ui = renderInk(appOn(createFakeStore(processes()), true));
		unmount = ui.unmount;
		const frame = await ui.waitForFrame(f => f.includes('worker'));
		expect(ui.stdout.lastFrame()).not.toMatch(foregroundColour);
		expect(frame).toContain('● online');
		expect(frame).toContain('✖ errored');
	});
});

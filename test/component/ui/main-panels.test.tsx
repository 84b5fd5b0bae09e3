import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import React from 'react';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {App} from '../../../source/ui/app.js';
import {createFakeStore} from '../../helpers/fake-store.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {keys, renderInk, type InkHarness} from '../../helpers/render-ink.js';
import {uiServicesFor} from '../../helpers/ui-services.js';

let harness: InkHarness | undefined;
afterEach(() => harness?.unmount());
let folder = '';
beforeAll(() => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2-doctor-layout-'));
});
afterAll(() => fs.rmSync(folder, {recursive: true, force: true}));

function processesWithLogs() {
	const outLogPath = path.join(folder, 'api-out.log');
	const errLogPath = path.join(folder, 'api-error.log');
	fs.writeFileSync(outLogPath, Array.from({length: 30}, (_, index) => `request ${index} served`).join('\n') + '\n');
	fs.writeFileSync(errLogPath, '');
	return [
		makeProcess({
			pmId: 0,
			name: 'api',
			namespace: 'billing',
			outLogPath,
			errLogPath,
			env: {API_TOKEN: 'tok-123', DATABASE_URL: 'postgres://u:hunter2@db/app', AWS_CA_BUNDLE: '/etc/ca.pem', PORT: '3000'},
		}),
		...Array.from({length: 11}, (_, index) => makeProcess({pmId: index + 1, name: `svc-${index + 1}`})),
	];
}

function mount(columns: number, rows: number) {
	const store = createFakeStore(processesWithLogs());
	harness = renderInk(<App store={store} readOnly={false} noColor={false} services={uiServicesFor(store, {actionsClient: store.actionsClient})} />, {
		columns,
		rows,
	});
	return harness;
}

describe('main screen layout', () => {
	it('at 80x24 shows the table, the summary, the health explanation, recent log lines and quit, help and troubleshoot', async () => {
		const ui = mount(80, 24);
		// The fixture's script does not exist on this machine: the doctor's finding is the health explanation.
		const frame = await ui.waitForFrame(f => f.includes('request 29 served') && f.includes('no longer exists'), {
			what: 'log lines and health',
			timeoutMs: 20_000,
		});
		const lines = frame.split('\n');
		expect(lines.length).toBeLessThanOrEqual(23);
		expect(frame).toContain('svc-6');
		expect(frame).toMatch(/api \(id 0\) · ● online · ns billing · pid \d+ · fork/);
		expect(frame).toContain('⚠ api: its script /srv/apps/api.js no longer exists · t troubleshoots');
		expect(frame).toContain('  /srv/apps/api.js not found');
		expect(lines.filter(line => /request \d+ served/.test(line)).length).toBeGreaterThanOrEqual(6);
		expect(frame).not.toMatch(/AWS_CA_BUNDLE|API_TOKEN|variables/);
		expect(lines.at(-1)).toMatch(/t\/d troubleshoot {2}q\/Ctrl-C quit {2}\? help$/);
	});

	it('at 80x24 gives the focused trends the detail and log rows', async () => {
		const ui = mount(80, 24);
		await ui.waitForFrame(f => f.includes('request 29 served'), {timeoutMs: 20_000});
		await ui.press(keys.tab);
		const frame = await ui.waitForFrame(f => f.includes('Memory') && !f.includes('request 29 served'), {what: 'trends in place of the logs'});
		expect(frame.split('\n').length).toBeLessThanOrEqual(23);
		expect(frame).toContain('Latest restarts');
		await ui.press(keys.tab);
		await ui.waitForFrame(f => f.includes('request 29 served'), {what: 'the logs back, focused', timeoutMs: 10_000});
	});

	it('opens the environment full screen with v, secrets masked, and closes it with Esc and q', async () => {
		const ui = mount(120, 40);
		await ui.waitForFrame(f => f.includes('svc-6'), {timeoutMs: 10_000});
		expect(ui.lastFrame()).not.toContain('DATABASE_URL');
		await ui.press('v');
		const frame = await ui.waitForFrame(f => f.includes('DATABASE_URL'), {what: 'environment view'});
		expect(frame).toContain('Environment · api (id 0) · 4 variables, 2 secret-looking values masked');
		expect(frame).toContain('API_TOKEN=****');
		expect(frame).toContain('postgres://u:****@db/app');
		expect(frame).toContain('PORT=3000');
		expect(frame).not.toMatch(/tok-123|hunter2/);
		expect(frame).not.toContain('svc-6');
		await ui.press(keys.escape);
		await ui.waitForFrame(f => f.includes('svc-6') && !f.includes('DATABASE_URL'), {what: 'back on the main screen'});
		await ui.press('v');
		await ui.waitForFrame(f => f.includes('DATABASE_URL'));
		await ui.press('q');
		await ui.waitForFrame(f => f.includes('svc-6') && !f.includes('DATABASE_URL'), {what: 'q closes the environment, not the app'});
	});
});

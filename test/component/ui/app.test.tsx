import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../../source/ui/app.js';
import {createFakeStore, type FakeStore} from '../../helpers/fake-store.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {keys, renderInk, type InkHarness} from '../../helpers/render-ink.js';
import {uiServicesFor} from '../../helpers/ui-services.js';

const processes = () => [
	makeProcess({pmId: 0, name: 'api', status: 'online'}),
	makeProcess({pmId: 1, name: 'worker', status: 'errored', pid: null, exitCode: 1}),
	makeProcess({pmId: 2, name: 'mailer', status: 'waiting restart', pid: null}),
	makeProcess({pmId: 3, name: 'cron', status: 'stopped', pid: null}),
];

let harness: InkHarness | undefined;
afterEach(() => harness?.unmount());

function mount(store: FakeStore, options: {columns?: number; rows?: number; readOnly?: boolean; noColor?: boolean} = {}) {
	harness = renderInk(
		<App
			store={store}
			readOnly={options.readOnly ?? false}
			noColor={options.noColor ?? false}
			services={uiServicesFor(store, {readOnly: options.readOnly, actionsClient: store.actionsClient})}
		/>,
		options,
	);
	return harness;
}

const selectedLine = (frame: string) => frame.split('\n').find(line => line.startsWith('›')) ?? '';

describe('App', () => {
	it('shows every process with its status, the home and the attached state', async () => {
		const ui = mount(createFakeStore(processes()), {columns: 120, rows: 40});
		const frame = await ui.waitForFrame(f => f.includes('worker'));
		expect(frame).toContain('/home/app/.pm2');
		expect(frame).toContain('attached (daemon pid 4242)');
		for (const text of ['api', 'worker', 'mailer', 'cron', '● online', '✖ errored', '↻ waiting restart', '○ stopped']) {
			expect(frame).toContain(text);
		}
	});

	it('keeps every frame within rows − 1 lines', async () => {
		const ui = mount(createFakeStore(processes()), {columns: 80, rows: 24});
		await ui.waitForFrame(f => f.includes('worker'));
		expect(ui.lastFrame().split('\n').length).toBeLessThanOrEqual(23);
	});

	it('moves the selection with j/k and arrows, and g/G, keyed by pm_id across reorderings', async () => {
		const store = createFakeStore(processes());
		const ui = mount(store);
		await ui.waitForFrame(f => selectedLine(f).includes('api'));
		await ui.press('j');
		await ui.waitForFrame(f => selectedLine(f).includes('worker'), {what: 'worker selected'});
		await ui.press(keys.down);
		await ui.waitForFrame(f => selectedLine(f).includes('mailer'));
		await ui.press('k');
		await ui.waitForFrame(f => selectedLine(f).includes('worker'));
		// PM2 reorders its list: the table keeps its sort, and the selection its process.
		const row = (f: string, name: string) => f.split('\n').findIndex(line => line.includes(name));
		store.setProcesses([...processes()].reverse());
		await ui.waitForFrame(f => row(f, 'api') < row(f, 'worker'), {what: 'still in id order'});
		expect(selectedLine(ui.lastFrame())).toContain('worker');
		// Sorted by name, the rows move: the selection stays on the same process.
		await ui.press('A');
		await ui.waitForFrame(f => row(f, 'cron') < row(f, 'mailer') && row(f, 'mailer') < row(f, 'worker'), {what: 'sorted by name'});
		expect(selectedLine(ui.lastFrame())).toContain('worker');
		await ui.press('g');
		await ui.waitForFrame(f => selectedLine(f).includes('api'));
		await ui.press('G');
		await ui.waitForFrame(f => selectedLine(f).includes('worker'));
	});

	it('shows the configuration of the selected process, and its environment (secrets masked) only behind v', async () => {
		const store = createFakeStore([
			makeProcess({pmId: 0, name: 'api', env: {API_TOKEN: 'tok-123', DATABASE_URL: 'postgres://u:hunter2@db/app', PORT: '3000'}}),
		]);
		const ui = mount(store, {columns: 120, rows: 40});
		const frame = await ui.waitForFrame(f => f.includes('kill_timeout'));
		expect(frame).toContain('/srv/apps/api.js');
		expect(frame).not.toContain('DATABASE_URL');
		await ui.press('v');
		const env = await ui.waitForFrame(f => f.includes('DATABASE_URL'));
		expect(env).toContain('API_TOKEN=****');
		expect(env).toContain('postgres://u:****@db/app');
		expect(env).toContain('PORT=3000');
		expect(env).not.toContain('tok-123');
		expect(env).not.toContain('hunter2');
	});

	it('opens and closes the help overlay generated from the keymap', async () => {
		const ui = mount(createFakeStore(processes()));
		await ui.waitForFrame(f => f.includes('worker'));
		await ui.press('?');
		await ui.waitForFrame(f => f.includes('Help — key bindings') && f.includes('Restart the selected process'));
		await ui.press(keys.escape);
		await ui.waitForFrame(f => !f.includes('Help — key bindings') && f.includes('worker'));
	});

	it('asks for confirmation naming the process, then runs the action and shows the result', async () => {
		const store = createFakeStore(processes());
		const ui = mount(store);
		await ui.waitForFrame(f => f.includes('worker'));
		await ui.press('r');
		await ui.waitForFrame(f => f.includes('Restart "api" (id 0)?'));
		expect(store.actions).toEqual([]);
		await ui.press('y');
		await ui.waitForFrame(f => f.includes('Restarted "api".'));
		expect(store.actions).toEqual([{action: 'restart', pmId: 0}]);
		expect(store.pollRequests).toBe(1);
	});

	it('runs the action once even when y is typed twice quickly', async () => {
		const store = createFakeStore(processes());
		const ui = mount(store);
		await ui.waitForFrame(f => f.includes('worker'));
		await ui.press('r');
		await ui.waitForFrame(f => f.includes('Restart "api" (id 0)?'));
		await ui.pressBurst('y', 'y');
		await ui.waitForFrame(f => f.includes('Restarted "api".'));
		expect(store.actions).toEqual([{action: 'restart', pmId: 0}]);
	});

	it('does nothing when the confirmation is declined', async () => {
		const store = createFakeStore(processes());
		const ui = mount(store);
		await ui.waitForFrame(f => f.includes('worker'));
		await ui.press('j', 'x');
		await ui.waitForFrame(f => f.includes('Stop "worker" (id 1)?'));
		await ui.press('n');
		await ui.waitForFrame(f => f.includes('Stop cancelled.'));
		expect(store.actions).toEqual([]);
	});

	it('has no actions at all in read-only mode', async () => {
		const store = createFakeStore(processes());
		const ui = mount(store, {readOnly: true});
		await ui.waitForFrame(f => f.includes('read-only'));
		await ui.press('r');
		await ui.press('?');
		const frame = await ui.waitForFrame(f => f.includes('Help — key bindings'));
		expect(frame).not.toContain('Restart the selected process');
		expect(frame).not.toContain('Restart "api"');
		expect(store.actions).toEqual([]);
	});

	it('says read-only when r/R/x/s are pressed in read-only mode, instead of doing nothing', async () => {
		const store = createFakeStore(processes());
		const ui = mount(store, {readOnly: true});
		await ui.waitForFrame(f => f.includes('read-only'));
		for (const [key, action] of [
			['r', 'restart'],
			['R', 'reload'],
			['x', 'stop'],
			['s', 'start'],
		] as const) {
			await ui.press(key);
			await ui.waitForFrame(f => f.includes(`read-only: ${action} the selected process`), {what: `${key} refused`});
		}
		expect(store.actions).toEqual([]);
	});

	it('shows the unreachable state, keeps stale data, and refuses actions', async () => {
		const store = createFakeStore(processes());
		const ui = mount(store);
		await ui.waitForFrame(f => f.includes('worker'));
		store.setConnection({kind: 'unreachable', home: store.home, reason: 'connect ECONNREFUSED', sinceMs: Date.now(), nextRetryAtMs: Date.now() + 3000});
		const frame = await ui.waitForFrame(f => f.includes('PM2 daemon unreachable — retrying in'));
		expect(frame).toContain('worker');
		expect(frame).toMatch(/stale/);
		await ui.press('r');
		await ui.waitForFrame(f => f.includes('Restart refused: not attached'));
		expect(store.actions).toEqual([]);
	});

	it('explains a permission problem', async () => {
		const store = createFakeStore([], {
			connection: {kind: 'permission-denied', home: '/root/.pm2', reason: 'rpc.sock is owned by root, you are app'},
		});
		const ui = mount(store);
		const frame = await ui.waitForFrame(f => f.includes('permission denied'));
		expect(frame).toContain('rpc.sock is owned by root, you are app');
	});

	it('shows a notice below 80x24 and redraws after a resize', async () => {
		const ui = mount(createFakeStore(processes()), {columns: 100, rows: 30});
		await ui.waitForFrame(f => f.includes('worker'));
		ui.resize(70, 20);
		await ui.waitForFrame(f => f.includes('terminal too small (need 80x24, have 70x20)'));
		ui.resize(90, 26);
		const frame = await ui.waitForFrame(f => f.includes('worker'));
		expect(frame.split('\n').length).toBeLessThanOrEqual(25);
	});

	it('quits with q', async () => {
		const ui = mount(createFakeStore(processes()));
		await ui.waitForFrame(f => f.includes('worker'));
		const exited = ui.waitUntilExit();
		await ui.press('q');
		await expect(exited).resolves.toBeUndefined();
	});

	it('scrolls a long list with PgDn/PgUp/G and never grows past rows − 1', async () => {
		const many = Array.from({length: 60}, (_, index) => makeProcess({pmId: index, name: `app-${String(index).padStart(2, '0')}`}));
		const ui = mount(createFakeStore(many), {columns: 80, rows: 24});
		await ui.waitForFrame(f => selectedLine(f).includes('app-00'));
		await ui.press(keys.pageDown);
		const paged = await ui.waitForFrame(f => !selectedLine(f).includes('app-00'));
		expect(selectedLine(paged)).toMatch(/app-0[3-9]/);
		await ui.press('G');
		const bottom = await ui.waitForFrame(f => selectedLine(f).includes('app-59'));
		expect(bottom).not.toContain('app-00');
		expect(bottom.split('\n').length).toBeLessThanOrEqual(23);
		await ui.press(keys.pageUp);
		await ui.waitForFrame(f => /app-5[0-6]/.test(selectedLine(f)));
		for (const frame of ui.frames) expect(frame.split('\n').length).toBeLessThanOrEqual(23);
	});

	it('keeps the selection on the same process when others disappear', async () => {
		const store = createFakeStore(processes());
		const ui = mount(store);
		await ui.press('j', 'j');
		await ui.waitForFrame(f => selectedLine(f).includes('mailer'));
		store.setProcesses(processes().filter(process => process.name !== 'api' && process.name !== 'worker'));
		await ui.waitForFrame(f => !f.includes('worker'));
		expect(selectedLine(ui.lastFrame())).toContain('mailer');
	});

	it('Tab moves focus to the trends panel, which takes the detail area below 120 columns; Esc comes back', async () => {
		const ui = mount(createFakeStore(processes()), {columns: 100, rows: 30});
		await ui.waitForFrame(f => f.includes('script ') && f.includes('/srv/apps/api.js'));
		await ui.press(keys.tab);
		const trends = await ui.waitForFrame(f => !f.includes('/srv/apps/api.js'));
		// The table no longer owns the keys: j does not move the selection.
		await ui.press('j');
		expect(selectedLine(ui.lastFrame())).toContain('api');
		expect(trends).toContain('api');
		await ui.press(keys.escape);
		await ui.waitForFrame(f => f.includes('/srv/apps/api.js'));
		await ui.press('j');
		await ui.waitForFrame(f => selectedLine(f).includes('worker'));
	});
});

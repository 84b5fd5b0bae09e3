// A terminal or locale without Unicode (TERM=vt100, LANG=C) gets the ASCII glyph set, chosen once when the
// theme loads: the environment is set before any module of the UI is imported.
import React from 'react';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {createMetricHistory} from '../../../source/model/process-history.js';
import type {DaemonSnapshot, MetricSample, ProcessSnapshot} from '../../../source/model/types.js';
import type {StoreState} from '../../../source/services/store/store-types.js';
import {App} from '../../../source/ui/app.js';
import {plainFirstFrame} from '../../../source/ui/first-paint.js';
import {InputRouter} from '../../../source/ui/input-router.js';
import {glyphs} from '../../../source/ui/theme.js';
import {TimelineView} from '../../../source/ui/trends/timeline-view.js';
import {TrendsPanel} from '../../../source/ui/trends/trends-panel.js';
import {createFakeStore, type FakeStore} from '../../helpers/fake-store.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {viewProps} from '../../helpers/view-props.js';
import {renderInk, stripAnsi, type InkHarness} from '../../helpers/render-ink.js';
import {uiServicesFor} from '../../helpers/ui-services.js';

vi.hoisted(() => {
	process.env.TERM = 'vt100';
	process.env.LANG = 'C';
	delete process.env.LC_ALL;
	delete process.env.LC_CTYPE;
});

const MB = 2 ** 20;

/** The characters above U+007F in `text`, for a readable failure. */
const nonAscii = (text: string) => [...new Set(text.match(/[^\x00-\x7F]/gu) ?? [])];

function storeWithHistory(): FakeStore {
	const processes: ProcessSnapshot[] = [
		makeProcess({pmId: 0, name: 'api', status: 'online', restartCount: 3, maxMemoryRestartBytes: 200 * MB}),
		makeProcess({pmId: 1, name: 'worker', status: 'errored', pid: null, exitCode: 1}),
		makeProcess({pmId: 2, name: 'mailer', status: 'waiting restart', pid: null}),
		makeProcess({pmId: 3, name: 'cron', status: 'stopped', pid: null}),
		makeProcess({pmId: 4, name: 'boot', status: 'launching'}),
		makeProcess({pmId: 5, name: 'drain', status: 'stopping'}),
		makeProcess({pmId: 6, name: 'once', status: 'one-launch-status'}),
		...Array.from({length: 40}, (_, index) => makeProcess({pmId: 7 + index, name: `sleeper-${index}`})),
	];
	const store = createFakeStore(processes);
	const nowMs = store.getState().snapshot!.takenAtMs;
	const history = createMetricHistory('api', 3600);
	for (let index = 0; index < 300; index++) {
		const sample: MetricSample = {
			atMs: nowMs - (299 - index) * 1000,
			rssBytes: (120 + index * 0.1) * MB,
			heapUsedBytes: (60 + (index % 25)) * MB,
			heapTotalBytes: 95 * MB,
			cpuPercent: 1,
			eventLoopP95Ms: 1,
			startedAtMs: index < 200 ? nowMs - 400_000 : nowMs - 100_000,
		};
		history.push(sample);
	}
	(store.getState().histories as Map<number, unknown>).set(0, history);
	return store;
}

let harness: InkHarness | undefined;
afterEach(() => {
	harness?.unmount();
	harness = undefined;
});

describe('ASCII glyph set (TERM=vt100, LANG=C)', () => {
	it('is chosen from the environment', () => {
		expect(glyphs.ascii).toBe(true);
	});

	it('draws the main screen with the trends panel in ASCII only', async () => {
		const store = storeWithHistory();
		harness = renderInk(<App store={store} readOnly={false} noColor={false} services={uiServicesFor(store)} />, {columns: 140, rows: 40});
		const frame = await harness.waitForFrame(f => f.includes('sleeper-3') && f.includes('Memory'), {what: 'main screen'});
		expect(nonAscii(stripAnsi(harness.stdout.lastFrame()!)), frame).toEqual([]);
		expect(frame).toContain('* online');
		expect(frame).toContain('x errored');
		expect(frame).toMatch(/^>\s+0 api/m);

		await harness.press('?');
		const help = await harness.waitForFrame(f => f.includes('key bindings'), {what: 'help'});
		expect(nonAscii(stripAnsi(harness.stdout.lastFrame()!)), help).toEqual([]);
		// The arrows are further down the help: scroll until their line shows, every page in ASCII.
		let page = help;
		for (let scrolled = 0; !page.includes('^/k') && scrolled < 80; scrolled++) {
			await harness.press('j');
			page = stripAnsi(harness.stdout.lastFrame()!);
			expect(nonAscii(page), page).toEqual([]);
		}
		expect(page).toContain('^/k');
	});

	it('draws the charts in ASCII only, with and without colour', async () => {
		const store = storeWithHistory();
		const state = store.getState();
		const selected = state.snapshot!.processes[0]!;
		for (const [View, scope] of [
			[TrendsPanel, 'main'],
			[TimelineView, 'timeline'],
		] as const) {
			for (const noColor of [false, true]) {
				harness = renderInk(
					<InputRouter activeScopes={[scope, 'global']} readOnly={false}>
						<View {...viewProps(store, state, selected, {noColor})} />
					</InputRouter>,
					{columns: 102, rows: 32},
				);
				const frame = await harness.waitForFrame(f => /\d+(\.\d)?M \|/.test(f), {what: 'chart'});
				expect(nonAscii(stripAnsi(harness.stdout.lastFrame()!)), frame).toEqual([]);
				harness.unmount();
				harness = undefined;
			}
		}
	});

	it('draws the plain first paint in ASCII only', () => {
		const store = storeWithHistory();
		const state = store.getState() as StoreState & {snapshot: DaemonSnapshot};
		for (const noColor of [false, true]) {
			const frame = plainFirstFrame(state, {home: store.home, readOnly: true, noColor, columns: 140, rows: 40, nowMs: state.snapshot.takenAtMs});
			expect(frame).not.toBeNull();
			expect(nonAscii(frame!)).toEqual([]);
		}
	});
});

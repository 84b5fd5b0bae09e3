import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {createMetricHistory} from '../../../../source/model/process-history.js';
import {createRingBuffer} from '../../../../source/model/ring-buffer.js';
import {createTimelineState, advanceTimeline, type TimelineState} from '../../../../source/model/restart-timeline.js';
import {observeDaemonLogLines} from '../../../../source/model/timeline-daemon-log.js';
import {observeErrorLogLines} from '../../../../source/model/timeline-stderr.js';
import type {DaemonLogLine, MetricSample, ProcessSnapshot} from '../../../../source/model/types.js';
import type {ReadonlyRing, StoreState} from '../../../../source/services/store/store-types.js';
import {InputRouter} from '../../../../source/ui/input-router.js';
import type {Scope} from '../../../../source/ui/keymap.js';
import {TimelineView} from '../../../../source/ui/trends/timeline-view.js';
import {TrendsPanel} from '../../../../source/ui/trends/trends-panel.js';
import type {ViewProps} from '../../../../source/ui/view-props.js';
import {createFakeStore} from '../../../helpers/fake-store.js';
import {makeProcess} from '../../../helpers/process-fixture.js';
import {renderInk, type InkHarness} from '../../../helpers/render-ink.js';

const MB = 1024 * 1024;
const now = new Date(2026, 10, 25, 14, 0, 0).getTime();

function history(pmId: number, samples: MetricSample[]): Map<number, ReadonlyRing<MetricSample>> {
	const h = createMetricHistory('app', 3600);
	for (const s of samples) h.push(s);
	return new Map([[pmId, h]]);
}

function leakSamples(seconds: number, {heap = true, startedAtMs = now - 3_600_000} = {}): MetricSample[] {
	return Array.from({length: seconds}, (_, i) => {
		const atMs = now - (seconds - 1 - i) * 1000;
		const heapUsed = 60 * MB + i * 40_000;
		return {
			atMs,
			rssBytes: heapUsed + 50 * MB,
			heapUsedBytes: heap ? heapUsed : null,
			heapTotalBytes: heap ? heapUsed * 1.3 : null,
			cpuPercent: 1,
			eventLoopP95Ms: 1,
			startedAtMs,
		};
	});
}

const stamp = (ms: number) => {
	const d = new Date(ms);
	const p = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};

function crashTimeline(process: ProcessSnapshot, crashes: number): TimelineState {
	const timeline = createTimelineState();
	for (let i = 0; i < crashes; i++) {
		const at = now - (crashes - i) * 8000;
		observeErrorLogLines(
			timeline,
			process.pmId,
			['connecting to db', 'Error: ECONNREFUSED 127.0.0.1:5432', '    at connect (/srv/apps/api.js:12:5)'],
			at - 200,
		);
		const lines: DaemonLogLine[] = [
			{receivedAtMs: at + 50, text: `${stamp(at)}: PM2 log: App [${process.name}:${process.pmId}] exited with code [1] via signal [SIGINT]`},
			{receivedAtMs: at + 50, text: `${stamp(at)}: PM2 log: App [${process.name}:${process.pmId}] starting in -fork mode-`},
		];
		observeDaemonLogLines(timeline, lines);
	}
	advanceTimeline(timeline, now);
	return timeline;
}

function stateWith(process: ProcessSnapshot, samples: MetricSample[], timeline?: TimelineState): StoreState {
	return {
		revision: 1,
		connection: {kind: 'attached', home: '/h', daemonPid: 1, sinceMs: now},
		snapshot: {takenAtMs: now, processes: [process]},
		histories: history(process.pmId, samples),
		polls: [],
		daemonLog: createRingBuffer(10),
		lastPollDurationMs: 1,
		pollIntervalMs: 1000,
		timeline,
	};
}

let harness: InkHarness | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
});

function mount(
	View: (props: ViewProps) => React.ReactNode,
	state: StoreState,
	selected: ProcessSnapshot | null,
	size: {width: number; height: number},
	scope: Scope,
) {
	const props: ViewProps = {
		store: createFakeStore(selected ? [selected] : []),
		state,
		selected,
		width: size.width,
		height: size.height,
		focused: true,
		noColor: true,
		readOnly: false,
		ecosystemFile: null,
		flash() {},
		confirm() {},
		close() {},
	};
	harness = renderInk(
		<InputRouter activeScopes={[scope, 'global']} readOnly={false}>
			<View {...props} />
		</InputRouter>,
		{columns: size.width + 2, rows: size.height + 2},
	);
	return harness;
}

describe('TrendsPanel', () => {
	it('shows the chart, the leak verdict and the latest restarts with their cause at 63x16', async () => {
		const process = makeProcess({pmId: 3, name: 'api', maxMemoryRestartBytes: 400 * MB, restartCount: 4});
		const h = mount(TrendsPanel, stateWith(process, leakSamples(300), crashTimeline(process, 4)), process, {width: 63, height: 16}, 'trends');
		const frame = await h.waitForFrame(f => f.includes('heap +'), {what: 'verdict'});
		const lines = frame.split('\n');
		expect(lines.length).toBeLessThanOrEqual(16);
		expect(frame).toContain('Memory 1m [5m] 15m 1h');
		expect(frame).toMatch(/\d+(\.\d)?M [┤┼]/); // y axis with labels
		expect(frame).toMatch(/[*+#]{3}/); // plotted series, each in its own character without colour
		expect(frame).toContain('heap +2.3 MB/min (fit 1.00) — reaches the 400 MB limit in');
		expect(frame).toContain('↻ restart loop: 4 exits in 5 min');
		expect(frame).toContain('Latest restarts (4)');
		expect(frame).toMatch(/\d\d:\d\d:\d\d {2}up 8\.0s exit 1 · uncaught Error: ECONNREFUSED/);
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(63);
	});

	it('switches the window with the keymap keys', async () => {
		const process = makeProcess({pmId: 3, name: 'api'});
		const h = mount(TrendsPanel, stateWith(process, leakSamples(300)), process, {width: 63, height: 16}, 'main');
		await h.waitForFrame(f => f.includes('[5m]'));
		await h.press('1');
		await h.waitForFrame(f => f.includes('[1m] 5m'), {what: '1m window'});
		await h.press('w');
		await h.waitForFrame(f => f.includes('1m [5m]'), {what: 'next window'});
	});

	it.each([
		['empty', [] as MetricSample[]],
		['one point', leakSamples(1)],
		['flat', leakSamples(120).map(s => ({...s, rssBytes: 80 * MB, heapUsedBytes: 20 * MB, heapTotalBytes: 30 * MB}))],
	])('does not crash on a %s series', async (_label, samples) => {
		const process = makeProcess({pmId: 1, name: 'api'});
		const h = mount(TrendsPanel, stateWith(process, samples, createTimelineState()), process, {width: 63, height: 14}, 'trends');
		const frame = await h.waitForFrame(f => f.includes('Memory'));
		expect(frame).toMatch(/not enough data|stable/);
		expect(frame).toContain('No restarts seen');
	});

	it('charts RSS alone for a non-Node app', async () => {
		const process = makeProcess({pmId: 2, name: 'worker.py', heapUsedBytes: null, heapTotalBytes: null});
		const h = mount(TrendsPanel, stateWith(process, leakSamples(300, {heap: false})), process, {width: 63, height: 14}, 'trends');
		const frame = await h.waitForFrame(f => f.includes('RSS +'));
		expect(frame).toContain('RSS');
		expect(frame).not.toContain('heap used');
	});

	it('says when nothing is selected', async () => {
		const h = mount(TrendsPanel, stateWith(makeProcess({pmId: 1, name: 'a'}), []), null, {width: 40, height: 5}, 'trends');
		await h.waitForFrame(f => f.includes('No process selected.'));
	});
});

describe('TimelineView', () => {
	it('lists every exit with cause and stderr, newest first, and scrolls', async () => {
		const process = makeProcess({pmId: 3, name: 'api', restartCount: 6});
		const h = mount(TimelineView, stateWith(process, leakSamples(600), crashTimeline(process, 6)), process, {width: 110, height: 36}, 'timeline');
		const frame = await h.waitForFrame(f => f.includes('Exits, newest first'));
		expect(frame).toContain('Timeline · api (id 3)');
		expect(frame).toContain('6 exits');
		expect(frame).toContain('stderr│ connecting to db');
		expect(frame.match(/uncaught Error: ECONNREFUSED/g)!.length).toBeGreaterThanOrEqual(3);
		expect(frame).toContain('(1/6, j/k to scroll)');
		await h.press('j');
		await h.waitForFrame(f => f.includes('(2/6, j/k to scroll)'), {what: 'scrolled'});
	});

	it('renders app-supplied text inert (escape sequences made visible)', async () => {
		const process = makeProcess({pmId: 0, name: 'evil'});
		const timeline = createTimelineState();
		observeErrorLogLines(timeline, 0, ['\u001B]52;c;cGF5bG9hZA==\u0007clipboard', 'Error: \u001B[2Jboom', '    at x (y.js:1:1)'], now - 3000);
		observeDaemonLogLines(timeline, [{receivedAtMs: now - 2000, text: `${stamp(now - 2000)}: PM2 log: App [evil:0] exited with code [1] via signal [SIGINT]`}]);
		advanceTimeline(timeline, now);
		const h = mount(TimelineView, stateWith(process, leakSamples(10), timeline), process, {width: 110, height: 20}, 'timeline');
		await h.waitForFrame(f => f.includes('boom'));
		const raw = h.stdout.lastFrame()!;
		expect(raw).not.toContain('\u001B]52');
		expect(raw).not.toContain('\u001B[2J');
	});
});

describe('memory chart time axis', () => {
	/** The columns of the plot rows (right of the y axis) that hold a drawn cell. */
	function plottedColumns(frame: string): {drawn: Set<number>; axisRow: string} {
		const plotLines = frame.split('\n').filter(line => /^\s*\d+(\.\d)?M [┤|]/.test(line));
		const drawn = new Set<number>();
		for (const line of plotLines) {
			const data = line.slice(8);
			for (let column = 0; column < data.length; column++) if (data[column] !== ' ') drawn.add(column);
		}
		const axisRow = frame.split('\n')[frame.split('\n').findIndex(line => line === plotLines.at(-1)) + 1] ?? '';
		return {drawn, axisRow};
	}

	it('plots 5 minutes of samples in the last twelfth of the 1h window, leaves the rest empty, and says what is covered', async () => {
		const process = makeProcess({pmId: 3, name: 'api'});
		const width = 80;
		const h = mount(TrendsPanel, stateWith(process, leakSamples(301)), process, {width, height: 16}, 'main');
		await h.waitForFrame(f => f.includes('[5m]'));
		await h.press('4');
		const frame = await h.waitForFrame(f => f.includes('1m 5m 15m [1h]'), {what: '1h window'});
		const {drawn, axisRow} = plottedColumns(frame);
		const dataColumns = width - 8;
		// 5 of 60 minutes: the plotted columns are the last twelfth of the width (± one column).
		expect(drawn.size).toBeGreaterThanOrEqual(Math.floor(dataColumns / 12) - 1);
		expect(drawn.size).toBeLessThanOrEqual(Math.ceil(dataColumns / 12) + 1);
		expect(Math.min(...drawn)).toBeGreaterThanOrEqual(dataColumns - Math.ceil(dataColumns / 12) - 1);
		expect(axisRow).toMatch(/^ {8}-1h +no data before -5m +now$/);
	});

	it('fills the width in the 1m window with a minute of samples', async () => {
		const process = makeProcess({pmId: 3, name: 'api'});
		const width = 80;
		const h = mount(TrendsPanel, stateWith(process, leakSamples(61)), process, {width, height: 16}, 'main');
		await h.waitForFrame(f => f.includes('[5m]'));
		await h.press('1');
		const frame = await h.waitForFrame(f => f.includes('[1m] 5m'), {what: '1m window'});
		const {drawn, axisRow} = plottedColumns(frame);
		expect(drawn.size).toBeGreaterThanOrEqual(width - 8 - 1);
		expect(axisRow).not.toContain('no data');
	});

	it("tells the series apart without colour, with each one's character in the legend", async () => {
		const process = makeProcess({pmId: 3, name: 'api'});
		const h = mount(TrendsPanel, stateWith(process, leakSamples(300)), process, {width: 100, height: 16}, 'main');
		const frame = await h.waitForFrame(f => f.includes('heap +'), {what: 'verdict'});
		expect(frame).toContain('* heap used · + heap total · # RSS');
		const plot = frame
			.split('\n')
			.filter(line => /^\s*\d+(\.\d)?M [┤|]/.test(line))
			.map(line => line.slice(8))
			.join('');
		for (const marker of ['*', '+', '#']) expect(plot).toContain(marker);
		expect(plot).not.toMatch(/[─╭╮╯╰│]/);
	});
});

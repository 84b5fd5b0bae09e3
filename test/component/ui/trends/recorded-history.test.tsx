// The App over a recording (a fake history reader; the database itself is tested in test/unit/recorder/): the
// slow leaker's chart and verdict start from the recorded half hour as soon as the history is read, the long
// windows are a key away, an instance of a cluster app charts its own series, the header says history is recorded,
// and without a database it says how to start it.
import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import type {MetricSample} from '../../../../source/model/types.js';
import type {HistoryReader, RecordedSample} from '../../../../source/recorder/history-reader.js';
import {App} from '../../../../source/ui/app.js';
import {createFakeStore} from '../../../helpers/fake-store.js';
import {makeProcess} from '../../../helpers/process-fixture.js';
import {renderInk, type InkHarness} from '../../../helpers/render-ink.js';
import {restartEvent} from '../../../helpers/restart-event.js';
import {uiServicesFor} from '../../../helpers/ui-services.js';

const MB = 1024 * 1024;
let harness: InkHarness | undefined;
afterEach(() => harness?.unmount());

/** Half an hour of a 2 MB/min heap leak at the recorder's 5 s, ending now. */
function recordedLeak(nowMs: number, startedAtMs: number): RecordedSample[] {
	return Array.from({length: 360}, (_, index) => {
		const atMs = nowMs - (360 - index) * 5000;
		const heap = 50 * MB + (index * 5000 * 2 * MB) / 60_000 + (index % 2) * 0.1 * MB;
		return {
			atMs,
			rssBytes: heap + 40 * MB,
			heapUsedBytes: heap,
			heapTotalBytes: heap * 1.3,
			cpuPercent: 1,
			eventLoopP95Ms: null,
			startedAtMs,
			status: 'online',
			pid: 100,
			restartCount: 0,
			resolutionMs: 5000,
		};
	});
}

function readerOf(samples: RecordedSample[], lastWriteMs: number): HistoryReader {
	const between = (fromMs: number, toMs = Number.MAX_SAFE_INTEGER) => samples.filter(sample => sample.atMs >= fromMs && sample.atMs <= toMs);
	return {
		lastWriteMs: () => lastWriteMs,
		intervalMs: () => 5000,
		processes: () => [],
		samples: (name, fromMs, toMs) => (name === 'slow-leak' ? between(fromMs, toMs) : []),
		restarts: () => [],
		bucketedSamples: (name, fromMs, toMs): MetricSample[] => (name === 'slow-leak' ? between(fromMs, toMs) : []),
		latestRestarts: name =>
			name === 'slow-leak'
				? [restartEvent({name, exitAtMs: samples[0]!.atMs - 60_000, cause: {kind: 'exception', name: 'Error', message: 'recorded crash', topFrame: null}})]
				: [],
		findingChanges: () => [],
		actions: () => [],
		close: () => {},
	};
}

function mount(openHistoryReader: () => HistoryReader | null) {
	const nowMs = Date.now();
	const startedAtMs = nowMs - 3_600_000;
	const store = createFakeStore([makeProcess({pmId: 0, name: 'slow-leak', startedAtMs, rssBytes: 90 * MB, heapUsedBytes: 110 * MB})]);
	harness = renderInk(<App store={store} readOnly={false} noColor services={uiServicesFor(store, {openHistoryReader})} />, {columns: 120, rows: 40});
	return {harness, nowMs, startedAtMs};
}

describe('the App over recorded history', () => {
	it('charts and judges the slow leak from the recording at once, and says history is recorded', async () => {
		const nowMs = Date.now();
		const {harness: ui} = mount(() => readerOf(recordedLeak(nowMs, nowMs - 3_600_000), nowMs - 2000));
		let frame = await ui.waitForFrame(f => f.includes('heap +'), {what: 'the verdict from the recording'});
		expect(frame).toMatch(/heap \+2\.\d MB\/min \(fit/);
		expect(frame.split('\n')[0]).toContain('history recorded');
		// The mem trend column starts from the recorded minutes too (the fake store has no samples of its own).
		expect(frame.split('\n').find(line => line.includes('slow-leak') && line.includes('online'))).toMatch(/[▁▂▃▄▅▆▇█]{5}/);
		await ui.press('7');
		frame = await ui.waitForFrame(f => f.includes('[7d]'), {what: 'the 7d window'});
		// The x axis: the week back to now, the recording's half hour at its end.
		expect(frame).toMatch(/-7d .*no data before -30m.* now/);
		// The exit recorded before attach, in the panel and the timeline.
		expect(frame).toContain('recorded crash');
		await ui.press('h');
		frame = await ui.waitForFrame(f => f.includes('Timeline'), {what: 'the timeline'});
		expect(frame).toContain('1 exits (1 recorded before attach)');
	});

	it('charts and judges an instance of a cluster app on its own series, not mixed with its sibling', async () => {
		const nowMs = Date.now();
		const startedAtMs = nowMs - 3_600_000;
		const leaking = recordedLeak(nowMs, startedAtMs);
		// Its sibling shrinks from 400 MB at 6 MB/min (a cache draining): read by name, the two would interleave.
		const shrinking = leaking.map((sample, index) => {
			const heap = 400 * MB - (index * 5000 * 6 * MB) / 60_000;
			return {...sample, rssBytes: heap + 40 * MB, heapUsedBytes: heap, heapTotalBytes: heap * 1.3, pid: 101};
		});
		const seriesOf = (pmId: number | undefined) => (pmId === 0 ? leaking : pmId === 1 ? shrinking : [...leaking, ...shrinking].sort((a, b) => a.atMs - b.atMs));
		const between = (pmId: number | undefined, fromMs: number, toMs = Number.MAX_SAFE_INTEGER) =>
			seriesOf(pmId).filter(sample => sample.atMs >= fromMs && sample.atMs <= toMs);
		const reader: HistoryReader = {
			...readerOf([], nowMs - 2000),
			samples: (name, fromMs, toMs, pmId) => (name === 'web' ? between(pmId, fromMs, toMs) : []),
			bucketedSamples: (name, fromMs, toMs, _bucketMs, pmId): MetricSample[] => (name === 'web' ? between(pmId, fromMs, toMs) : []),
			latestRestarts: () => [],
		};
		const instance = (pmId: number) =>
			makeProcess({pmId, name: 'web', execMode: 'cluster', instances: 2, pid: 100 + pmId, startedAtMs, rssBytes: 90 * MB, heapUsedBytes: 110 * MB});
		const store = createFakeStore([instance(0), instance(1)]);
		harness = renderInk(<App store={store} readOnly={false} noColor services={uiServicesFor(store, {openHistoryReader: () => reader})} />, {
			columns: 120,
			rows: 40,
		});
		const frame = await harness.waitForFrame(f => f.includes('heap +'), {what: 'the verdict of instance 0 from its recording'});
		expect(frame).toMatch(/heap \+2\.\d MB\/min \(fit/);
		// The chart's axis: instance 0 stays under 160 MB; its sibling's 250–440 MB are not drawn into it.
		const axis = [...frame.matchAll(/(\d+)M ┤/g)].map(match => Number(match[1]));
		expect(axis.length).toBeGreaterThan(5);
		expect(Math.max(...axis)).toBeLessThan(160);
	});

	it('without a database charts what it sampled itself and says how to record', async () => {
		const {harness: ui} = mount(() => null);
		const frame = await ui.waitForFrame(f => f.includes('no history: pm2-doctor record --install'), {what: 'the header hint'});
		expect(frame).toMatch(/not enough data yet|no memory samples/);
	});
});

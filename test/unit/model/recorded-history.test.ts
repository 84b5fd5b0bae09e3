// Merging recorded history with what the UI samples itself: recorded samples only before the first live one,
// recorded exits the live timeline does not hold, the finest tier for a window, the trend column's even time
// steps, and whether recording is on.
import {describe, expect, it} from 'vitest';
import {createMetricHistory} from '../../../source/model/process-history.js';
import {
	recordedSeriesKey,
	recordedSeriesOf,
	chartWindowMs,
	chartWindows,
	mergeRestartEvents,
	mergeSamples,
	recordedTierPlan,
	recordingStatus,
	tierFor,
	withRecordedPrefix,
} from '../../../source/model/recorded-history.js';
import type {RestartEvent} from '../../../source/model/restart-timeline.js';
import type {MetricSample} from '../../../source/model/types.js';

const MB = 1024 * 1024;
const sample = (atMs: number, rssMb = 100): MetricSample => ({
	atMs,
	rssBytes: rssMb * MB,
	heapUsedBytes: null,
	heapTotalBytes: null,
	cpuPercent: 0,
	eventLoopP95Ms: null,
	startedAtMs: 0,
});
const exit = (exitAtMs: number, origin: RestartEvent['origin'] = 'live', id = exitAtMs): RestartEvent => ({
	id,
	pmId: 0,
	name: 'api',
	exitAtMs,
	exitTimeSource: 'poll',
	uptimeBeforeExitMs: null,
	exitCode: 1,
	signal: null,
	cause: {kind: 'crash'},
	sigkillAfterMs: null,
	gaveUp: null,
	restartedAtMs: null,
	extraExits: 0,
	stderrTail: [],
	stderrMatchedByOrder: false,
	origin,
});

describe('recorded history', () => {
	it('offers the long windows after the leak windows', () => {
		expect(chartWindows).toEqual(['1m', '5m', '15m', '1h', '6h', '24h', '7d']);
		expect(chartWindowMs['7d']).toBe(7 * 24 * 3_600_000);
	});

	it('keeps recorded samples only before the first live one', () => {
		const recorded = [sample(0), sample(5000), sample(10_000), sample(15_000)];
		const live = [sample(12_000, 200), sample(13_000, 200)];
		expect(mergeSamples(recorded, live).map(s => s.atMs)).toEqual([0, 5000, 10_000, 12_000, 13_000]);
		expect(mergeSamples(recorded, []).map(s => s.atMs)).toEqual([0, 5000, 10_000, 15_000]);
		expect(mergeSamples([], live)).toEqual(live);
	});

	it('adds recorded exits the live timeline lacks, one record per exit, oldest first', () => {
		const live = [exit(60_400, 'history', 1), exit(90_000, 'live', 2)];
		const recorded = [exit(30_000), exit(60_000), exit(61_900)];
		const merged = mergeRestartEvents(recorded, live);
		// 60_000 rounds to the same second as the live 60_400: the live record wins.
		expect(merged.map(event => event.exitAtMs)).toEqual([30_000, 60_400, 61_900, 90_000]);
		expect(mergeRestartEvents([], live)).toEqual(live);
	});

	it('charts a window from the finest tier that covers it', () => {
		const tiers = recordedTierPlan.map(plan => ({...plan, samples: []}));
		expect(tierFor(tiers, chartWindowMs['5m'])!.spanMs).toBe(chartWindowMs['1h']);
		expect(tierFor(tiers, chartWindowMs['24h'])!.spanMs).toBe(chartWindowMs['24h']);
		expect(tierFor(tiers, chartWindowMs['7d'])!.bucketMs).toBe(30 * 60_000);
		expect(tierFor(null, chartWindowMs['7d'])).toBeNull();
		// Each tier is folded to a chart's width or less.
		for (const plan of recordedTierPlan) expect(plan.spanMs / plan.bucketMs).toBeLessThanOrEqual(720);
	});

	it('gives the trend column the recorded minutes at the live poll step, then the live ring', () => {
		const live = createMetricHistory('api', 100);
		live.push(sample(20_000, 300));
		live.push(sample(21_000, 300));
		const recorded = [sample(0, 100), sample(5000, 110), sample(10_000, 120), sample(15_000, 130), sample(20_000, 999)];
		const view = withRecordedPrefix(live, recorded, 1000)!;
		// Four recorded samples 5 s apart before the first live one: 5 values each, then the two live ones.
		expect(view.size).toBe(22);
		expect(view.at!(0)!.rssBytes).toBe(100 * MB);
		expect(view.at!(5)!.rssBytes).toBe(110 * MB);
		expect(view.at!(19)!.rssBytes).toBe(130 * MB);
		expect(view.at!(20)!.rssBytes).toBe(300 * MB);
		// Kept per ring, so the sparkline's cache holds between frames.
		expect(withRecordedPrefix(live, recorded, 1000)).toBe(view);
		expect(withRecordedPrefix(live, [], 1000)).toBe(live);
		live.push(sample(22_000, 310));
		expect(view.size).toBe(23);
	});

	it('says recording while the recorder runs under PM2 or wrote within three intervals', () => {
		const nowMs = 1_000_000;
		expect(recordingStatus({recorderOnline: true, lastWriteMs: null, intervalMs: null, nowMs})).toBe('recording');
		expect(recordingStatus({recorderOnline: false, lastWriteMs: null, intervalMs: null, nowMs})).toBe('off');
		expect(recordingStatus({recorderOnline: false, lastWriteMs: nowMs - 20_000, intervalMs: 5000, nowMs})).toBe('recording');
		expect(recordingStatus({recorderOnline: false, lastWriteMs: nowMs - 40_000, intervalMs: 5000, nowMs})).toBe('off');
		expect(recordingStatus({recorderOnline: false, lastWriteMs: nowMs - 100_000, intervalMs: 60_000, nowMs})).toBe('recording');
	});
});

describe('the recorded series of a process', () => {
	const owner = (execMode: 'fork' | 'cluster', instances: number | null, pmId = 3) => ({name: 'web', pmId, execMode, instances});

	it('is its own pm_id for an instance of an app run as several processes, the name for a single fork process', () => {
		expect(recordedSeriesOf(owner('cluster', 2))).toEqual({name: 'web', pmId: 3});
		expect(recordedSeriesOf(owner('cluster', 1))).toEqual({name: 'web', pmId: 3});
		expect(recordedSeriesOf(owner('fork', 4))).toEqual({name: 'web', pmId: 3});
		expect(recordedSeriesOf(owner('fork', null))).toEqual({name: 'web', pmId: undefined});
		expect(recordedSeriesKey(owner('cluster', 2, 0))).not.toBe(recordedSeriesKey(owner('cluster', 2, 1)));
		expect(recordedSeriesKey(owner('fork', 1, 0))).toBe(recordedSeriesKey(owner('fork', 1, 7)));
	});
});

// The trends views over a recording: a UI attached seconds ago charts the recorded minutes before them, judges
// the leak on the recorded window (as `check` does), and lists the recorded exits beside the live timeline's.
// Without a recording everything is as before: the live samples of the window alone.
import {describe, expect, it} from 'vitest';
import {createMetricHistory} from '../../../../source/model/process-history.js';
import {createRingBuffer} from '../../../../source/model/ring-buffer.js';
import {recordedTierPlan, type RecordedTier} from '../../../../source/model/recorded-history.js';
import type {MetricSample, ProcessSnapshot} from '../../../../source/model/types.js';
import type {RecordedProcessHistory} from '../../../../source/services/recorded-history.js';
import type {StoreState} from '../../../../source/services/store/store-types.js';
import {trendsData} from '../../../../source/ui/trends/trends-data.js';
import {makeProcess} from '../../../helpers/process-fixture.js';
import {restartEvent} from '../../../helpers/restart-event.js';
import {MB, series, t0} from '../../model/synthetic-series.js';

const attachAtMs = t0 + 30 * 60_000;
const nowMs = attachAtMs + 5000;
const process: ProcessSnapshot = makeProcess({pmId: 0, name: 'slow-leak', startedAtMs: t0 - 60_000, maxMemoryRestartBytes: null});

/** 2 MB/min of heap growth: too slow for the 5 s the UI has sampled itself. */
const heapAt = (elapsedMs: number) => 50 * MB + (elapsedMs / 60_000) * 2 * MB + (Math.floor(elapsedMs / 5000) % 2) * 0.1 * MB;

function stateWithLive(): StoreState {
	const ring = createMetricHistory('slow-leak', 3600);
	for (const sample of series(5000, elapsed => heapAt(attachAtMs - t0 + elapsed), {from: attachAtMs, startedAtMs: t0 - 60_000})) ring.push(sample);
	return {
		revision: 1,
		connection: {kind: 'attached', home: '/home/app/.pm2', daemonPid: 1, sinceMs: attachAtMs},
		snapshot: {takenAtMs: nowMs, processes: [process]},
		histories: new Map([[0, ring]]),
		polls: [],
		daemonLog: createRingBuffer(10),
		lastPollDurationMs: 1,
		pollIntervalMs: 1000,
	};
}

function recordedHistory(): RecordedProcessHistory {
	const recorded: MetricSample[] = series(30 * 60_000 - 5000, heapAt, {stepMs: 5000, startedAtMs: t0 - 60_000});
	const tiers: RecordedTier[] = recordedTierPlan.map(plan => ({...plan, samples: recorded}));
	return {recent: recorded.slice(-60), restarts: [restartEvent({name: 'slow-leak', exitAtMs: t0 - 60_000, cause: {kind: 'crash'}})], tiers};
}

describe('trends data over a recording', () => {
	it('charts the recorded minutes at once and calls the slow leak from them', () => {
		const data = trendsData(stateWithLive(), process, '1h', recordedHistory());
		expect(data.samples[0]!.atMs).toBe(t0);
		expect(data.recordedSampleCount).toBe(360);
		expect(data.samples.length).toBe(360 + 6);
		expect(data.verdict.kind).toBe('leaking');
		expect(data.verdict.growthBytesPerMin! / MB).toBeCloseTo(2, 0);
		// The chart shows 5 minutes; the verdict is judged on the recorded window all the same.
		const shortWindow = trendsData(stateWithLive(), process, '5m', recordedHistory());
		expect(shortWindow.samples[0]!.atMs).toBeGreaterThanOrEqual(nowMs - 300_000);
		expect(shortWindow.verdict.sentence).toBe(data.verdict.sentence);
		expect(data.events.map(event => event.exitAtMs)).toEqual([t0 - 60_000]);
		expect(data.recordedExitCount).toBe(1);
	});

	it('charts the long windows from the recording alone, and is as before without one', () => {
		const week = trendsData(stateWithLive(), process, '7d', recordedHistory());
		expect(week.samples.length).toBe(366);
		const live = trendsData(stateWithLive(), process, '5m');
		expect(live.samples).toHaveLength(6);
		expect(live.recordedSampleCount).toBe(0);
		expect(live.verdict.kind).toBe('not-enough-data');
		expect(live.events).toEqual([]);
	});
});

describe('the leak verdict across frames', () => {
	/** Ten minutes of live samples at 1 Hz, the first five flat and the last five leaking 6 MB/min. */
	function liveState(untilMs: number, proc: ProcessSnapshot): StoreState {
		const ring = createMetricHistory('slow-leak', 3600);
		const leakFrom = 5 * 60_000;
		for (const sample of series(10 * 60_000, elapsed => 50 * MB + Math.max(0, elapsed - leakFrom) * ((6 * MB) / 60_000), {from: t0, startedAtMs: t0 - 60_000}))
			if (sample.atMs <= untilMs) ring.push(sample);
		return {...stateWithLive(), snapshot: {takenAtMs: untilMs, processes: [proc]}, histories: new Map([[0, ring]])};
	}
	const live = makeProcess({pmId: 0, name: 'slow-leak', startedAtMs: t0 - 60_000, maxMemoryRestartBytes: null});

	it('is judged again every 10 s, not on every poll, and at once after a restart', () => {
		const first = trendsData(liveState(t0 + 5 * 60_000 + 30_000, live), live, '5m');
		expect(first.verdict.kind).not.toBe('not-enough-data');
		// 9 s later the data say more, but the verdict of the last judgement stands.
		const soon = trendsData(liveState(t0 + 5 * 60_000 + 39_000, live), live, '5m', undefined, first.verdictMemo);
		expect(soon.verdict).toBe(first.verdict);
		// Judged again from scratch 10 s after the last judgement: the same as without the memo.
		const laterState = liveState(t0 + 5 * 60_000 + 40_000, live);
		const later = trendsData(laterState, live, '5m', undefined, soon.verdictMemo);
		expect(later.verdict).not.toBe(first.verdict);
		expect(later.verdict).toEqual(trendsData(laterState, live, '5m').verdict);
		// A restart (a new run) is judged at once.
		const restarted = {...live, restartCount: 1};
		const afterRestart = trendsData(liveState(t0 + 5 * 60_000 + 41_000, restarted), restarted, '5m', undefined, later.verdictMemo);
		expect(afterRestart.verdict).not.toBe(later.verdict);
	});

	it('counts the seconds of a verdict still waiting for data on every frame', () => {
		const waiting = trendsData(liveState(t0 + 20_000, live), live, '5m');
		expect(waiting.verdict.kind).toBe('not-enough-data');
		const next = trendsData(liveState(t0 + 21_000, live), live, '5m', undefined, waiting.verdictMemo);
		expect(next.verdict.sentence).not.toBe(waiting.verdict.sentence);
	});
});

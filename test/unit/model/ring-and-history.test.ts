import {describe, expect, it} from 'vitest';
import {createRingBuffer} from '../../../source/model/ring-buffer.js';
import {
	bytesPerSample,
	createMetricHistory,
	historyCapacityFor,
	recordSnapshotSamples,
	samplesSince,
	totalHistorySamples,
	type MetricHistory,
} from '../../../source/model/process-history.js';
import type {DaemonSnapshot, MetricSample, ProcessSnapshot} from '../../../source/model/types.js';
import type {ReadonlyRing} from '../../../source/services/store/store-types.js';

const sample = (atMs: number, rss = 1000, startedAtMs: number | null = 0): MetricSample => ({
	atMs,
	rssBytes: rss,
	heapUsedBytes: Math.round(atMs / 1000) % 2 ? null : rss / 2,
	heapTotalBytes: null,
	cpuPercent: 3,
	eventLoopP95Ms: null,
	startedAtMs,
});

function proc(pmId: number, extra: Partial<ProcessSnapshot> = {}): ProcessSnapshot {
	return {
		pmId,
		name: `app-${pmId}`,
		pid: 1000 + pmId,
		rssBytes: 50_000_000,
		heapUsedBytes: 8_000_000,
		heapTotalBytes: 12_000_000,
		cpuPercent: 1,
		eventLoopP95Ms: 1,
		startedAtMs: 5,
		...extra,
	} as ProcessSnapshot;
}

describe('createRingBuffer', () => {
	it('keeps the newest items in order and drops the oldest', () => {
		const ring = createRingBuffer<number>(3);
		expect(ring.toArray()).toEqual([]);
		expect(ring.last()).toBeUndefined();
		for (let i = 1; i <= 5; i++) ring.push(i);
		expect(ring.toArray()).toEqual([3, 4, 5]);
		expect(ring.size).toBe(3);
		expect(ring.at(0)).toBe(3);
		expect(ring.at(3)).toBeUndefined();
		expect(ring.last()).toBe(5);
		ring.clear();
		expect(ring.size).toBe(0);
	});
	it('refuses a non-positive capacity', () => {
		expect(() => createRingBuffer(0)).toThrow(RangeError);
	});
});

describe('createMetricHistory', () => {
	it('round-trips samples, nulls included, and wraps at capacity', () => {
		const history = createMetricHistory('web', 100);
		for (let i = 0; i < 250; i++) history.push(sample(i * 1000, 1000 + i));
		expect(history.size).toBe(100);
		const all = history.toArray();
		expect(all[0]!.atMs).toBe(150_000);
		expect(all.at(-1)).toEqual(sample(249_000, 1249));
		expect(all[1]!.heapUsedBytes).toBeNull();
		expect(history.at(0)).toEqual(all[0]);
		expect(history.version).toBe(250);
	});
	it('grows its arrays lazily up to the capacity', () => {
		const history = createMetricHistory('web', 3600);
		history.push(sample(1));
		expect(history.retainedBytes).toBe(64 * bytesPerSample);
		for (let i = 2; i < 10_000; i++) history.push(sample(i));
		expect(history.retainedBytes).toBe(3600 * bytesPerSample);
	});
	it('since() finds the window by binary search, also after wrapping', () => {
		const history = createMetricHistory('web', 50);
		for (let i = 0; i < 120; i++) history.push(sample(i * 1000));
		expect(history.since(100_000).map(s => s.atMs)).toEqual(
			[100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119].map(s => s * 1000),
		);
		expect(history.since(0)).toHaveLength(50);
		expect(history.since(1e12)).toHaveLength(0);
		expect(samplesSince(history, 118_500).map(s => s.atMs)).toEqual([119_000]);
		expect(samplesSince(undefined, 0)).toEqual([]);
	});
});

describe('recordSnapshotSamples', () => {
	it('records running processes, skips stopped ones and stale polls, drops processes that are gone', () => {
		const histories = new Map<number, ReadonlyRing<MetricSample>>();
		const snap = (takenAtMs: number, processes: ProcessSnapshot[]): DaemonSnapshot => ({takenAtMs, processes});
		recordSnapshotSamples(histories, snap(1000, [proc(0), proc(1, {pid: null, rssBytes: 0})]), 10);
		recordSnapshotSamples(histories, snap(1000, [proc(0), proc(1)]), 10); // same poll time: ignored
		recordSnapshotSamples(histories, snap(2000, [proc(0), proc(1)]), 10);
		expect(histories.get(0)!.size).toBe(2);
		expect(histories.get(1)!.size).toBe(2);
		recordSnapshotSamples(histories, snap(3000, [proc(1)]), 10);
		expect(histories.has(0)).toBe(false);
		// A reused pm_id with another name starts afresh.
		recordSnapshotSamples(histories, snap(4000, [proc(1, {name: 'other'})]), 10);
		expect(histories.get(1)!.size).toBe(1);
		expect((histories.get(1) as MetricHistory).name).toBe('other');
	});

	it('stays within 36 bytes per sample for 200 processes over an hour at 1 Hz', () => {
		const histories = new Map<number, ReadonlyRing<MetricSample>>();
		const processes = Array.from({length: 200}, (_, i) => proc(i));
		const before = process.memoryUsage().arrayBuffers;
		for (let second = 0; second < 3700; second++) {
			recordSnapshotSamples(histories, {takenAtMs: second * 1000 + 1, processes}, 3600);
		}
		let retained = 0;
		for (const history of histories.values()) {
			expect(history.size).toBe(3600);
			retained += (history as MetricHistory).retainedBytes;
		}
		const bound = 200 * 3600 * bytesPerSample; // 25,920,000 bytes
		expect(retained).toBe(bound);
		// The typed arrays really are what holds the memory (allow 1 MB of unrelated buffers).
		expect(process.memoryUsage().arrayBuffers - before).toBeLessThanOrEqual(bound + 1024 * 1024);
	});
});

describe('history budget over many processes', () => {
	it('keeps an hour at 1 Hz per process up to 100 processes, then shares 360,000 samples (at least 60 each)', () => {
		expect([1, 46, 100, 200, 1000, 100_000].map(count => historyCapacityFor(count))).toEqual([3600, 3600, 3600, 1800, 360, 60]);
		expect(historyCapacityFor(1000, 100)).toBe(100);
	});

	it('holds 1,000 processes within the total budget however long it runs', () => {
		const histories = new Map<number, ReadonlyRing<MetricSample>>();
		const processes = Array.from({length: 1000}, (_, i) => proc(i));
		for (let poll = 0; poll < 500; poll++) recordSnapshotSamples(histories, {takenAtMs: poll * 60_000 + 1, processes}, historyCapacityFor(processes.length));
		let retained = 0;
		for (const history of histories.values()) retained += (history as MetricHistory).retainedBytes;
		expect(histories.get(999)!.size).toBe(360);
		expect(retained).toBeLessThanOrEqual(totalHistorySamples * bytesPerSample);
	});

	it('cuts histories kept from when there were fewer processes to the new capacity, newest samples kept', () => {
		const histories = new Map<number, ReadonlyRing<MetricSample>>();
		for (let second = 1; second <= 10; second++) recordSnapshotSamples(histories, {takenAtMs: second * 1000, processes: [proc(0)]}, 10);
		recordSnapshotSamples(histories, {takenAtMs: 11_000, processes: [proc(0), proc(1)]}, 4);
		const history = histories.get(0) as MetricHistory;
		expect(history.capacity).toBe(4);
		expect(history.toArray().map(sample => sample.atMs)).toEqual([8000, 9000, 10_000, 11_000]);
		expect(history.name).toBe('app-0');
	});
});

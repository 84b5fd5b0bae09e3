// The recorded-history service with a fake reader: nothing is read before the UI subscribes, and then not in the
// subscriber's frame; the first read covers every current process's last minutes and exits once; chart tiers are
// read only for the processes the UI charts, and kept for the last few; no database means "none", and a
// recorder started later is found by the periodic check.
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {recordedSeriesKey, type RecordedSeriesOwner} from '../../../source/model/recorded-history.js';
import type {RestartEvent} from '../../../source/model/restart-timeline.js';
import type {MetricSample} from '../../../source/model/types.js';
import type {HistoryReader, RecordedSample} from '../../../source/recorder/history-reader.js';
import {createRecordedHistoryService, type RecordedHistoryOptions} from '../../../source/services/recorded-history.js';

const nowMs = 10_000_000;

/** What the fake reader was asked for: a name, or an instance as name#pmId. */
const seriesName = (name: string, pmId: number | undefined) => (pmId === undefined ? name : `${name}#${pmId}`);

const fork = (name: string, pmId = 0): RecordedSeriesOwner => ({name, pmId, execMode: 'fork', instances: null});
const instance = (name: string, pmId: number): RecordedSeriesOwner => ({name, pmId, execMode: 'cluster', instances: 2});

function fakeReader() {
	const calls = {samples: [] as string[], bucketed: [] as Array<{name: string; bucketMs: number}>, restarts: [] as string[], meta: 0};
	let lastWriteMs: number | null = nowMs - 3000;
	const recordedSample = (atMs: number): RecordedSample => ({
		atMs,
		rssBytes: 1,
		heapUsedBytes: null,
		heapTotalBytes: null,
		cpuPercent: 0,
		eventLoopP95Ms: null,
		startedAtMs: null,
		status: 'online',
		pid: 1,
		restartCount: 0,
		resolutionMs: 5000,
	});
	const reader: HistoryReader = {
		lastWriteMs: () => {
			calls.meta++;
			return lastWriteMs;
		},
		intervalMs: () => 5000,
		processes: () => [],
		samples(name, fromMs, _toMs, pmId) {
			calls.samples.push(seriesName(name, pmId));
			return [recordedSample(fromMs), recordedSample(fromMs + 5000)];
		},
		restarts: () => [],
		bucketedSamples(name, fromMs, _toMs, bucketMs, pmId): MetricSample[] {
			calls.bucketed.push({name: seriesName(name, pmId), bucketMs});
			return [recordedSample(fromMs)];
		},
		latestRestarts(name, _fromMs, _limit, pmId) {
			calls.restarts.push(seriesName(name, pmId));
			return [{name, exitAtMs: nowMs - 60_000} as RestartEvent];
		},
		findingChanges: () => [],
		actions: () => [],
		close: vi.fn(),
	};
	return {reader, calls, setLastWrite: (atMs: number) => (lastWriteMs = atMs)};
}

let deferred: Array<() => void>;
const runDeferred = () => {
	for (const work of deferred.splice(0)) work();
};

beforeEach(() => {
	deferred = [];
	vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

const serviceWith = (options: Partial<RecordedHistoryOptions> & Pick<RecordedHistoryOptions, 'openReader'>) =>
	createRecordedHistoryService({
		processes: () => [fork('api'), fork('api'), instance('worker', 1), instance('worker', 2)],
		now: () => nowMs,
		defer: work => deferred.push(work),
		...options,
	});

describe('the recorded-history service', () => {
	it('reads after the first subscriber, outside its frame, each process once', () => {
		const fake = fakeReader();
		const openReader = vi.fn(() => fake.reader);
		const service = serviceWith({openReader});
		expect(openReader).not.toHaveBeenCalled();
		const listener = vi.fn();
		service.subscribe(listener);
		expect(openReader).not.toHaveBeenCalled();
		expect(service.getSnapshot().status).toBe('idle');
		runDeferred();
		const snapshot = service.getSnapshot();
		expect(snapshot.status).toBe('loaded');
		expect(listener).toHaveBeenCalledTimes(1);
		// A cluster app's instances each read their own series; one fork process is read once, by name.
		expect(fake.calls.samples).toEqual(['api', 'worker#1', 'worker#2']);
		expect(fake.calls.restarts).toEqual(['api', 'worker#1', 'worker#2']);
		expect(fake.calls.bucketed).toEqual([]);
		expect(snapshot.bySeries.get(recordedSeriesKey(fork('api')))!.recent).toHaveLength(2);
		expect(snapshot.bySeries.get(recordedSeriesKey(instance('worker', 2)))!.recent).toHaveLength(2);
		expect(snapshot.bySeries.get(recordedSeriesKey(fork('api')))!.tiers).toBeNull();
		expect(snapshot.lastWriteMs).toBe(nowMs - 3000);
		service.close();
		expect(fake.reader.close).toHaveBeenCalled();
	});

	it('reads chart tiers only for a charted process, once, and keeps the last eight', () => {
		const fake = fakeReader();
		const service = serviceWith({openReader: () => fake.reader, processes: () => Array.from({length: 10}, (_, i) => fork(`p${i}`, i))});
		service.subscribe(() => {});
		// Asked before the first read: read right after it.
		service.requestChart(fork('p0', 0));
		runDeferred();
		expect(service.getSnapshot().bySeries.get('p0')!.tiers).toHaveLength(4);
		expect(fake.calls.bucketed.map(call => call.bucketMs)).toEqual([5000, 60_000, 240_000, 1_800_000]);
		service.requestChart(fork('p0', 0));
		service.requestChart(fork('p1', 1));
		service.requestChart(fork('p1', 1));
		runDeferred();
		expect(fake.calls.bucketed).toHaveLength(8);
		for (let i = 2; i < 10; i++) service.requestChart(fork(`p${i}`, i));
		runDeferred();
		const kept = [...service.getSnapshot().bySeries].filter(([, history]) => history.tiers !== null).map(([name]) => name);
		expect(kept).toEqual(['p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9']);
		service.close();
	});

	it('charts an instance of a cluster app from its own series', () => {
		const fake = fakeReader();
		const service = serviceWith({openReader: () => fake.reader});
		service.subscribe(() => {});
		runDeferred();
		service.requestChart(instance('worker', 2));
		runDeferred();
		expect(fake.calls.bucketed.map(call => call.name)).toEqual(['worker#2', 'worker#2', 'worker#2', 'worker#2']);
		expect(service.getSnapshot().bySeries.get(recordedSeriesKey(instance('worker', 2)))!.tiers).toHaveLength(4);
		expect(service.getSnapshot().bySeries.get(recordedSeriesKey(instance('worker', 1)))!.tiers).toBeNull();
		service.close();
	});

	it('refreshes the recorder last write rarely, and re-reads the charted tiers every 10 minutes', () => {
		const fake = fakeReader();
		const service = serviceWith({openReader: () => fake.reader});
		service.subscribe(() => {});
		service.requestChart(fork('api'));
		runDeferred();
		const metaReads = fake.calls.meta;
		fake.setLastWrite(nowMs + 1000);
		vi.advanceTimersByTime(29_000);
		expect(fake.calls.meta).toBe(metaReads);
		vi.advanceTimersByTime(1000);
		expect(service.getSnapshot().lastWriteMs).toBe(nowMs + 1000);
		expect(fake.calls.bucketed).toHaveLength(4);
		vi.advanceTimersByTime(10 * 60_000);
		expect(fake.calls.bucketed).toHaveLength(8);
		service.close();
		vi.advanceTimersByTime(60 * 60_000);
		expect(fake.calls.bucketed).toHaveLength(8);
	});

	it('says none without a database, and finds a recorder started later', () => {
		const fake = fakeReader();
		let exists = false;
		const service = serviceWith({openReader: () => (exists ? fake.reader : null)});
		service.subscribe(() => {});
		runDeferred();
		expect(service.getSnapshot().status).toBe('none');
		service.requestChart(fork('api'));
		runDeferred();
		expect(fake.calls.bucketed).toEqual([]);
		exists = true;
		vi.advanceTimersByTime(30_000);
		expect(service.getSnapshot().status).toBe('loaded');
		expect(fake.calls.samples).toEqual(['api', 'worker#1', 'worker#2']);
		service.close();
	});

	it('keeps what it read when the database fails under it', () => {
		const fake = fakeReader();
		const service = serviceWith({openReader: () => fake.reader});
		service.subscribe(() => {});
		runDeferred();
		fake.reader.bucketedSamples = () => {
			throw new Error('SQLITE_CORRUPT');
		};
		service.requestChart(fork('api'));
		expect(() => runDeferred()).not.toThrow();
		expect(service.getSnapshot().bySeries.get('api')!.recent).toHaveLength(2);
		service.close();
	});
});

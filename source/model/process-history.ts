// Per-process bounded metric history, fed by each list() poll.
//
// Memory bound: samples are stored column-wise in typed arrays, 36 bytes per sample
// (two Float64 timestamps + five Float32 metrics; null is stored as NaN). At the default
// capacity of 3600 samples (1 h at 1 Hz) that is 129,600 bytes per process, about 26 MB for
// 200 processes, plus a few hundred bytes of object overhead per process. Arrays start small and
// double up to the capacity, so short-lived processes cost little. Histories of processes that
// left the list are dropped on the next poll.
import type {PolledProcess} from './poll-window.js';
import type {ReadonlyRing} from './ring-buffer.js';
import type {DaemonSnapshot, MetricSample, ProcessSnapshot} from './types.js';

/** Bytes stored per sample by MetricHistory (see the memory bound above). */
export const bytesPerSample = 2 * 8 + 5 * 4;

/** Default capacity: one hour at the store's default 1 Hz poll. */
export const defaultHistoryCapacity = 3600;

/**
 * Samples kept over all processes together (13 MB of typed arrays): with many processes each keeps fewer
 * (360 each for 1,000, which the store polls every 60 s: 6 h), so memory does not grow with the process count.
 */
export const totalHistorySamples = 360_000;

/** Capacity per process for `processCount` processes: `capacity`, lowered to share totalHistorySamples, at least 60. */
export function historyCapacityFor(processCount: number, capacity = defaultHistoryCapacity): number {
	return Math.max(1, Math.min(capacity, Math.max(60, Math.floor(totalHistorySamples / Math.max(1, processCount)))));
}

const initialAllocation = 64;

/** A columnar ring of metric samples for one process, oldest first. */
export type MetricHistory = ReadonlyRing<MetricSample> & {
	/** Process name the history belongs to (a reused pm_id with another name starts a new history). */
	readonly name: string;
	/** Increments on every push: a cheap cache key for derived strings (sparklines, fits). */
	readonly version: number;
	/** Bytes held by the typed arrays right now. */
	readonly retainedBytes: number;
	push(sample: MetricSample): void;
	/** The sample at logical index (0 = oldest). */
	at(index: number): MetricSample | undefined;
	/** Samples with atMs >= fromMs, oldest first (binary search: samples are pushed in time order). */
	since(fromMs: number): MetricSample[];
};

type Columns = {
	atMs: Float64Array;
	startedAtMs: Float64Array;
	rssBytes: Float32Array;
	heapUsedBytes: Float32Array;
	heapTotalBytes: Float32Array;
	cpuPercent: Float32Array;
	eventLoopP95Ms: Float32Array;
};

function allocateColumns(length: number): Columns {
	return {
		atMs: new Float64Array(length),
		startedAtMs: new Float64Array(length),
		rssBytes: new Float32Array(length),
		heapUsedBytes: new Float32Array(length),
		heapTotalBytes: new Float32Array(length),
		cpuPercent: new Float32Array(length),
		eventLoopP95Ms: new Float32Array(length),
	};
}

const toStored = (value: number | null): number => (value === null || !Number.isFinite(value) ? Number.NaN : value);
const fromStored = (value: number): number | null => (Number.isNaN(value) ? null : value);

/** Creates an empty history that keeps the newest `capacity` samples. */
export function createMetricHistory(name: string, capacity = defaultHistoryCapacity): MetricHistory {
	if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError(`history capacity must be a positive integer, got ${capacity}`);
	let columns = allocateColumns(Math.min(initialAllocation, capacity));
	let allocated = columns.atMs.length;
	let start = 0;
	let size = 0;
	let version = 0;

	const read = (physical: number): MetricSample => ({
		atMs: columns.atMs[physical]!,
		startedAtMs: fromStored(columns.startedAtMs[physical]!),
		rssBytes: columns.rssBytes[physical]!,
		heapUsedBytes: fromStored(columns.heapUsedBytes[physical]!),
		heapTotalBytes: fromStored(columns.heapTotalBytes[physical]!),
		cpuPercent: columns.cpuPercent[physical]!,
		eventLoopP95Ms: fromStored(columns.eventLoopP95Ms[physical]!),
	});
	const physicalIndex = (logical: number) => (start + logical) % allocated;

	function grow() {
		// Only called before the ring ever wrapped (size === allocated < capacity), so start is 0.
		const next = allocateColumns(Math.min(capacity, allocated * 2));
		for (const key of Object.keys(columns) as Array<keyof Columns>) (next[key] as Float64Array).set(columns[key] as Float64Array);
		columns = next;
		allocated = next.atMs.length;
	}

	const history: MetricHistory = {
		name,
		capacity,
		get size() {
			return size;
		},
		get version() {
			return version;
		},
		get retainedBytes() {
			return allocated * bytesPerSample;
		},
		push(sample) {
			if (size === allocated && allocated < capacity) grow();
			let slot: number;
			if (size < allocated) {
				slot = physicalIndex(size);
				size++;
			} else {
				slot = start;
				start = (start + 1) % allocated;
			}
			columns.atMs[slot] = sample.atMs;
			columns.startedAtMs[slot] = toStored(sample.startedAtMs);
			columns.rssBytes[slot] = toStored(sample.rssBytes);
			columns.heapUsedBytes[slot] = toStored(sample.heapUsedBytes);
			columns.heapTotalBytes[slot] = toStored(sample.heapTotalBytes);
			columns.cpuPercent[slot] = toStored(sample.cpuPercent);
			columns.eventLoopP95Ms[slot] = toStored(sample.eventLoopP95Ms);
			version++;
		},
		at(index) {
			if (!Number.isInteger(index) || index < 0 || index >= size) return undefined;
			return read(physicalIndex(index));
		},
		toArray() {
			const out: MetricSample[] = new Array(size);
			for (let i = 0; i < size; i++) out[i] = read(physicalIndex(i));
			return out;
		},
		last() {
			return size === 0 ? undefined : read(physicalIndex(size - 1));
		},
		since(fromMs) {
			let low = 0;
			let high = size;
			while (low < high) {
				const mid = (low + high) >>> 1;
				if (columns.atMs[physicalIndex(mid)]! < fromMs) low = mid + 1;
				else high = mid;
			}
			const out: MetricSample[] = new Array(size - low);
			for (let i = low; i < size; i++) out[i - low] = read(physicalIndex(i));
			return out;
		},
	};
	return history;
}

/** Maps one process of a poll to a history sample. */
export function sampleOf(process: PolledProcess, atMs: number): MetricSample {
	return {
		atMs,
		rssBytes: process.rssBytes,
		heapUsedBytes: process.heapUsedBytes,
		heapTotalBytes: process.heapTotalBytes,
		cpuPercent: process.cpuPercent,
		eventLoopP95Ms: process.eventLoopP95Ms,
		startedAtMs: process.startedAtMs,
	};
}

/** Whether a poll of this process describes a running program worth sampling. */
function isRunning(process: ProcessSnapshot): boolean {
	// A stopped, errored or waiting process reports rss 0 and no heap, and so does a process PM2 has
	// not measured yet (just spawned): recording that would draw a false drop to zero and bend the
	// growth fit, so only measured processes with a pid are sampled.
	return process.pid !== null && process.rssBytes > 0;
}

/** A history of `capacity` with the newest samples of `history` (when the process count grew past the budget). */
function shrunkHistory(history: MetricHistory, capacity: number): MetricHistory {
	const shrunk = createMetricHistory(history.name, capacity);
	for (let index = Math.max(0, history.size - capacity); index < history.size; index++) shrunk.push(history.at(index)!);
	return shrunk;
}

/**
 * Appends one sample per running process and forgets processes that are gone (bounded by the live list).
 * Histories larger than `capacity` (kept from when there were fewer processes) are cut to it.
 * Mutates `histories` in place (the store bumps its revision); polls not newer than the last sample are ignored.
 */
export function recordSnapshotSamples(histories: Map<number, ReadonlyRing<MetricSample>>, snapshot: DaemonSnapshot, capacity = defaultHistoryCapacity): void {
	const present = new Set<number>();
	for (const process of snapshot.processes) {
		present.add(process.pmId);
		let history = histories.get(process.pmId) as MetricHistory | undefined;
		if (history && (history.name !== process.name || typeof history.since !== 'function')) history = undefined;
		if (history && history.capacity > capacity) {
			history = shrunkHistory(history, capacity);
			histories.set(process.pmId, history);
		}
		if (!history) {
			history = createMetricHistory(process.name, capacity);
			histories.set(process.pmId, history);
		}
		if (!isRunning(process)) continue;
		const last = history.last();
		if (last && last.atMs >= snapshot.takenAtMs) continue;
		history.push(sampleOf(process, snapshot.takenAtMs));
	}
	for (const pmId of histories.keys()) if (!present.has(pmId)) histories.delete(pmId);
}

/** Samples of a history (any ReadonlyRing) at or after `fromMs`, using the fast path when available. */
export function samplesSince(history: ReadonlyRing<MetricSample> | undefined, fromMs: number): MetricSample[] {
	if (!history) return [];
	const columnar = history as Partial<MetricHistory>;
	if (typeof columnar.since === 'function') return columnar.since(fromMs);
	return history.toArray().filter(sample => sample.atMs >= fromMs);
}

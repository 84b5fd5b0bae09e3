// The recorded history for the UI: what the recorder wrote before pm2-doctor attached (source/recorder/), read
// through an injected reader so the UI never opens the database.
//
// Cost: nothing is read before the first paint (the first read is scheduled when the UI first subscribes, after
// its first frame). Then, once: each current process's last 5 minutes (the table's trend column) and its latest
// exits; and the chart tiers (model/recorded-history.ts) of a process only when the UI shows its chart, kept for
// the last few processes shown. At idle the only work is one small read of the recorder's last write time every
// 30 s (the header's indicator) and a re-read of the shown processes' tiers every 10 minutes, so a long window
// stays continuous after the store's in-memory ring (1 h) no longer reaches back to the first read.
import {recordedSeriesKey, recordedSeriesOf, recordedTierPlan, type RecordedSeriesOwner, type RecordedTier} from '../model/recorded-history.js';
import type {RestartEvent} from '../model/restart-timeline.js';
import type {MetricSample} from '../model/types.js';
import type {HistoryReader} from '../recorder/history-reader.js';

export type RecordedProcessHistory = {
	/** The last minutes before the read, at the recorder's resolution, oldest first. */
	recent: MetricSample[];
	/** The newest recorded exits (up to a bound), oldest first. */
	restarts: RestartEvent[];
	/** The chart tiers, finest first; null until the UI asked for this process's chart. */
	tiers: RecordedTier[] | null;
};

export type RecordedHistorySnapshot = {
	/** idle: not read yet; none: no database (no recorder ever ran here); loaded: read. */
	status: 'idle' | 'none' | 'loaded';
	/** When the recorder last wrote, and its interval (the header's indicator). */
	lastWriteMs: number | null;
	intervalMs: number | null;
	/** When the processes' history was read (samples after it come from the live store). */
	readAtMs: number | null;
	/** By recordedSeriesKey: each instance of a cluster app has its own series, a fork app one by name. */
	bySeries: ReadonlyMap<string, RecordedProcessHistory>;
};

export type RecordedHistoryService = {
	getSnapshot(): RecordedHistorySnapshot;
	/** The first subscriber starts the (deferred) first read. */
	subscribe(listener: () => void): () => void;
	/** Reads the chart tiers of `process`'s series once, soon (never in the caller's frame). */
	requestChart(process: RecordedSeriesOwner): void;
	close(): void;
};

export type RecordedHistoryOptions = {
	/** Opens the reader; null when nothing was recorded (tried again on the next meta refresh). */
	openReader(): HistoryReader | null;
	/** The processes the store shows now. */
	processes(): readonly RecordedSeriesOwner[];
	now?: () => number;
	/** Runs work after the current frame (default setImmediate). */
	defer?: (work: () => void) => void;
	metaRefreshMs?: number;
	tierRefreshMs?: number;
};

/** The table's trend column covers 5 minutes. */
export const recentSpanMs = 5 * 60_000;
/** Exits kept per process from the recording (a crash loop records thousands). */
export const recordedExitsPerProcess = 50;
/** Processes whose chart tiers are kept (the ones the operator looked at last). */
const keptChartCount = 8;
/** The first read covers at most this many processes (each costs ~60 samples). */
const maxProcessesRead = 500;
const weekMs = 7 * 24 * 3_600_000;

const emptySnapshot: RecordedHistorySnapshot = {status: 'idle', lastWriteMs: null, intervalMs: null, readAtMs: null, bySeries: new Map()};

export function createRecordedHistoryService(options: RecordedHistoryOptions): RecordedHistoryService {
	const now = options.now ?? Date.now;
	const defer = options.defer ?? ((work: () => void) => void setImmediate(work));
	const listeners = new Set<() => void>();
	let snapshot = emptySnapshot;
	let reader: HistoryReader | null = null;
	let started = false;
	let closed = false;
	const timers: NodeJS.Timeout[] = [];
	/** Series whose tiers are kept, least recently asked first. */
	const charted: string[] = [];
	const owners = new Map<string, RecordedSeriesOwner>();
	const pendingCharts = new Set<string>();
	const reading = new Set<string>();

	function publish(next: RecordedHistorySnapshot) {
		snapshot = next;
		for (const listener of [...listeners]) listener();
	}

	function safely<T>(read: () => T, fallback: T): T {
		try {
			return read();
		} catch {
			// A database being rewritten or removed under us: what was read stays, the next refresh tries again.
			return fallback;
		}
	}

	function ensureReader(): HistoryReader | null {
		reader ??= safely(() => options.openReader(), null);
		return reader;
	}

	function readTiers(source: HistoryReader, owner: RecordedSeriesOwner, atMs: number): RecordedTier[] {
		const {name, pmId} = recordedSeriesOf(owner);
		return recordedTierPlan.map(({spanMs, bucketMs}) => ({
			spanMs,
			bucketMs,
			samples: source.bucketedSamples(name, atMs - spanMs, atMs, bucketMs, pmId),
		}));
	}

	function firstRead() {
		if (closed) return;
		const source = ensureReader();
		if (!source) {
			publish({...snapshot, status: 'none'});
			return;
		}
		const atMs = now();
		const bySeries = new Map<string, RecordedProcessHistory>();
		const series = new Map(options.processes().map(owner => [recordedSeriesKey(owner), owner]));
		safely(() => {
			for (const [key, owner] of [...series].slice(0, maxProcessesRead)) {
				const {name, pmId} = recordedSeriesOf(owner);
				bySeries.set(key, {
					recent: source.samples(name, atMs - recentSpanMs, atMs, pmId).map(toMetricSample),
					restarts: source.latestRestarts(name, atMs - weekMs, recordedExitsPerProcess, pmId),
					tiers: null,
				});
			}
		}, undefined);
		publish({
			status: 'loaded',
			lastWriteMs: safely(() => source.lastWriteMs(), null),
			intervalMs: safely(() => source.intervalMs(), null),
			readAtMs: atMs,
			bySeries,
		});
		for (const key of pendingCharts) readChart(key);
		pendingCharts.clear();
	}

	function readChart(key: string) {
		const source = reader;
		const owner = owners.get(key);
		if (closed || !source || !owner || snapshot.status !== 'loaded') return;
		const tiers = safely(() => readTiers(source, owner, now()), null);
		if (!tiers) return;
		const bySeries = new Map(snapshot.bySeries);
		bySeries.set(key, {recent: [], restarts: [], ...bySeries.get(key), tiers});
		const index = charted.indexOf(key);
		if (index >= 0) charted.splice(index, 1);
		charted.push(key);
		while (charted.length > keptChartCount) {
			const dropped = charted.shift()!;
			owners.delete(dropped);
			const entry = bySeries.get(dropped);
			if (entry) bySeries.set(dropped, {...entry, tiers: null});
		}
		publish({...snapshot, bySeries});
	}

	function refreshMeta() {
		const source = ensureReader();
		if (!source) return;
		if (snapshot.status !== 'loaded') {
			// A recorder started since: read what it has.
			firstRead();
			return;
		}
		const lastWriteMs = safely(() => source.lastWriteMs(), snapshot.lastWriteMs);
		const intervalMs = safely(() => source.intervalMs(), snapshot.intervalMs);
		if (lastWriteMs !== snapshot.lastWriteMs || intervalMs !== snapshot.intervalMs) publish({...snapshot, lastWriteMs, intervalMs});
	}

	function start() {
		started = true;
		defer(firstRead);
		const every = (ms: number, work: () => void) => {
			const timer = setInterval(work, ms);
			timer.unref?.();
			timers.push(timer);
		};
		every(options.metaRefreshMs ?? 30_000, refreshMeta);
		every(options.tierRefreshMs ?? 10 * 60_000, () => {
			for (const key of [...charted]) readChart(key);
		});
	}

	return {
		getSnapshot: () => snapshot,
		subscribe(listener) {
			listeners.add(listener);
			if (!started && !closed) start();
			return () => listeners.delete(listener);
		},
		requestChart(process) {
			if (closed) return;
			const key = recordedSeriesKey(process);
			const known = snapshot.bySeries.get(key);
			if (known?.tiers) {
				// Asked again: keep it among the last shown.
				const index = charted.indexOf(key);
				if (index >= 0) charted.push(...charted.splice(index, 1));
				return;
			}
			owners.set(key, process);
			if (snapshot.status === 'idle') {
				pendingCharts.add(key);
				return;
			}
			if (snapshot.status !== 'loaded' || reading.has(key)) return;
			reading.add(key);
			defer(() => {
				reading.delete(key);
				readChart(key);
			});
		},
		close() {
			closed = true;
			for (const timer of timers.splice(0)) clearInterval(timer);
			safely(() => reader?.close(), undefined);
			reader = null;
		},
	};
}

function toMetricSample(sample: MetricSample): MetricSample {
	const {atMs, rssBytes, heapUsedBytes, heapTotalBytes, cpuPercent, eventLoopP95Ms, startedAtMs} = sample;
	return {atMs, rssBytes, heapUsedBytes, heapTotalBytes, cpuPercent, eventLoopP95Ms, startedAtMs};
}

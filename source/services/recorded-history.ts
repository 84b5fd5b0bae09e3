// The recorded history for the UI: what the recorder wrote before pm2-doctor attached (source/recorder/), read
// through an injected reader so the UI never opens the database.
//
// Cost: nothing is read before the first paint (the first read is scheduled when the UI first subscribes, after
// its first frame). Then, once: each current process's last 5 minutes (the table's trend column) and its latest
// exits; and the chart tiers (model/recorded-history.ts) of a process only when the UI shows its chart, kept for
// the last few processes shown. At idle the only work is one small read of the recorder's last write time every
// 30 s (the header's indicator) and a re-read of the shown processes' tiers every 10 minutes, so a long window
// stays continuous after the store's in-memory ring (1 h) no longer reaches back to the first read.
import {recordedTierPlan, type RecordedTier} from '../model/recorded-history.js';
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
	byName: ReadonlyMap<string, RecordedProcessHistory>;
};

export type RecordedHistoryService = {
	getSnapshot(): RecordedHistorySnapshot;
	/** The first subscriber starts the (deferred) first read. */
	subscribe(listener: () => void): () => void;
	/** Reads the chart tiers of the process `name` once, soon (never in the caller's frame). */
	requestChart(name: string): void;
	close(): void;
};

export type RecordedHistoryOptions = {
	/** Opens the reader; null when nothing was recorded (tried again on the next meta refresh). */
	openReader(): HistoryReader | null;
	/** Names of the processes the store shows now. */
	processNames(): readonly string[];
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

const emptySnapshot: RecordedHistorySnapshot = {status: 'idle', lastWriteMs: null, intervalMs: null, readAtMs: null, byName: new Map()};

export function createRecordedHistoryService(options: RecordedHistoryOptions): RecordedHistoryService {
	const now = options.now ?? Date.now;
	const defer = options.defer ?? ((work: () => void) => void setImmediate(work));
	const listeners = new Set<() => void>();
	let snapshot = emptySnapshot;
	let reader: HistoryReader | null = null;
	let started = false;
	let closed = false;
	const timers: NodeJS.Timeout[] = [];
	/** Names whose tiers are kept, least recently asked first. */
	const charted: string[] = [];
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

	function readTiers(source: HistoryReader, name: string, atMs: number): RecordedTier[] {
		return recordedTierPlan.map(({spanMs, bucketMs}) => ({
			spanMs,
			bucketMs,
			samples: source.bucketedSamples(name, atMs - spanMs, atMs, bucketMs),
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
		const byName = new Map<string, RecordedProcessHistory>();
		safely(() => {
			for (const name of [...new Set(options.processNames())].slice(0, maxProcessesRead)) {
				byName.set(name, {
					recent: source.samples(name, atMs - recentSpanMs, atMs).map(toMetricSample),
					restarts: source.latestRestarts(name, atMs - weekMs, recordedExitsPerProcess),
					tiers: null,
				});
			}
		}, undefined);
		publish({
			status: 'loaded',
			lastWriteMs: safely(() => source.lastWriteMs(), null),
			intervalMs: safely(() => source.intervalMs(), null),
			readAtMs: atMs,
			byName,
		});
		for (const name of pendingCharts) readChart(name);
		pendingCharts.clear();
	}

	function readChart(name: string) {
		const source = reader;
		if (closed || !source || snapshot.status !== 'loaded') return;
		const tiers = safely(() => readTiers(source, name, now()), null);
		if (!tiers) return;
		const byName = new Map(snapshot.byName);
		byName.set(name, {recent: [], restarts: [], ...byName.get(name), tiers});
		const index = charted.indexOf(name);
		if (index >= 0) charted.splice(index, 1);
		charted.push(name);
		while (charted.length > keptChartCount) {
			const dropped = charted.shift()!;
			const entry = byName.get(dropped);
			if (entry) byName.set(dropped, {...entry, tiers: null});
		}
		publish({...snapshot, byName});
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
			for (const name of [...charted]) readChart(name);
		});
	}

	return {
		getSnapshot: () => snapshot,
		subscribe(listener) {
			listeners.add(listener);
			if (!started && !closed) start();
			return () => listeners.delete(listener);
		},
		requestChart(name) {
			if (closed) return;
			const known = snapshot.byName.get(name);
			if (known?.tiers) {
				// Asked again: keep it among the last shown.
				const index = charted.indexOf(name);
				if (index >= 0) charted.push(...charted.splice(index, 1));
				return;
			}
			if (snapshot.status === 'idle') {
				pendingCharts.add(name);
				return;
			}
			if (snapshot.status !== 'loaded' || reading.has(name)) return;
			reading.add(name);
			defer(() => {
				reading.delete(name);
				readChart(name);
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

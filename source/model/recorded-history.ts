// What the recorder wrote before the UI attached, merged with what the UI samples itself (pure).
// The recorded series come in tiers, each folded to about as many points as a wide chart has columns, so a
// 7-day window costs a few hundred samples per process; the live samples (the store's ring) follow them.
import type {RestartEvent} from './restart-timeline.js';
import {trendWindowMs, trendWindows, type TrendWindow} from './trend.js';
import type {MetricSample, ProcessSnapshot} from './types.js';

/** The chart windows: the leak windows (1m–1h) and the long ones only a recording can fill. */
export type ChartWindow = TrendWindow | '6h' | '24h' | '7d';

export const chartWindows: readonly ChartWindow[] = [...trendWindows, '6h', '24h', '7d'];

const hourMs = 3_600_000;

export const chartWindowMs: Record<ChartWindow, number> = {...trendWindowMs, '6h': 6 * hourMs, '24h': 24 * hourMs, '7d': 7 * 24 * hourMs};

export function isTrendWindow(window: ChartWindow): window is TrendWindow {
	return (trendWindows as readonly string[]).includes(window);
}

/** What decides whose recorded series a process reads. */
export type RecordedSeriesOwner = Pick<ProcessSnapshot, 'name' | 'pmId' | 'execMode' | 'instances'>;

/**
 * The recorded series a process reads: an instance of an app that runs as several processes (cluster mode, or
 * fork with instances) reads its own pm_id's, which PM2 keeps across restart and reload; a single fork process
 * reads everything recorded under its name, so its history runs on across `pm2 delete` + start (a new pm_id).
 */
export function recordedSeriesOf(process: RecordedSeriesOwner): {name: string; pmId: number | undefined} {
	const instanced = process.execMode === 'cluster' || (process.instances ?? 1) > 1;
	return {name: process.name, pmId: instanced ? process.pmId : undefined};
}

/** The key of a process's recorded series (two processes with one key read the same series). */
export function recordedSeriesKey(process: RecordedSeriesOwner): string {
	const {name, pmId} = recordedSeriesOf(process);
	return pmId === undefined ? name : `${name}\0${pmId}`;
}

/** One recorded series: the span it covers (ending when it was read) and the bucket it was folded to. */
export type RecordedTier = {spanMs: number; bucketMs: number; samples: MetricSample[]};

/**
 * The tiers read per process: the last hour at the recorder's own 5 s (the leak verdict's window), then the
 * long windows folded to about 360 points each (a chart column each on a wide terminal).
 */
export const recordedTierPlan: ReadonlyArray<{spanMs: number; bucketMs: number}> = [
	{spanMs: hourMs, bucketMs: 5000},
	{spanMs: 6 * hourMs, bucketMs: 60_000},
	{spanMs: 24 * hourMs, bucketMs: 240_000},
	{spanMs: 7 * 24 * hourMs, bucketMs: 30 * 60_000},
];

/** The finest tier that covers `windowMs`; null when none was read. */
export function tierFor(tiers: readonly RecordedTier[] | null | undefined, windowMs: number): RecordedTier | null {
	if (!tiers || tiers.length === 0) return null;
	return tiers.find(tier => tier.spanMs >= windowMs) ?? tiers.at(-1)!;
}

/** Recorded samples strictly before the first live one, then the live ones (both oldest first). */
export function mergeSamples(recorded: readonly MetricSample[], live: readonly MetricSample[]): MetricSample[] {
	const firstLiveMs = live[0]?.atMs ?? Number.POSITIVE_INFINITY;
	let end = 0;
	while (end < recorded.length && recorded[end]!.atMs < firstLiveMs) end++;
	return end === 0 ? [...live] : [...recorded.slice(0, end), ...live];
}

/** Samples at or after `fromMs` (input oldest first). */
export function samplesFrom(samples: readonly MetricSample[], fromMs: number): MetricSample[] {
	let first = samples.length;
	while (first > 0 && samples[first - 1]!.atMs >= fromMs) first--;
	return samples.slice(first);
}

/** The key the recorder stores an exit under: the same exit seen by the recorder and by this run is one. */
const exitKey = (event: RestartEvent) => `${event.name}\0${Math.round(event.exitAtMs / 1000)}`;

/**
 * Recorded exits the live timeline does not hold (it back-fills only the tail of pm2.log), then the live
 * timeline's, oldest first. The live record of an exit wins: it may be refined later (stderr, restart time).
 */
export function mergeRestartEvents(recorded: readonly RestartEvent[], live: readonly RestartEvent[]): RestartEvent[] {
	if (recorded.length === 0) return [...live];
	const seen = new Set(live.map(exitKey));
	const older = recorded.filter(event => !seen.has(exitKey(event)));
	if (older.length === 0) return [...live];
	return [...older, ...live].sort((a, b) => a.exitAtMs - b.exitAtMs);
}

/** Whether history is being recorded: the recorder runs under PM2, or the database was written recently. */
export type RecordingStatus = 'recording' | 'off';

export function recordingStatus(input: {recorderOnline: boolean; lastWriteMs: number | null; intervalMs: number | null; nowMs: number}): RecordingStatus {
	if (input.recorderOnline) return 'recording';
	if (input.lastWriteMs === null) return 'off';
	// Three missed intervals (at least 30 s): the foreground recorder is gone or stuck.
	const freshForMs = Math.max(30_000, 3 * (input.intervalMs ?? 5000));
	return input.nowMs - input.lastWriteMs <= freshForMs ? 'recording' : 'off';
}

type SparklineHistory = {
	readonly size: number;
	readonly version?: number;
	toArray(): MetricSample[];
	/** The columnar ring has it; a plain ring is read whole. */
	at?(index: number): MetricSample | undefined;
};

const trendPrefixes = new WeakMap<object, {recorded: readonly MetricSample[]; stepMs: number; view: SparklineHistory}>();

/**
 * The table's trend column over a recording: the recorded samples before the first live one, repeated to the
 * live poll's step (the column plots one value per poll, so time stays even), then the live ring. The view is
 * kept per ring, so the sparkline's own cache (keyed by the history object) holds between frames.
 */
export function withRecordedPrefix(
	live: SparklineHistory | undefined,
	recorded: readonly MetricSample[] | undefined,
	stepMs: number,
	maxPrefix = 300,
): SparklineHistory | undefined {
	if (!recorded || recorded.length === 0) return live;
	const key: object = live ?? recorded;
	const cached = trendPrefixes.get(key);
	if (cached && cached.recorded === recorded && cached.stepMs === stepMs) return cached.view;
	const itemOf = (index: number) => (live?.at ? live.at(index) : live?.toArray()[index]);
	const firstLiveMs = itemOf(0)?.atMs ?? Number.POSITIVE_INFINITY;
	const before = recorded.filter(sample => sample.atMs < firstLiveMs);
	const prefix: MetricSample[] = [];
	const step = Math.max(1, stepMs);
	// A sample stands for the time until the next one, but no longer than the recorder's usual spacing: a silence
	// (the recorder was down) is not filled with a made-up level.
	const spacings = before.slice(1).map((sample, index) => sample.atMs - before[index]!.atMs);
	const usualMs = spacings.length > 0 ? [...spacings].sort((a, b) => a - b)[Math.floor(spacings.length / 2)]! : step;
	for (let index = 0; index < before.length; index++) {
		const sample = before[index]!;
		const nextMs = before[index + 1]?.atMs ?? firstLiveMs;
		const repeats = Math.max(1, Math.min(maxPrefix, Math.round(Math.min(nextMs - sample.atMs, usualMs) / step)));
		for (let repeat = 0; repeat < repeats; repeat++) prefix.push(sample);
	}
	const kept = prefix.slice(-maxPrefix);
	const view: SparklineHistory = {
		get size() {
			return kept.length + (live?.size ?? 0);
		},
		get version() {
			return live?.version ?? live?.size ?? 0;
		},
		at: index => (index < kept.length ? kept[index] : itemOf(index - kept.length)),
		toArray: () => [...kept, ...(live?.toArray() ?? [])],
	};
	trendPrefixes.set(key, {recorded, stepMs, view});
	return view;
}

// The recorded samples the checks judge on (`check`, the report): each current process's own series (an instance of
// a cluster app its pm_id's, a fork app by name), over the longest leak window the recording covers, so a leak too
// slow for a short sample is called from its history, and a leaking worker is judged apart from its siblings.
import {recordedSeriesOf} from '../model/recorded-history.js';
import type {TrendWindow} from '../model/trend.js';
import {trendWindowMs} from '../model/trend.js';
import type {MetricSample, ProcessSnapshot} from '../model/types.js';
import type {HistoryReader} from './history-reader.js';

/**
 * The leak window to judge recorded samples on: the shortest that holds all of them (up to 1 h); null when the
 * recording covers no more than a minute, which the check's own sample gives as well.
 */
export function recordedLeakWindow(histories: Record<number, MetricSample[]>, nowMs: number): TrendWindow | null {
	const oldest = Object.values(histories)
		.map(samples => samples[0]?.atMs)
		.filter((atMs): atMs is number => atMs !== undefined);
	if (oldest.length === 0) return null;
	const coveredMs = nowMs - Math.min(...oldest);
	if (coveredMs <= trendWindowMs['1m']) return null;
	return coveredMs <= trendWindowMs['5m'] ? '5m' : coveredMs <= trendWindowMs['15m'] ? '15m' : '1h';
}

/** Recorded samples of the current processes over the last hour (the longest leak window), oldest first. */
export function recordedHistories(reader: HistoryReader, processes: readonly ProcessSnapshot[], nowMs: number): Record<number, MetricSample[]> {
	const histories: Record<number, MetricSample[]> = {};
	for (const process of processes) {
		const {name, pmId} = recordedSeriesOf(process);
		const samples = reader.samples(name, nowMs - trendWindowMs['1h'], nowMs, pmId);
		if (samples.length > 0)
			histories[process.pmId] = samples.map(({atMs, rssBytes, heapUsedBytes, heapTotalBytes, cpuPercent, eventLoopP95Ms, startedAtMs}) => ({
				atMs,
				rssBytes,
				heapUsedBytes,
				heapTotalBytes,
				cpuPercent,
				eventLoopP95Ms,
				startedAtMs,
			}));
	}
	return histories;
}

/**
 * For `check`: the recorded history of the current processes followed by the check's own samples, and the leak
 * window it covers; null when nothing is recorded (the check then judges on its own samples, as before).
 */
export function checkHistoriesWithRecording(
	reader: HistoryReader | null,
	polls: ReadonlyArray<{takenAtMs: number; processes: readonly ProcessSnapshot[]}>,
	nowMs: number,
): {histories: Record<number, MetricSample[]>; leakWindow: TrendWindow} | null {
	const latest = polls.at(-1);
	if (!reader || !latest) return null;
	const recorded = recordedHistories(reader, latest.processes, nowMs);
	const leakWindow = recordedLeakWindow(recorded, nowMs);
	if (!leakWindow) return null;
	for (const process of latest.processes) {
		const history = recorded[process.pmId] ?? [];
		const lastRecordedMs = history.at(-1)?.atMs ?? Number.NEGATIVE_INFINITY;
		for (const poll of polls) {
			const polled = poll.processes.find(p => p.pmId === process.pmId && p.name === process.name);
			if (!polled || polled.pid === null || polled.status !== 'online' || poll.takenAtMs <= lastRecordedMs) continue;
			history.push({
				atMs: poll.takenAtMs,
				rssBytes: polled.rssBytes,
				heapUsedBytes: polled.heapUsedBytes,
				heapTotalBytes: polled.heapTotalBytes,
				cpuPercent: polled.cpuPercent,
				eventLoopP95Ms: polled.eventLoopP95Ms,
				startedAtMs: polled.startedAtMs,
			});
		}
		recorded[process.pmId] = history;
	}
	return {histories: recorded, leakWindow};
}

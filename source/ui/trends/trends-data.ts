// Derives everything the trends views show for one process from the store state and, when the recorder ran,
// from what it recorded before the UI attached (pure).
import {samplesSince} from '../../model/process-history.js';
import {chartWindowMs, isTrendWindow, mergeRestartEvents, mergeSamples, samplesFrom, tierFor, type ChartWindow} from '../../model/recorded-history.js';
import {assessRestartLoop, type RestartLoopAssessment} from '../../model/restart-loop.js';
import {statusSinceMs, timelineFor, type RestartEvent} from '../../model/restart-timeline.js';
import {assessLeak, trendWindowMs, type LeakVerdict} from '../../model/trend.js';
import type {MetricSample, ProcessSnapshot} from '../../model/types.js';
import {recordedLeakWindow} from '../../recorder/recorded-window.js';
import type {RecordedProcessHistory} from '../../services/recorded-history.js';
import type {StoreState} from '../../services/store/store-types.js';

/**
 * A leak verdict and what it was judged on. A verdict over at least 45 s of samples (up to an hour) moves
 * slowly, and judging it (a median of ~7,000 slopes, the hour's samples merged and filtered) was the largest
 * part of drawing the trends panel on an idle frame: the next frames reuse it for `verdictRefreshMs`.
 */
export type VerdictMemo = {
	key: string;
	recorded: RecordedProcessHistory | undefined;
	judgedAtMs: number;
	verdict: LeakVerdict;
};

export const verdictRefreshMs = 10_000;

export type TrendsData = {
	nowMs: number;
	samples: MetricSample[];
	verdict: LeakVerdict;
	loop: RestartLoopAssessment;
	/** Exits, newest first. */
	events: RestartEvent[];
	hasTimeline: boolean;
	/** Exits among `events` known only from the recording. */
	recordedExitCount: number;
	/** Samples in the window from the recording (before the UI attached). */
	recordedSampleCount: number;
	/** Hand it back to the next call for the same view (see VerdictMemo). */
	verdictMemo: VerdictMemo;
};

/**
 * Computes the window's samples, the leak verdict, the loop assessment and the exits of `process`. With a
 * recording the samples before attach come from it, and the leak verdict is judged on the recorded leak window
 * (recorder/recorded-window.ts, as `check` does) whatever the chart shows.
 */
export function trendsData(
	state: StoreState,
	process: ProcessSnapshot,
	window: ChartWindow,
	recorded?: RecordedProcessHistory,
	previousVerdict?: VerdictMemo | null,
): TrendsData {
	// The poll time, not the wall clock: views and tests then agree on "now".
	const nowMs = state.snapshot?.takenAtMs ?? Date.now();
	const ring = state.histories.get(process.pmId);
	const windowMs = chartWindowMs[window];
	const recordedSource = tierFor(recorded?.tiers, windowMs)?.samples ?? recorded?.recent ?? [];
	const recordedInWindow = samplesFrom(recordedSource, nowMs - windowMs);
	const live = samplesSince(ring, nowMs - windowMs);
	const samples = mergeSamples(recordedInWindow, live);

	const recordedHour = samplesFrom(tierFor(recorded?.tiers, trendWindowMs['1h'])?.samples ?? recorded?.recent ?? [], nowMs - trendWindowMs['1h']);
	const leakWindow = recordedLeakWindow({[process.pmId]: recordedHour}, nowMs) ?? (isTrendWindow(window) ? window : '1h');
	// What the verdict depends on besides the samples: the run (a restart starts a new one) and the limit.
	const verdictKey = `${process.pmId}:${process.pid}:${process.restartCount}:${process.startedAtMs}:${process.maxMemoryRestartBytes}:${leakWindow}`;
	const reusable =
		previousVerdict &&
		previousVerdict.key === verdictKey &&
		previousVerdict.recorded === recorded &&
		previousVerdict.verdict.kind !== 'not-enough-data' &&
		nowMs >= previousVerdict.judgedAtMs &&
		nowMs - previousVerdict.judgedAtMs < verdictRefreshMs;
	const verdictMemo: VerdictMemo = reusable
		? previousVerdict
		: {
				key: verdictKey,
				recorded,
				judgedAtMs: nowMs,
				verdict: assessLeak(mergeSamples(recordedHour, samplesSince(ring, nowMs - trendWindowMs[leakWindow])), process, {window: leakWindow, nowMs}),
			};
	const verdict = verdictMemo.verdict;

	const timeline = state.timeline;
	const liveEvents = timeline ? timelineFor(timeline, process.pmId) : [];
	const eventsOldestFirst = mergeRestartEvents(recorded?.restarts ?? [], liveEvents);
	const loop = assessRestartLoop(eventsOldestFirst, process, {nowMs, statusSinceMs: timeline ? statusSinceMs(timeline, process.pmId) : null});
	return {
		nowMs,
		samples,
		verdict,
		loop,
		events: [...eventsOldestFirst].reverse(),
		hasTimeline: timeline !== undefined || eventsOldestFirst.length > 0,
		recordedExitCount: eventsOldestFirst.length - liveEvents.length,
		recordedSampleCount: samples.length - live.length,
		verdictMemo,
	};
}

/** The restart-loop badge for a process table row ('' when nothing to flag), e.g. "LOOP 7/5m", "STUCK". */
export function loopBadgeFor(state: StoreState, process: ProcessSnapshot): string {
	const timeline = state.timeline;
	if (!timeline) return '';
	const nowMs = state.snapshot?.takenAtMs ?? Date.now();
	return assessRestartLoop(timelineFor(timeline, process.pmId), process, {nowMs, statusSinceMs: statusSinceMs(timeline, process.pmId)}).badge;
}

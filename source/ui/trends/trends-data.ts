// Derives everything the trends views show for one process from the store state (pure).
import {samplesSince} from '../../model/process-history.js';
import {assessRestartLoop, type RestartLoopAssessment} from '../../model/restart-loop.js';
import {statusSinceMs, timelineFor, type RestartEvent} from '../../model/restart-timeline.js';
import {assessLeak, trendWindowMs, type LeakVerdict, type TrendWindow} from '../../model/trend.js';
import type {MetricSample, ProcessSnapshot} from '../../model/types.js';
import type {StoreState} from '../../services/store/store-types.js';

export type TrendsData = {
	nowMs: number;
	samples: MetricSample[];
	verdict: LeakVerdict;
	loop: RestartLoopAssessment;
	/** Exits, newest first. */
	events: RestartEvent[];
	hasTimeline: boolean;
};

/** Computes the window's samples, the leak verdict, the loop assessment and the exits of `process`. */
export function trendsData(state: StoreState, process: ProcessSnapshot, window: TrendWindow): TrendsData {
	// The poll time, not the wall clock: views and tests then agree on "now".
	const nowMs = state.snapshot?.takenAtMs ?? Date.now();
	const samples = samplesSince(state.histories.get(process.pmId), nowMs - trendWindowMs[window]);
	const verdict = assessLeak(samples, process, {window, nowMs});
	const timeline = state.timeline;
	const eventsOldestFirst = timeline ? timelineFor(timeline, process.pmId) : [];
	const loop = assessRestartLoop(eventsOldestFirst, process, {nowMs, statusSinceMs: timeline ? statusSinceMs(timeline, process.pmId) : null});
	return {nowMs, samples, verdict, loop, events: [...eventsOldestFirst].reverse(), hasTimeline: timeline !== undefined};
}

/** The restart-loop badge for a process table row ('' when nothing to flag), e.g. "LOOP 7/5m", "STUCK". */
export function loopBadgeFor(state: StoreState, process: ProcessSnapshot): string {
	const timeline = state.timeline;
	if (!timeline) return '';
	const nowMs = state.snapshot?.takenAtMs ?? Date.now();
	return assessRestartLoop(timelineFor(timeline, process.pmId), process, {nowMs, statusSinceMs: statusSinceMs(timeline, process.pmId)}).badge;
}

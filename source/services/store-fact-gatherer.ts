// Gathers DoctorFacts for the diagnosis scheduler from the live store's state plus the host edge.
import {collectDoctorFacts, hostFactReaders} from '../doctor/collect-facts.js';
import {heapGrowthOptions} from '../doctor/checks/memory-growth.js';
import type {LogSizeSample} from '../doctor/check-types.js';
import {createErrorLogTailReader} from '../host/log-tails.js';
import {windowEndingWith} from '../model/poll-window.js';
import {samplesSince} from '../model/process-history.js';
import {mergeSamples, samplesFrom, type RecordedSeriesOwner} from '../model/recorded-history.js';
import {trendWindowMs} from '../model/trend.js';
import type {MetricSample} from '../model/types.js';
import type {FactGatherer} from './diagnosis-scheduler.js';

/**
 * A gatherer that remembers the run's log-size sample, so log growth is measured between runs. With
 * `recordedSamples` (the UI over a recording), a process's window starts from the samples recorded before the
 * UI attached, so a leak is called at once instead of after the window's worth of polls.
 */
export function createStoreFactGatherer(options: {recordedSamples?: (process: RecordedSeriesOwner) => readonly MetricSample[] | undefined} = {}): FactGatherer {
	let previousLogSample: LogSizeSample | null = null;
	// Runs every 30 s for as long as the UI is open: error logs are read again only when they changed.
	const readers = {...hostFactReaders, errorLogTails: createErrorLogTailReader()};
	return async ({home, state, nowMs}) => {
		// Only the samples the heap-growth check's window can use: copying whole rings (up to an hour each)
		// on every run made megabytes of short-lived objects that lived long enough to reach old space.
		const fromMs = nowMs - trendWindowMs[heapGrowthOptions.window];
		const histories: Record<number, MetricSample[]> = {};
		const processes = state.snapshot?.processes ?? [];
		for (const [pmId, ring] of state.histories) histories[pmId] = samplesSince(ring, fromMs);
		if (options.recordedSamples) {
			for (const process of processes) {
				const recorded = options.recordedSamples(process);
				if (recorded && recorded.length > 0) histories[process.pmId] = mergeSamples(samplesFrom(recorded, fromMs), histories[process.pmId] ?? []);
			}
		}
		const polls = windowEndingWith(state.polls, state.snapshot);
		const facts = await collectDoctorFacts({pm2Home: home, processes, polls, previousLogSample, nowMs}, readers);
		facts.histories = histories;
		// The sample the host facts just took: a second pass over the files would measure the same sizes.
		previousLogSample = facts.host.logSample;
		return facts;
	};
}

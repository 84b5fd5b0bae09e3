// What the recorder's checks read. The host facts (listening sockets, the PM2 daemons on the host, boot units,
// disks, logrotate, the dump) are read by walking /proc and the file system, which on a busy host cost about a
// second of CPU per run, most of the recorder's budget; they change rarely. So the full gathering (the UI's)
// runs every `fullEveryMs`, and the runs between reuse its host facts with the store's current polls, samples
// and pm2.log lines, which are what restart loops and leaks are called from.
import type {DoctorFacts} from '../doctor/check-types.js';
import {heapGrowthOptions} from '../doctor/checks/memory-growth.js';
import {windowEndingWith} from '../model/poll-window.js';
import {samplesSince} from '../model/process-history.js';
import {trendWindowMs} from '../model/trend.js';
import type {MetricSample} from '../model/types.js';
import type {FactGatherer} from '../services/diagnosis-scheduler.js';
import {createStoreFactGatherer} from '../services/store-fact-gatherer.js';

export function createRecorderFactGatherer(options: {fullEveryMs: number; full?: FactGatherer}): FactGatherer {
	const full = options.full ?? createStoreFactGatherer();
	let lastFull: {atMs: number; facts: DoctorFacts} | null = null;
	return async input => {
		if (!lastFull || input.nowMs - lastFull.atMs >= options.fullEveryMs) {
			const facts = await full(input);
			lastFull = {atMs: input.nowMs, facts};
			return facts;
		}
		const {state, nowMs} = input;
		const fromMs = nowMs - trendWindowMs[heapGrowthOptions.window];
		const histories: Record<number, MetricSample[]> = {};
		for (const [pmId, ring] of state.histories) histories[pmId] = samplesSince(ring, fromMs);
		return {
			...lastFull.facts,
			nowMs,
			processes: state.snapshot?.processes ?? [],
			polls: windowEndingWith(state.polls, state.snapshot),
			histories,
			daemonLogLines: state.daemonLog.toArray().map(line => line.text),
		};
	};
}

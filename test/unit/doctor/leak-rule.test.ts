// One leak rule on screen and in `check`: the same clear-leak series (2.5 MB/s, one sample a second, the
// process started long before attach) is fed to what the TUI shows (the trends verdict, from the store's
// histories) and to what `check` judges (the heap-growth check on its sampled polls); both call it leaking
// within 20 s of samples, and both still wait on a slow leak that a few seconds cannot tell from a GC tooth.
import {describe, expect, it} from 'vitest';
import {heapGrowthCheck} from '../../../source/doctor/checks/memory-growth.js';
import type {DaemonSnapshot, MetricSample, ProcessSnapshot} from '../../../source/model/types.js';
import {keepPoll, type PolledSnapshot} from '../../../source/model/poll-window.js';
import {recordSnapshotSamples} from '../../../source/model/process-history.js';
import type {ReadonlyRing, StoreState} from '../../../source/services/store/store-types.js';
import {createRingBuffer} from '../../../source/model/ring-buffer.js';
import {createStoreFactGatherer} from '../../../source/services/store-fact-gatherer.js';
import {trendsData} from '../../../source/ui/trends/trends-data.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {buildFacts, nowMs as attachAtMs} from './facts-builder.js';

const mib = 1024 * 1024;

function pollsOf(bytesPerSecond: number, seconds: number): DaemonSnapshot[] {
	const base = makeProcess({pmId: 0, name: 'leaky', startedAtMs: attachAtMs - 600_000, maxMemoryRestartBytes: 2048 * mib});
	return Array.from({length: seconds + 1}, (_, second) => {
		// A little GC noise on top of the leak, as real heap figures have.
		const heapUsedBytes = 40 * mib + bytesPerSecond * second + (second % 3) * 0.2 * mib;
		const process: ProcessSnapshot = {...base, heapUsedBytes, rssBytes: 60 * mib + heapUsedBytes};
		return {takenAtMs: attachAtMs + second * 1000, processes: [process]};
	});
}

/** The store's state after these polls, fed poll by poll. */
function storeStateAfter(polls: DaemonSnapshot[]): StoreState {
	const histories = new Map<number, ReadonlyRing<MetricSample>>();
	let window: readonly PolledSnapshot[] = [];
	for (const poll of polls) {
		recordSnapshotSamples(histories, poll);
		window = keepPoll(window, poll);
	}
	const latest = polls.at(-1)!;
	return {
		revision: polls.length,
		connection: {kind: 'attached', home: '/home/app/.pm2', daemonPid: 4242, sinceMs: attachAtMs},
		snapshot: latest,
		histories,
		polls: window,
		daemonLog: createRingBuffer(10),
		lastPollDurationMs: 3,
		pollIntervalMs: 1000,
	};
}

/** What the trends panel and timeline show after these polls. */
function screenVerdict(polls: DaemonSnapshot[]) {
	return trendsData(storeStateAfter(polls), polls.at(-1)!.processes[0]!, '5m').verdict;
}

/** What the row badges and the doctor view show: the diagnosis scheduler's facts, from the store's state. */
async function doctorViewFinding(polls: DaemonSnapshot[]) {
	const nowMs = polls.at(-1)!.takenAtMs;
	const facts = await createStoreFactGatherer()({home: '/nonexistent/pm2-doctor-test-home', state: storeStateAfter(polls), nowMs});
	return heapGrowthCheck.run(facts)[0] ?? null;
}

/** What `check` reports after sampling these polls. */
function checkFinding(polls: DaemonSnapshot[]) {
	const latest = polls.at(-1)!;
	const facts = buildFacts(latest.processes, {series: polls});
	facts.nowMs = latest.takenAtMs;
	return heapGrowthCheck.run(facts)[0] ?? null;
}

/** The first number of seconds of samples after which `called` holds. */
function firstCalledAfter(bytesPerSecond: number, maxSeconds: number, called: (polls: DaemonSnapshot[]) => boolean): number | null {
	const all = pollsOf(bytesPerSecond, maxSeconds);
	for (let seconds = 1; seconds <= maxSeconds; seconds++) if (called(all.slice(0, seconds + 1))) return seconds;
	return null;
}

describe('one leak rule for the screen and check', () => {
	it('calls a clear 2.5 MB/s leak within 20 s of samples on screen and in check alike', async () => {
		const onScreen = firstCalledAfter(2.5 * mib, 40, polls => screenVerdict(polls).kind === 'leaking');
		const inCheck = firstCalledAfter(2.5 * mib, 40, polls => checkFinding(polls) !== null);
		expect(onScreen).not.toBeNull();
		expect(onScreen!).toBeLessThanOrEqual(20);
		expect(inCheck).toBe(onScreen);
		const polls = pollsOf(2.5 * mib, 20);
		expect(screenVerdict(polls).sentence).toMatch(/^heap \+150\.\d MB\/min \(fit 0\.9\d|1\.00\)/);
		expect(checkFinding(polls)!.evidence[0]).toBe(screenVerdict(polls).sentence);
		// The row badges and the doctor view: nothing at one second less, the same finding at that second.
		expect(await doctorViewFinding(pollsOf(2.5 * mib, onScreen! - 1))).toBeNull();
		expect((await doctorViewFinding(pollsOf(2.5 * mib, onScreen!)))?.evidence[0]).toBe(checkFinding(pollsOf(2.5 * mib, onScreen!))!.evidence[0]);
	});

	it('waits longer on a slow leak, on screen and in check alike', () => {
		// 2 MB/min: a few seconds of it look like one rising GC tooth; the ordinary rule needs 45 s.
		const bytesPerSecond = (2 * mib) / 60;
		const onScreen = firstCalledAfter(bytesPerSecond, 90, polls => screenVerdict(polls).kind === 'leaking');
		const inCheck = firstCalledAfter(bytesPerSecond, 90, polls => checkFinding(polls) !== null);
		expect(onScreen).toBeGreaterThanOrEqual(45);
		expect(inCheck).toBe(onScreen);
		expect(screenVerdict(pollsOf(bytesPerSecond, 20)).sentence).toBe('heap: not enough data yet (20 s of samples in this run, need 45 s)');
	});
});

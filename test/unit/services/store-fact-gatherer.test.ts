// The diagnosis over a recording: the health column's heap-growth check sees the minutes recorded before the UI
// attached, so a slow leak is called at once; without them it has the UI's few seconds and waits.
import {describe, expect, it} from 'vitest';
import {heapGrowthCheck} from '../../../source/doctor/checks/memory-growth.js';
import {createMetricHistory} from '../../../source/model/process-history.js';
import {createRingBuffer} from '../../../source/model/ring-buffer.js';
import type {MetricSample, ProcessSnapshot} from '../../../source/model/types.js';
import {createStoreFactGatherer} from '../../../source/services/store-fact-gatherer.js';
import type {StoreState} from '../../../source/services/store/store-types.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {MB, series, t0} from '../model/synthetic-series.js';

const attachAtMs = t0 + 5 * 60_000;
const nowMs = attachAtMs + 5000;
const process: ProcessSnapshot = makeProcess({pmId: 0, name: 'slow-leak', startedAtMs: t0 - 60_000, maxMemoryRestartBytes: null});
const heapAt = (elapsedMs: number) => 50 * MB + (elapsedMs / 60_000) * 2 * MB + (Math.floor(elapsedMs / 5000) % 2) * 0.1 * MB;
const recorded: MetricSample[] = series(5 * 60_000 - 5000, heapAt, {stepMs: 5000, startedAtMs: t0 - 60_000});

function state(): StoreState {
	const ring = createMetricHistory('slow-leak', 3600);
	for (const sample of series(5000, elapsed => heapAt(attachAtMs - t0 + elapsed), {from: attachAtMs, startedAtMs: t0 - 60_000})) ring.push(sample);
	return {
		revision: 1,
		connection: {kind: 'attached', home: '/nonexistent/pm2-doctor-test-home', daemonPid: 1, sinceMs: attachAtMs},
		snapshot: {takenAtMs: nowMs, processes: [process]},
		histories: new Map([[0, ring]]),
		polls: [],
		daemonLog: createRingBuffer(10),
		lastPollDurationMs: 1,
		pollIntervalMs: 1000,
	};
}

describe('the store fact gatherer over a recording', () => {
	it('calls the slow leak at once from the recorded minutes', async () => {
		const gather = createStoreFactGatherer({recordedSamples: process => (process.name === 'slow-leak' ? recorded : undefined)});
		const facts = await gather({home: '/nonexistent/pm2-doctor-test-home', state: state(), nowMs});
		expect(facts.histories![0]![0]!.atMs).toBe(nowMs - 300_000);
		const finding = heapGrowthCheck.run(facts)[0];
		expect(finding?.title).toMatch(/slow-leak/);
		expect(finding?.title).toMatch(/\(2(\.\d)? MB\/min\)/);
	});

	it('without a recording judges on its own seconds and waits', async () => {
		const facts = await createStoreFactGatherer()({home: '/nonexistent/pm2-doctor-test-home', state: state(), nowMs});
		expect(facts.histories![0]).toHaveLength(6);
		expect(heapGrowthCheck.run(facts)).toEqual([]);
	});
});

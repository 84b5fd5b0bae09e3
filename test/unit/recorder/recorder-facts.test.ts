// The recorder's fact gatherer: the full (host-reading) gathering at most every fullEveryMs; the runs between take
// the store's current processes, polls and pm2.log lines with the last full run's host facts.
import {describe, expect, it} from 'vitest';
import type {DoctorFacts} from '../../../source/doctor/check-types.js';
import {emptyHostFacts} from '../../../source/doctor/check-types.js';
import {createRingBuffer} from '../../../source/model/ring-buffer.js';
import type {DaemonLogLine} from '../../../source/model/types.js';
import {createRecorderFactGatherer} from '../../../source/recorder/recorder-facts.js';
import type {StoreState} from '../../../source/services/store/store-types.js';
import {makeProcess} from '../../helpers/process-fixture.js';

function stateWith(name: string, logLine: string): StoreState {
	const daemonLog = createRingBuffer<DaemonLogLine>(10);
	daemonLog.push({receivedAtMs: 0, text: logLine});
	const snapshot = {takenAtMs: 0, processes: [makeProcess({name})]};
	return {
		revision: 1,
		connection: {kind: 'connecting', home: '/h'},
		snapshot,
		histories: new Map(),
		polls: [],
		daemonLog,
		lastPollDurationMs: null,
		pollIntervalMs: 5000,
	};
}

describe('createRecorderFactGatherer', () => {
	it('reads the host in full every fullEveryMs and reuses it in between with the current store state', async () => {
		const fullRuns: number[] = [];
		const full = async ({nowMs, state}: {nowMs: number; state: StoreState}): Promise<DoctorFacts> => {
			fullRuns.push(nowMs);
			return {
				nowMs,
				pm2Home: '/h',
				processes: [...(state.snapshot?.processes ?? [])],
				polls: [],
				daemonLogLines: ['full'],
				errorLogTails: {},
				host: emptyHostFacts(`/h${nowMs}`),
			};
		};
		const gather = createRecorderFactGatherer({fullEveryMs: 300_000, full});
		await gather({home: '/h', state: stateWith('a', 'one'), nowMs: 0});
		const between = await gather({home: '/h', state: stateWith('b', 'two'), nowMs: 30_000});
		expect(fullRuns).toEqual([0]);
		expect(between.host.dump.path).toBe('/h0/dump.pm2');
		expect(between.processes.map(p => p.name)).toEqual(['b']);
		expect(between.daemonLogLines).toEqual(['two']);
		expect(between.nowMs).toBe(30_000);
		await gather({home: '/h', state: stateWith('c', 'three'), nowMs: 300_000});
		expect(fullRuns).toEqual([0, 300_000]);
	});
});

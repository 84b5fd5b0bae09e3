// Process snapshots for the trends tests: the shared builder with fixed times and the restart settings
// (min_uptime, max_restarts, restart_delay) unreported, so restart-loop and timeline results depend
// only on what each test passes.
import type {DaemonSnapshot, ProcessSnapshot} from '../../../source/model/types.js';
import {makeProcess} from '../../helpers/process-fixture.js';

export function processSnapshot(extra: Partial<ProcessSnapshot> = {}): ProcessSnapshot {
	return makeProcess({
		name: 'api',
		pid: 4000,
		startedAtMs: 1_000,
		createdAtMs: 1_000,
		minUptimeMs: null,
		maxRestarts: null,
		restartDelayMs: null,
		...extra,
	});
}

export const snapshotOf = (takenAtMs: number, ...processes: ProcessSnapshot[]): DaemonSnapshot => ({takenAtMs, processes});

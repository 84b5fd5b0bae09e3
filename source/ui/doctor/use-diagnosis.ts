// Runs the doctor's checks now and then on what the store knows; shared by the doctor screen and,
// when the app wires it, by the process table's severity badges.
import {useCallback, useEffect, useRef, useState} from 'react';
import type {Finding, Severity} from '../../doctor/check-types.js';
import type {DaemonSnapshot} from '../../model/types.js';
import type {StoreState} from '../../store/store-types.js';
import type {Diagnosis} from './doctor-model.js';

/** Runs every check on what the store knows plus the host facts; returns the findings. */
export type Diagnose = (input: {home: string; state: StoreState; snapshots: DaemonSnapshot[]}) => Promise<Finding[]>;

/** Polls kept for the restart-rate check: 5 minutes, one poll every 5 s. */
const keptSnapshotSpacingMs = 5000;
const maxKeptSnapshots = 60;
const noEnv: Record<string, string> = {};

/**
 * What the checks need of a past poll, without each process's env (it is most of the bytes: the whole
 * shell environment of whoever started the app). Keeping full polls grew RSS by ~28 MB/min in the soak.
 */
function compactSnapshot(snapshot: DaemonSnapshot): DaemonSnapshot {
	return {takenAtMs: snapshot.takenAtMs, processes: snapshot.processes.map(process => ({...process, env: noEnv}))};
}

/**
 * Re-runs `diagnose` every `intervalMs` (and on `recheck()`), never two at a time, keeping the
 * recent polls of the store for the checks that need a sampling window. While `paused`, the polls are still
 * kept but the checks do not run on their own; they run again at once when it is lifted.
 */
export function useDiagnosis(options: {home: string; state: StoreState; diagnose: Diagnose; intervalMs: number; paused?: boolean}): {
	diagnosis: Diagnosis;
	recheck: () => void;
} {
	const {home, state, diagnose, intervalMs, paused = false} = options;
	const snapshotsRef = useRef<DaemonSnapshot[]>([]);
	const snapshot = state.snapshot;
	const lastKeptAtMs = snapshotsRef.current.at(-1)?.takenAtMs;
	if (snapshot && (lastKeptAtMs === undefined || snapshot.takenAtMs - lastKeptAtMs >= keptSnapshotSpacingMs)) {
		snapshotsRef.current = [...snapshotsRef.current, compactSnapshot(snapshot)].slice(-maxKeptSnapshots);
	}
	const [diagnosis, setDiagnosis] = useState<Diagnosis>({status: 'running', findings: null, checkedAtMs: null});
	const runningRef = useRef(false);
	const stateRef = useRef(state);
	stateRef.current = state;
	const mountedRef = useRef(true);
	useEffect(() => {
		mountedRef.current = true;
		return () => {
			mountedRef.current = false;
		};
	}, []);

	const recheck = useCallback(() => {
		if (runningRef.current) return;
		runningRef.current = true;
		setDiagnosis(d => ({status: 'running', findings: d.findings, checkedAtMs: d.checkedAtMs}));
		diagnose({home, state: stateRef.current, snapshots: snapshotsRef.current})
			.then(findings => {
				if (mountedRef.current) setDiagnosis({status: 'done', findings, checkedAtMs: Date.now()});
			})
			.catch((error: unknown) => {
				if (mountedRef.current)
					setDiagnosis(d => ({status: 'failed', error: String((error as Error)?.message ?? error), findings: d.findings, checkedAtMs: d.checkedAtMs}));
			})
			.finally(() => {
				runningRef.current = false;
			});
	}, [diagnose, home]);

	useEffect(() => {
		if (paused) return;
		recheck();
		const timer = setInterval(recheck, intervalMs);
		return () => clearInterval(timer);
	}, [recheck, intervalMs, paused]);

	return {diagnosis, recheck};
}

const rank: Record<Severity, number> = {error: 0, warning: 1, info: 2};

/** The worst severity per pm_id, for a badge on each process row. */
export function worstSeverityByPmId(findings: readonly Finding[]): Map<number, Severity> {
	const worst = new Map<number, Severity>();
	for (const finding of findings) {
		if (finding.pmId === null) continue;
		const current = worst.get(finding.pmId);
		if (!current || rank[finding.severity] < rank[current]) worst.set(finding.pmId, finding.severity);
	}
	return worst;
}

// Runs the doctor's checks now and then on what the store knows; shared by the doctor screen and,
// when the app wires it, by the process table's severity badges.
import {useCallback, useEffect, useRef, useState} from 'react';
import type {Finding, Severity} from '../../doctor/check-types.js';
import type {StoreState} from '../../store/store-types.js';
import type {Diagnosis} from './doctor-model.js';

/** Runs every check on what the store knows (its latest poll and its window of past polls) plus the host facts. */
export type Diagnose = (input: {home: string; state: StoreState}) => Promise<Finding[]>;

/**
 * Re-runs `diagnose` every `intervalMs` (and on `recheck()`), never two at a time, on the store's latest
 * state. While `paused` the checks do not run on their own; they run again at once when it is lifted.
 */
export function useDiagnosis(options: {home: string; state: StoreState; diagnose: Diagnose; intervalMs: number; paused?: boolean}): {
	diagnosis: Diagnosis;
	recheck: () => void;
} {
	const {home, state, diagnose, intervalMs, paused = false} = options;
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
		diagnose({home, state: stateRef.current})
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

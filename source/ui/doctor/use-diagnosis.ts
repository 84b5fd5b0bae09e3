// The UI's view of the one diagnosis schedule (source/services/diagnosis-scheduler.ts): the process table's
// severity badges and the doctor screen read the same result and send it commands.
import {createContext, useCallback, useContext, useEffect, useRef, useSyncExternalStore} from 'react';
import type {Finding, Severity} from '../../doctor/check-types.js';
import type {Diagnosis, DiagnosisAudience, DiagnosisScheduler} from '../../services/diagnosis-scheduler.js';

/** The scheduler the App was started with; the doctor screen finds it here. */
export const DiagnosisContext = createContext<DiagnosisScheduler | null>(null);

/** The scheduler from the context (the App always provides one). */
export function useDiagnosisScheduler(): DiagnosisScheduler {
	const scheduler = useContext(DiagnosisContext);
	if (!scheduler) throw new Error('no diagnosis scheduler: render inside <DiagnosisContext.Provider>');
	return scheduler;
}

/** The latest diagnosis, and `recheck` to run the checks again now (right after the current run if one is going). */
export function useDiagnosis(scheduler: DiagnosisScheduler): {diagnosis: Diagnosis; recheck: () => void} {
	const diagnosis = useSyncExternalStore(scheduler.subscribe, scheduler.getSnapshot, scheduler.getSnapshot);
	const recheck = useCallback(() => scheduler.send({type: 're-run'}), [scheduler]);
	return {diagnosis, recheck};
}

/** Tells the scheduler what is on screen: it runs fast for the doctor view, slowly for the table's badges, not for other views. */
export function useDiagnosisAudience(scheduler: DiagnosisScheduler, audience: DiagnosisAudience): void {
	useEffect(() => scheduler.send({type: 'audience', audience}), [scheduler, audience]);
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

/**
 * The row badges' view of the schedule: the worst severity per pm_id, the same Map for as long as it holds the
 * same severities. The scheduler notifies when a run starts and when it ends; the table re-renders only when
 * a badge changes, not on every notification.
 */
export function useWorstSeverityByPmId(scheduler: DiagnosisScheduler): ReadonlyMap<number, Severity> {
	const shown = useRef<{findings: readonly Finding[] | null; worst: Map<number, Severity>} | null>(null);
	const getSnapshot = useCallback(() => {
		const findings = scheduler.getSnapshot().findings;
		const previous = shown.current;
		if (previous && previous.findings === findings) return previous.worst;
		const worst = worstSeverityByPmId(findings ?? []);
		shown.current = {findings, worst: previous && sameSeverities(previous.worst, worst) ? previous.worst : worst};
		return shown.current.worst;
	}, [scheduler]);
	return useSyncExternalStore(scheduler.subscribe, getSnapshot, getSnapshot);
}

function sameSeverities(a: ReadonlyMap<number, Severity>, b: ReadonlyMap<number, Severity>): boolean {
	if (a.size !== b.size) return false;
	for (const [pmId, severity] of a) if (b.get(pmId) !== severity) return false;
	return true;
}

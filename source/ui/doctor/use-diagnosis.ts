// The UI's view of the one diagnosis schedule (source/services/diagnosis-scheduler.ts): the process table's
// health column and the doctor screen read the same result and send it commands.
import {createContext, useCallback, useContext, useEffect, useRef, useSyncExternalStore} from 'react';
import type {Finding} from '../../doctor/check-types.js';
import {findingLabel} from '../health-labels.js';
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

/**
 * The findings as the process table shows them: the same array for as long as every row's health label stays the
 * same. The scheduler notifies when a run starts and when it ends; the table re-renders only when a label changes.
 */
export function useTableFindings(scheduler: DiagnosisScheduler): readonly Finding[] | null {
	const shown = useRef<{seen: readonly Finding[] | null; findings: readonly Finding[] | null; labels: string} | null>(null);
	const getSnapshot = useCallback(() => {
		const findings = scheduler.getSnapshot().findings;
		const previous = shown.current;
		if (previous && previous.seen === findings) return previous.findings;
		const labels = tableLabelsOf(findings);
		shown.current = {seen: findings, findings: previous && previous.labels === labels ? previous.findings : findings, labels};
		return shown.current.findings;
	}, [scheduler]);
	return useSyncExternalStore(scheduler.subscribe, getSnapshot, getSnapshot);
}

function tableLabelsOf(findings: readonly Finding[] | null): string {
	if (!findings) return '';
	return findings.map(finding => `${finding.pmId ?? ''}\u0000${finding.severity}\u0000${findingLabel(finding, '')}`).join('\n');
}

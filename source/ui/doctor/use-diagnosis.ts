// The UI's view of the one diagnosis schedule (source/services/diagnosis-scheduler.ts): the process table's
// health column and the doctor screen read the same result and send it commands.
import {createContext, useCallback, useContext, useEffect, useSyncExternalStore} from 'react';
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

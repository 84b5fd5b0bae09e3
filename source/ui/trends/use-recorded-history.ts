// The recorded history (services/recorded-history.ts) as React state: the App provides the service once; the
// trends views, the trend column and the header read its snapshot.
import {createContext, useCallback, useContext, useEffect, useRef, useSyncExternalStore} from 'react';
import {recordedSeriesKey, type RecordedSeriesOwner} from '../../model/recorded-history.js';
import type {RecordedHistoryService, RecordedHistorySnapshot, RecordedProcessHistory} from '../../services/recorded-history.js';

export const RecordedHistoryContext = createContext<RecordedHistoryService | null>(null);

const noSnapshot = () => null;

/** The recorded history's snapshot; null without a service (a view mounted on its own). */
export function useRecordedHistory(): RecordedHistorySnapshot | null {
	const service = useContext(RecordedHistoryContext);
	const subscribe = useCallback((listener: () => void) => service?.subscribe(listener) ?? (() => {}), [service]);
	return useSyncExternalStore(subscribe, service ? service.getSnapshot : noSnapshot, service ? service.getSnapshot : noSnapshot);
}

/** The recorded history of `process` (its instance's series in a cluster), its chart tiers asked for (read soon, once). */
export function useRecordedChart(process: RecordedSeriesOwner | null): RecordedProcessHistory | undefined {
	const service = useContext(RecordedHistoryContext);
	const snapshot = useRecordedHistory();
	const status = snapshot?.status;
	const key = process === null ? null : recordedSeriesKey(process);
	const processRef = useRef(process);
	processRef.current = process;
	useEffect(() => {
		if (service && processRef.current !== null && status === 'loaded') service.requestChart(processRef.current);
	}, [service, key, status]);
	return key === null ? undefined : snapshot?.bySeries.get(key);
}

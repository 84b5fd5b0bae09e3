// The recorded history (services/recorded-history.ts) as React state: the App provides the service once; the
// trends views, the trend column and the header read its snapshot.
import {createContext, useCallback, useContext, useEffect, useSyncExternalStore} from 'react';
import type {RecordedHistoryService, RecordedHistorySnapshot, RecordedProcessHistory} from '../../services/recorded-history.js';

export const RecordedHistoryContext = createContext<RecordedHistoryService | null>(null);

const noSnapshot = () => null;

/** The recorded history's snapshot; null without a service (a view mounted on its own). */
export function useRecordedHistory(): RecordedHistorySnapshot | null {
	const service = useContext(RecordedHistoryContext);
	const subscribe = useCallback((listener: () => void) => service?.subscribe(listener) ?? (() => {}), [service]);
	return useSyncExternalStore(subscribe, service ? service.getSnapshot : noSnapshot, service ? service.getSnapshot : noSnapshot);
}

/** The recorded history of the process named `name`, its chart tiers asked for (read soon, once). */
export function useRecordedChart(name: string | null): RecordedProcessHistory | undefined {
	const service = useContext(RecordedHistoryContext);
	const snapshot = useRecordedHistory();
	const status = snapshot?.status;
	useEffect(() => {
		if (service && name !== null && status === 'loaded') service.requestChart(name);
	}, [service, name, status]);
	return name === null ? undefined : snapshot?.byName.get(name);
}

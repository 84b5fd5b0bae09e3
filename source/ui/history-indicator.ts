// The header's word on recorded history: whether the recorder is writing it, and how to start it when not.
import {recordingStatus} from '../model/recorded-history.js';
import type {ProcessSnapshot} from '../model/types.js';
import type {RecordedHistorySnapshot} from '../services/recorded-history.js';

export type HistoryIndicator = {text: string; compactText: string};

const recording: HistoryIndicator = {text: 'history recorded', compactText: 'rec'};
const off: HistoryIndicator = {text: 'no history: pm2-doctor record --install', compactText: 'rec off'};

/**
 * "history recorded" while the recorder runs under PM2 (`record --install`) or its database was written
 * within a few intervals (a foreground `record`); undefined until the history was first read.
 */
export function historyIndicator(
	history: RecordedHistorySnapshot | null,
	processes: readonly ProcessSnapshot[],
	recorderAppName: string,
	nowMs: number,
): HistoryIndicator | undefined {
	const recorderOnline = processes.some(process => process.name === recorderAppName && process.status === 'online');
	if (!recorderOnline && (!history || history.status === 'idle')) return undefined;
	const status = recordingStatus({recorderOnline, lastWriteMs: history?.lastWriteMs ?? null, intervalMs: history?.intervalMs ?? null, nowMs});
	return status === 'recording' ? recording : off;
}

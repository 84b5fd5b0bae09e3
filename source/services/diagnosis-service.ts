// The diagnosis service of the interactive UI: the scheduler wired to the real fact gatherer and clock.
// Created once at start-up; the views subscribe to it and send it commands.
import type {RecordedSeriesOwner} from '../model/recorded-history.js';
import type {MetricSample} from '../model/types.js';
import type {LiveStore} from './store/store-types.js';
import {createDiagnosisScheduler, systemClock, type DiagnosisScheduler} from './diagnosis-scheduler.js';
import {createStoreFactGatherer} from './store-fact-gatherer.js';

export function createDiagnosisService(
	store: Pick<LiveStore, 'home' | 'getState' | 'subscribe'>,
	options: {recordedSamples?: (process: RecordedSeriesOwner) => readonly MetricSample[] | undefined} = {},
): DiagnosisScheduler {
	return createDiagnosisScheduler({store, gatherFacts: createStoreFactGatherer(options), clock: systemClock});
}

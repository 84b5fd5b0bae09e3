// The contexts through which views reach the services created once at start-up (log sessions, the one diagnosis
// schedule, the recorded history), provided together by the App.
import React from 'react';
import type {UiServices} from '../services/ui-services.js';
import {DiagnosisContext} from './doctor/use-diagnosis.js';
import {LogSessionsContext} from './logs/use-log-session.js';
import {RecordedHistoryContext} from './trends/use-recorded-history.js';

export function ServiceContexts({services, children}: {services: Pick<UiServices, 'logSessions' | 'diagnosis' | 'history'>; children: React.ReactNode}) {
	return (
		<LogSessionsContext.Provider value={services.logSessions}>
			<DiagnosisContext.Provider value={services.diagnosis}>
				<RecordedHistoryContext.Provider value={services.history}>{children}</RecordedHistoryContext.Provider>
			</DiagnosisContext.Provider>
		</LogSessionsContext.Provider>
	);
}

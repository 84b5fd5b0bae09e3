// The report key and `:report`: asks the report service (the UI does no I/O) to write the incident report for
// a process and shows where it went. The key is handled here (a main-screen command nothing else takes).
import {useCallback, type RefObject} from 'react';
import {useCommand} from './input-router.js';
import type {ProcessSnapshot} from '../model/types.js';
import {toSafeText} from '../logs/sanitize-line.js';
import type {ReportService} from '../services/report-service.js';
import type {FlashKind} from './view-props.js';

/** Returns the function that writes the report for `name`, or for the selected process when `name` is null. */
export function useReportWriter(
	report: ReportService,
	flash: (message: string, kind?: FlashKind) => void,
	selectedRow: RefObject<{instances: readonly ProcessSnapshot[]} | undefined>,
) {
	const writeReport = useCallback(
		(name: string | null) => {
			const subject = name ?? selectedRow.current?.instances[0]?.name ?? null;
			if (!subject) return flash('No process selected: select one, or type :report NAME.', 'error');
			flash(`Writing the incident report for ${toSafeText(subject)} (last 2 h)…`);
			void report.write(subject).then(result => (result.ok ? flash(`Report written: ${toSafeText(result.path)}`) : flash(result.message, 'error')));
		},
		[report, flash, selectedRow],
	);
	useCommand('main', command => (command === 'report.write' ? (writeReport(null), true) : false));
	return writeReport;
}

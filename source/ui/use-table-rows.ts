// The process table's rows for the App: each process's health (named from the one diagnosis schedule's
// findings and the restart timeline), then filter, grouping and sort (table-rows.ts), recomputed per poll.
import {useMemo} from 'react';
import type {Finding} from '../doctor/check-types.js';
import type {ProcessSnapshot} from '../model/types.js';
import {memorySparkline} from '../model/sparkline.js';
import {recordedSeriesKey, withRecordedPrefix} from '../model/recorded-history.js';
import type {RecordedHistorySnapshot} from '../services/recorded-history.js';
import type {StoreState} from '../services/store/store-types.js';
import {healthByPmId, loopBadgesOf} from './health-labels.js';
import {computeTableLayout, contentWidthsOf, largestPmIdOf, trendColumnWidth, type RowExtras, type TableLayout} from './table-columns.js';
import {
	buildRowModel,
	healthCounts,
	healthy,
	rowDisplayName,
	type Health,
	type HealthLevel,
	type RowModel,
	type TableRow,
	type TableView,
} from './table-rows.js';
import {glyphs} from './theme.js';

export type TableRows = {
	model: RowModel;
	/** What the table draws, one per row: an app row's totals under "▸ name ×N", an instance indented. */
	displays: ProcessSnapshot[];
	counts: Record<HealthLevel, number>;
	rowOf(key: number): TableRow | undefined;
	extrasOf(display: ProcessSnapshot): RowExtras;
};

export function useTableRows(
	state: StoreState,
	processes: readonly ProcessSnapshot[],
	table: TableView,
	findings: readonly Finding[] | null,
	recorded: RecordedHistorySnapshot | null = null,
): TableRows {
	const health = useMemo(() => {
		return healthByPmId(findings ?? [], loopBadgesOf(state, processes));
		// The loop badges come from the timeline, which changes with the polls (a new process list).
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [processes, findings]);
	const takenAtMs = state.snapshot?.takenAtMs ?? 0;
	return useMemo(() => {
		const healthOf = (pmId: number): Health => health.get(pmId) ?? healthy;
		const model = buildRowModel(processes, table, healthOf, takenAtMs);
		const byKey = new Map(model.rows.map(row => [row.key, row]));
		const displays = model.rows.map(row => ({...row.display, name: rowDisplayName(row, glyphs.ascii)}));
		return {
			model,
			displays,
			counts: healthCounts(processes, healthOf),
			rowOf: key => byKey.get(key),
			extrasOf(display) {
				const row = byKey.get(display.pmId);
				return {
					flag: row?.health.label ?? '',
					level: row?.health.level ?? 'ok',
					// Before the live ring fills, the column starts from the recorded minutes (the instance's own in a cluster).
					trend:
						row && row.kind !== 'app'
							? memorySparkline(
									withRecordedPrefix(state.histories.get(display.pmId), recorded?.bySeries.get(recordedSeriesKey(row.display))?.recent, state.pollIntervalMs),
									trendColumnWidth,
									{ascii: glyphs.ascii},
								)
							: '',
				};
			},
		};
		// state.histories is mutated in place; a new process list comes with every poll.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [processes, table, health, takenAtMs, recorded]);
}

/** The table's columns for `columns` terminal columns, recomputed only when a width they depend on changes. */
export function useTableLayout(columns: number, processes: readonly ProcessSnapshot[], tableRows: TableRows): TableLayout {
	const eventLoop = processes.some(process => process.eventLoopP95Ms !== null);
	const largestPmId = useMemo(() => largestPmIdOf(processes), [processes]);
	const content = useMemo(
		() =>
			contentWidthsOf(
				tableRows.displays,
				tableRows.model.rows.map(row => row.health.label),
			),
		[tableRows],
	);
	const {name, health, namespace} = content;
	return useMemo(
		() => computeTableLayout(columns, {largestPmId, eventLoop, content: {name, health, namespace}}),
		[columns, largestPmId, eventLoop, name, health, namespace],
	);
}

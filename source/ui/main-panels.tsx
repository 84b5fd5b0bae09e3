// The main screen's panels under the header: the process table, the selected process's detail beside its
// trends (or the trends alone, in the detail and log rows, when focused on a narrow terminal), and the log panel.
import {Box} from 'ink';
import React from 'react';
import type {ProcessSnapshot} from '../model/types.js';
import type {PanelFocus} from './app-state.js';
import type {HealthExplanation} from './health-labels.js';
import {ProcessDetail} from './components/process-detail.js';
import {ProcessTable} from './components/process-table.js';
import type {MainLayout} from './layout.js';
import {LogPanel} from './logs/log-panel.js';
import type {TableLayout} from './table-columns.js';
import {TrendsPanel} from './trends/trends-panel.js';
import type {TableRows} from './use-table-rows.js';
import type {ViewProps} from './view-props.js';

export type MainPanelsProps = {
	tableRows: TableRows;
	selection: {selectedPmId: number | null; tableOffset: number};
	/** The first instance of the selected row. */
	selected: ProcessSnapshot | null;
	/** What is wrong with the selected row, for the detail pane. */
	health: HealthExplanation;
	layout: MainLayout;
	tableLayout: TableLayout;
	width: number;
	/** The clock the table's uptimes are drawn at. */
	nowMs: number;
	stale: boolean;
	isLoading: boolean;
	noColor: boolean;
	focus: PanelFocus;
	viewProps(width: number, height: number, focused: boolean): ViewProps;
};

export function MainPanels(props: MainPanelsProps) {
	const {tableRows, selection, selected, health, layout, tableLayout, width, nowMs, stale, isLoading, noColor, focus, viewProps} = props;
	const detail = <ProcessDetail process={selected} health={health} width={layout.detailColumns} height={layout.detailRows} noColor={noColor} />;
	// On a narrow terminal the focused trends need more than the detail's few rows: they take the log panel's too.
	const trendsAlone = layout.trendsColumns === 0 && focus === 'trends';
	let detailArea: React.ReactNode;
	if (layout.trendsColumns > 0) {
		detailArea = (
			<Box height={layout.detailRows} width={width} overflow="hidden">
				{detail}
				<Box width={1} />
				<TrendsPanel {...viewProps(layout.trendsColumns, layout.detailRows, focus === 'trends')} />
			</Box>
		);
	} else if (trendsAlone) {
		detailArea = <TrendsPanel {...viewProps(width, layout.detailRows + layout.logRows, true)} />;
	} else detailArea = detail;
	return (
		<>
			<ProcessTable
				processes={tableRows.displays}
				selectedPmId={selection.selectedPmId}
				offset={selection.tableOffset}
				bodyRows={layout.tableBodyRows}
				layout={tableLayout}
				width={width}
				nowMs={nowMs}
				noColor={noColor}
				stale={stale}
				isLoading={isLoading}
				focused={focus === 'table'}
				extrasOf={tableRows.extrasOf}
			/>
			{layout.detailRows > 0 ? detailArea : null}
			{layout.logRows > 0 && !trendsAlone ? <LogPanel {...viewProps(width, layout.logRows, focus === 'logs')} /> : null}
		</>
	);
}

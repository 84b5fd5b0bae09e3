// The main screen's panels under the header: the process table, the selected process's detail beside its
// trends (or the trends alone when focused on a narrow terminal), and the log panel when there is room.
import {Box} from 'ink';
import React from 'react';
import type {ProcessSnapshot} from '../model/types.js';
import type {PanelFocus} from './app-state.js';
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

export function MainPanels({tableRows, selection, selected, layout, tableLayout, width, nowMs, stale, isLoading, noColor, focus, viewProps}: MainPanelsProps) {
	const detail = <ProcessDetail process={selected} width={layout.detailColumns} height={layout.detailRows} noColor={noColor} />;
	let detailArea: React.ReactNode;
	if (layout.trendsColumns > 0) {
		detailArea = (
			<Box height={layout.detailRows} width={width} overflow="hidden">
				{detail}
				<Box width={1} />
				<TrendsPanel {...viewProps(layout.trendsColumns, layout.detailRows, focus === 'trends')} />
			</Box>
		);
	} else if (focus === 'trends') {
		detailArea = <TrendsPanel {...viewProps(width, layout.detailRows, true)} />;
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
			{layout.logRows > 0 ? <LogPanel {...viewProps(width, layout.logRows, focus === 'logs')} /> : null}
		</>
	);
}

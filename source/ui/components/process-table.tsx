import {Box, Text} from 'ink';
import React from 'react';
import type {ProcessSnapshot} from '../../model/types.js';
import {rowCells, tableHeaderLine, type RowExtras, type TableLayout} from '../table-columns.js';
import {glyphs, healthTone, statusStyle, toneColor} from '../theme.js';

type ProcessTableProps = {
	processes: readonly ProcessSnapshot[];
	selectedPmId: number | null;
	/** First visible row (see selection.ts scrollOffset). */
	offset: number;
	/** Visible process rows. */
	bodyRows: number;
	layout: TableLayout;
	width: number;
	nowMs: number;
	noColor: boolean;
	/** Data from the last successful poll while the daemon is unreachable: drawn dim. */
	stale: boolean;
	/** No poll has succeeded yet: say so instead of "no processes". */
	isLoading: boolean;
	focused: boolean;
	/** Badges and sparklines per pm_id (see RowExtras). */
	extrasOf(process: ProcessSnapshot): RowExtras;
};

/** The process table: a header line and a scrolling window of rows; the selected row is marked with "›". */
export function ProcessTable(props: ProcessTableProps) {
	const {processes, selectedPmId, offset, bodyRows, layout, width, nowMs, noColor, stale, focused, isLoading, extrasOf} = props;
	const visible = processes.slice(offset, offset + bodyRows);
	return (
		<Box flexDirection="column" width={width} height={bodyRows + 1} overflow="hidden">
			<Text bold underline={!noColor} wrap="truncate">
				{tableHeaderLine(layout, width, {offset, bodyRows, total: processes.length})}
			</Text>
			{processes.length === 0 ? (
				<Text dimColor>{isLoading ? `Waiting for the first process list${glyphs.ellipsis}` : 'No processes in this PM2 daemon.'}</Text>
			) : null}
			{visible.map(process => {
				const isSelected = process.pmId === selectedPmId;
				const status = statusStyle(process.status, noColor);
				const extras = extrasOf(process);
				return (
					<Text key={process.pmId} wrap="truncate" inverse={isSelected && focused} bold={isSelected} dimColor={stale && !isSelected}>
						{isSelected ? glyphs.selectedRow : ' '}
						{rowCells(process, layout, nowMs, extras).map(({id, text}) => {
							if (id === 'status' || (id === 'flag' && extras.flag !== '')) {
								const color = stale ? undefined : id === 'status' ? status.color : toneColor(healthTone(extras.level ?? 'error'), noColor);
								return (
									<Text key={id} color={color} bold={id === 'flag'}>
										{text}
									</Text>
								);
							}
							return text;
						})}
					</Text>
				);
			})}
		</Box>
	);
}

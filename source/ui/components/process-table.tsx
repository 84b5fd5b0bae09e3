import {Box, Text} from 'ink';
import React from 'react';
import type {ProcessSnapshot} from '../../model/types.js';
import {cellText, markerWidth, type RowExtras, type TableLayout} from '../table-columns.js';
import {fitToWidth} from '../text-fit.js';
import {statusStyle} from '../theme.js';

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
	const header = ' '.repeat(markerWidth) + layout.columns.map(column => ' ' + fitToWidth(column.title, column.width, column.align)).join('');
	const hiddenAbove = offset;
	const hiddenBelow = Math.max(0, processes.length - offset - bodyRows);
	const scrollHint = hiddenAbove + hiddenBelow > 0 ? ` ${hiddenAbove}↑ ${hiddenBelow}↓` : '';
	return (
		<Box flexDirection="column" width={width} height={bodyRows + 1} overflow="hidden">
			<Text bold underline={!noColor} wrap="truncate">
				{fitToWidth(header, Math.max(0, width - scrollHint.length)) + scrollHint}
			</Text>
			{processes.length === 0 ? <Text dimColor>{isLoading ? 'Waiting for the first process list…' : 'No processes in this PM2 daemon.'}</Text> : null}
			{visible.map(process => {
				const isSelected = process.pmId === selectedPmId;
				const status = statusStyle(process.status, noColor);
				const extras = extrasOf(process);
				return (
					<Text key={process.pmId} wrap="truncate" inverse={isSelected && focused} bold={isSelected} dimColor={stale && !isSelected}>
						{isSelected ? '›' : ' '}
						{layout.columns.map(column => {
							const text = ' ' + fitToWidth(cellText(process, column.id, nowMs, layout.compactStatus, extras), column.width, column.align);
							if (column.id === 'status' || (column.id === 'flag' && extras.flag !== '')) {
								const color = stale || noColor ? undefined : column.id === 'status' ? status.color : 'red';
								return (
									<Text key={column.id} color={color} bold={column.id === 'flag'}>
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

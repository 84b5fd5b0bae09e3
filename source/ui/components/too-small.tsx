import {Box, Text} from 'ink';
import React from 'react';
import {minimumColumns, minimumRows} from '../layout.js';
import {truncate} from '../text-fit.js';

/** Shown instead of the UI when the terminal is below the minimum size; fits in any size. */
export function TooSmall({columns, rows}: {columns: number; rows: number}) {
	const lines = [`terminal too small (need ${minimumColumns}x${minimumRows}, have ${columns}x${rows})`, 'Enlarge the window, or press q to quit.'].slice(
		0,
		Math.max(1, rows - 1),
	);
	return (
		<Box flexDirection="column" width={columns} overflow="hidden">
			{lines.map((line, index) => (
				<Text key={index} wrap="truncate" bold={index === 0}>
					{truncate(line, Math.max(1, columns))}
				</Text>
			))}
		</Box>
	);
}

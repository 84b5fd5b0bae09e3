// The environment of the selected process, full screen (v): every variable PM2 keeps for it, sorted by
// name, secret-looking values masked and everything sanitized (detail-lines.ts envLines). Esc, q or v closes.
import {Box, Text} from 'ink';
import React, {useMemo, useState} from 'react';
import {toSafeText} from '../logs/sanitize-line.js';
import {envLines} from './detail-lines.js';
import {useCommand} from './input-router.js';
import {truncate} from './text-fit.js';
import {glyphs} from './theme.js';
import type {ViewProps} from './view-props.js';

export function EnvView({selected, width, height, focused, close}: ViewProps) {
	const [offset, setOffset] = useState(0);
	const lines = useMemo(() => (selected ? envLines(selected) : []), [selected]);
	const bodyRows = Math.max(1, height - 2);
	const maxOffset = Math.max(0, lines.length - 1 - bodyRows);
	useCommand(
		'env',
		command => {
			const clamp = (value: number) => Math.max(0, Math.min(maxOffset, value));
			if (command === 'env.down') setOffset(current => clamp(current + 1));
			else if (command === 'env.up') setOffset(current => clamp(current - 1));
			else if (command === 'env.page-down') setOffset(current => clamp(current + bodyRows));
			else if (command === 'env.page-up') setOffset(current => clamp(current - bodyRows));
			else if (command === 'env.close') close();
			else return false;
			return true;
		},
		focused,
	);
	if (height <= 0) return null;
	if (!selected) {
		return (
			<Box width={width} height={height}>
				<Text dimColor>No process selected: pick one in the table, then press v.</Text>
			</Box>
		);
	}
	const shown = Math.min(offset, maxOffset);
	const more = shown < maxOffset ? ` ${glyphs.separator} ${glyphs.arrowDown}/j for more` : '';
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Text bold wrap="truncate">
				{truncate(`Environment ${glyphs.separator} ${toSafeText(selected.name)} (id ${selected.pmId}) ${glyphs.separator} ${lines[0] ?? ''}${more}`, width)}
			</Text>
			{lines.slice(1 + shown, 1 + shown + bodyRows).map((line, index) => (
				<Text key={index} wrap="truncate">
					{truncate(`  ${line}`, width)}
				</Text>
			))}
		</Box>
	);
}

import {Box, Text} from 'ink';
import React from 'react';
import {toSafeText} from '../../logs/sanitize-line.js';
import type {ProcessSnapshot} from '../../model/types.js';
import {detailLines} from '../detail-lines.js';
import {truncate} from '../text-fit.js';
import {glyphs, statusStyle} from '../theme.js';

type ProcessDetailProps = {process: ProcessSnapshot | null; width: number; height: number; noColor: boolean};

/** Configuration and masked environment of the selected process, cut to the height it was given. */
export function ProcessDetail({process, width, height, noColor}: ProcessDetailProps) {
	if (height <= 0) return null;
	if (!process) {
		return (
			<Box width={width} height={height}>
				<Text dimColor>No process selected.</Text>
			</Box>
		);
	}
	const status = statusStyle(process.status, noColor);
	const title = `${toSafeText(process.name)} (id ${process.pmId}) ${glyphs.separator} `;
	const body = detailLines(process, width).slice(0, height - 1);
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Text wrap="truncate" bold>
				{truncate(title, width)}
				<Text color={status.color}>{`${status.glyph} ${status.label}`}</Text>
			</Text>
			{body.map((line, index) => (
				<Text key={index} wrap="truncate">
					{line}
				</Text>
			))}
		</Box>
	);
}

import {Box, Text} from 'ink';
import React from 'react';
import stringWidth from 'string-width';
import {toSafeText} from '../../logs/sanitize-line.js';
import {onlyFiguresChanged} from '../../model/snapshot-change.js';
import type {ProcessSnapshot} from '../../model/types.js';
import {detailLines, summaryText} from '../detail-lines.js';
import type {HealthExplanation} from '../health-labels.js';
import {sameProps} from '../same-props.js';
import {truncate} from '../text-fit.js';
import {glyphs, statusStyle, toneColor} from '../theme.js';

type ProcessDetailProps = {process: ProcessSnapshot | null; health: HealthExplanation; width: number; height: number; noColor: boolean};

/**
 * The selected process in `height` lines: a one-line summary, what is wrong with it (or that nothing is),
 * then its configuration as far as there is room. The environment has its own view (v).
 */
export const ProcessDetail = React.memo(ProcessDetailPane, sameDetail);

/** The pane shows no live figures (the table and the trends do): a poll that changes only those is not news here. */
function sameDetail(before: ProcessDetailProps, after: ProcessDetailProps): boolean {
	const sameProcess =
		before.process === after.process || (before.process !== null && after.process !== null && onlyFiguresChanged([before.process], [after.process]));
	return sameProcess && sameProps({...before, process: null}, {...after, process: null}, ['health']);
}

function ProcessDetailPane({process, health, width, height, noColor}: ProcessDetailProps) {
	if (height <= 0) return null;
	if (!process) {
		return (
			<Box width={width} height={height}>
				<Text dimColor>No process selected.</Text>
			</Box>
		);
	}
	const status = statusStyle(process.status, noColor);
	const title = truncate(`${toSafeText(process.name)} (id ${process.pmId}) ${glyphs.separator} `, width);
	const statusText = truncate(`${status.glyph} ${status.label}`, width - stringWidth(title));
	const summary = summaryText(process, width - stringWidth(title) - stringWidth(statusText));
	const config = detailLines(process, width);
	const evidence = health.evidence === null ? [] : [truncate(`  ${health.evidence}`, width)];
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Text wrap="truncate" bold>
				{title}
				<Text color={status.color}>{statusText}</Text>
				<Text bold={false} dimColor>
					{summary}
				</Text>
			</Text>
			{height > 1 ? (
				<Text wrap="truncate" color={toneColor(health.tone, noColor)} dimColor={health.tone === 'muted'}>
					{truncate(health.headline, width)}
				</Text>
			) : null}
			{[...evidence, ...config].slice(0, Math.max(0, height - 2)).map((line, index) => (
				<Text key={index} wrap="truncate" dimColor={index < evidence.length}>
					{line}
				</Text>
			))}
		</Box>
	);
}

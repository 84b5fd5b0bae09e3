// Full-screen timeline (key t): the memory chart with restart markers, the verdict and loop lines, and
// every recorded exit of the selected process with its cause and the stderr written before it.
import {Box, Text} from 'ink';
import React, {useMemo, useState} from 'react';
import {toSafeText} from '../../logs/sanitize-line.js';
import {chartWindowMs, type ChartWindow} from '../../model/recorded-history.js';
import {useCommand} from '../input-router.js';
import {truncate} from '../text-fit.js';
import {glyphs, glyphText, statusStyle, toneColor} from '../theme.js';
import type {ViewProps} from '../view-props.js';
import {ChartLegend, chartLegend} from './chart-legend.js';
import {buildMemoryChart} from './memory-chart.js';
import {trendsData} from './trends-data.js';
import {useRecordedChart} from './use-recorded-history.js';
import {reduceWindowCommand, restartLine, safeStderr, verdictTone, windowSelector} from './trend-text.js';

/** stderr lines shown under each exit. */
const stderrLinesPerExit = 3;

/** Restart timeline and memory chart of the selected process. */
export function TimelineView(props: ViewProps) {
	const [window, setWindow] = useState<ChartWindow>('15m');
	const [offset, setOffset] = useState(0);
	const {selected, state, width, height, noColor} = props;
	const recorded = useRecordedChart(selected ?? null);
	const data = useMemo(() => (selected ? trendsData(state, selected, window, recorded) : null), [state, selected, window, recorded]);
	const eventCount = data?.events.length ?? 0;
	useCommand(
		'timeline',
		command => {
			const next = reduceWindowCommand(window, command);
			if (next !== null) {
				setWindow(next);
				return true;
			}
			const page = Math.max(1, Math.floor(height / 6));
			const clamp = (value: number) => Math.max(0, Math.min(Math.max(0, eventCount - 1), value));
			if (command === 'timeline.down') setOffset(o => clamp(o + 1));
			else if (command === 'timeline.up') setOffset(o => clamp(o - 1));
			else if (command === 'timeline.page-down') setOffset(o => clamp(o + page));
			else if (command === 'timeline.page-up') setOffset(o => clamp(o - page));
			else return false;
			return true;
		},
		props.focused,
	);
	if (height <= 0) return null;
	if (!selected || !data) {
		return (
			<Box width={width} height={height}>
				<Text dimColor>No process selected: pick one in the table, then press t.</Text>
			</Box>
		);
	}

	const status = statusStyle(selected.status, noColor);
	const historyCount = data.events.filter(e => e.origin === 'history').length;
	const lines: React.ReactNode[] = [];
	lines.push(
		<Text key="title" wrap="truncate" bold>
			{truncate(glyphText(`Timeline · ${toSafeText(selected.name)} (id ${selected.pmId}) · `), width)}
			<Text color={status.color}>{`${status.glyph} ${status.label}`}</Text>
			<Text bold={false} dimColor>
				{truncate(
					glyphText(
						`  ·  ${windowSelector(window)}  ·  ${eventCount} exits${data.recordedExitCount ? ` (${data.recordedExitCount} recorded before attach)` : ''}` +
							(historyCount ? ` (${historyCount} from pm2.log before attach, marked ·)` : ''),
					),
					width,
				)}
			</Text>
		</Text>,
	);
	const chartRows = Math.max(0, Math.min(14, Math.floor((height - 3) * 0.45)));
	if (chartRows >= 4) {
		const chart = buildMemoryChart(data.samples, {
			width,
			plotRows: chartRows - 2,
			limitBytes: selected.maxMemoryRestartBytes,
			windowLabel: window,
			windowMs: chartWindowMs[window],
			nowMs: data.nowMs,
			noColor,
		});
		lines.push(
			<Text key="legend" wrap="truncate">
				<Text dimColor>Memory</Text>
				<ChartLegend parts={chartLegend(chart)} width={Math.max(0, width - 'Memory'.length)} />
			</Text>,
		);
		chart.lines.forEach((line, index) =>
			lines.push(
				<Text key={`chart-${index}`} wrap="truncate">
					{line}
				</Text>,
			),
		);
	}
	lines.push(
		<Text key="verdict" wrap="truncate" color={toneColor(verdictTone(data.verdict.kind), noColor)}>
			{truncate(glyphText(data.verdict.sentence), width)}
		</Text>,
	);
	lines.push(
		<Text key="loop" wrap="truncate" color={data.loop.detail ? toneColor('warning', noColor) : undefined} dimColor={!data.loop.detail}>
			{truncate(
				glyphText(data.loop.detail ? `${data.loop.badge}: ${data.loop.detail}` : `No restart loop (${data.loop.exitsLast5Min} unrequested exits in 5 min).`),
				width,
			)}
		</Text>,
	);
	lines.push(
		<Text key="list-title" wrap="truncate" dimColor>
			{truncate(`Exits, newest first${eventCount > 1 ? ` (${offset + 1}/${eventCount}, j/k to scroll)` : ''}:`, width)}
		</Text>,
	);
	if (!data.hasTimeline)
		lines.push(
			<Text key="none" dimColor>
				Restart timeline not available in this store.
			</Text>,
		);
	else if (eventCount === 0)
		lines.push(
			<Text key="none" dimColor>
				No exits recorded (live since attach, and in the pm2.log tail).
			</Text>,
		);
	for (const event of data.events.slice(offset)) {
		if (lines.length >= height) break;
		lines.push(
			<Text
				key={`event-${event.id}`}
				wrap="truncate"
				color={event.cause.kind === 'manual' || event.cause.kind === 'cron' ? undefined : toneColor('warning', noColor)}
			>
				{truncate(glyphText(restartLine(event, data.nowMs)), width)}
			</Text>,
		);
		const stderr = safeStderr(event).slice(-stderrLinesPerExit);
		stderr.forEach((line, index) =>
			lines.push(
				<Text key={`event-${event.id}-stderr-${index}`} wrap="truncate" dimColor>
					{truncate(`    stderr${glyphs.rule} ${line}`, width)}
				</Text>,
			),
		);
		if (event.stderrMatchedByOrder && stderr.length > 0) {
			lines.push(
				<Text key={`event-${event.id}-order`} wrap="truncate" dimColor>
					{truncate('    (stderr matched to this exit by order in the error log: written before pm2-doctor attached)', width)}
				</Text>,
			);
		}
	}
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{lines.slice(0, height)}
		</Box>
	);
}

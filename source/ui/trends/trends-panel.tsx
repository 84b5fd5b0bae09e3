// The trends panel in the main screen's detail area (docs/ui-contract.md §4): memory chart over the
// selected window, the leak verdict, the restart-loop line and the latest exits with their cause.
import {Box, Text} from 'ink';
import React, {useMemo, useRef, useState} from 'react';
import {chartWindowMs, type ChartWindow} from '../../model/recorded-history.js';
import {useCommand} from '../input-router.js';
import {truncate} from '../text-fit.js';
import {glyphs, glyphText, toneColor} from '../theme.js';
import type {ViewProps} from '../view-props.js';
import {ChartLegend, chartLegend} from './chart-legend.js';
import {buildMemoryChart} from './memory-chart.js';
import {trendsData, type VerdictMemo} from './trends-data.js';
import {useRecordedChart} from './use-recorded-history.js';
import {reduceWindowCommand, restartLine, verdictTone, windowSelector} from './trend-text.js';

/** Lines kept for the latest exits when there is room. */
const maxRestartLines = 3;

/** Memory trend, leak verdict and latest restarts of the selected process. */
export function TrendsPanel(props: ViewProps) {
	const [window, setWindow] = useState<ChartWindow>('5m');
	// Window keys work from the whole main screen (the chart is always beside the table), not only
	// when the panel has focus.
	useCommand(
		'main',
		command => {
			const next = reduceWindowCommand(window, command);
			if (next === null) return false;
			setWindow(next);
			return true;
		},
		true,
	);
	const {selected, state, width, height, noColor} = props;
	const recorded = useRecordedChart(selected ?? null);
	const verdictMemo = useRef<VerdictMemo | null>(null);
	const data = useMemo(() => {
		if (!selected) return null;
		const next = trendsData(state, selected, window, recorded, verdictMemo.current);
		verdictMemo.current = next.verdictMemo;
		return next;
	}, [state, selected, window, recorded]);
	if (height <= 0 || width <= 0) return null;
	if (!selected || !data) {
		return (
			<Box width={width} height={height}>
				<Text dimColor>No process selected.</Text>
			</Box>
		);
	}

	const title = truncate(`Memory ${windowSelector(window)}${props.focused ? '  (w/1-7)' : ''}`, width);
	const loopLine = data.loop.detail ? 1 : 0;
	const restartRows = height >= 10 ? Math.min(maxRestartLines, Math.max(1, data.events.length)) + 1 : height >= 7 ? 1 : 0;
	const fixed = 1 + 1 + loopLine + restartRows; // title, verdict, loop, restarts
	const chartRows = Math.max(0, height - fixed);
	const chart =
		chartRows >= 3
			? buildMemoryChart(data.samples, {
					width,
					plotRows: chartRows - 1,
					limitBytes: selected.maxMemoryRestartBytes,
					windowLabel: window,
					windowMs: chartWindowMs[window],
					nowMs: data.nowMs,
					noColor,
				})
			: null;
	const legend = chart ? chartLegend(chart) : [];

	const lines: React.ReactNode[] = [];
	lines.push(
		<Text key="title" wrap="truncate" bold>
			{title}
			<ChartLegend parts={legend} width={Math.max(0, width - title.length)} />
		</Text>,
	);
	if (chart) {
		chart.lines.forEach((line, index) =>
			lines.push(
				<Text key={`chart-${index}`} wrap="truncate">
					{line}
				</Text>,
			),
		);
		for (let i = chart.lines.length; i < chartRows; i++) lines.push(<Text key={`pad-${i}`}> </Text>);
	}
	lines.push(
		<Text key="verdict" wrap="truncate" color={toneColor(verdictTone(data.verdict.kind), noColor)}>
			{truncate(glyphText(data.verdict.sentence), width)}
		</Text>,
	);
	if (loopLine) {
		lines.push(
			<Text key="loop" wrap="truncate" color={toneColor('warning', noColor)}>
				{truncate(glyphText(`${glyphs.loop} ${data.loop.detail}`), width)}
			</Text>,
		);
	}
	if (restartRows > 0) {
		if (restartRows > 1) {
			lines.push(
				<Text key="restarts-title" wrap="truncate" dimColor>
					{truncate(`Latest restarts (${data.events.length}${data.hasTimeline ? '' : ', no timeline'}) ${glyphs.dash} h: timeline`, width)}
				</Text>,
			);
		}
		if (data.events.length === 0) {
			lines.push(
				<Text key="no-restarts" wrap="truncate" dimColor>
					{truncate(data.hasTimeline ? 'No restarts seen (live, and in the pm2.log tail).' : 'Restart timeline not available.', width)}
				</Text>,
			);
		} else {
			data.events.slice(0, restartRows > 1 ? restartRows - 1 : 1).forEach(event =>
				lines.push(
					<Text
						key={`event-${event.id}`}
						wrap="truncate"
						color={event.cause.kind === 'manual' || event.cause.kind === 'cron' ? undefined : toneColor('warning', noColor)}
					>
						{truncate(glyphText(restartLine(event, data.nowMs)), width)}
					</Text>,
				),
			);
		}
	}
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{lines.slice(0, height)}
		</Box>
	);
}

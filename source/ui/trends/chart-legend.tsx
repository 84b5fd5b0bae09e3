// The memory chart's legend: each drawn series named in its colour, or after its own character when
// colours are off, so the lines can be told apart either way.
import {Text} from 'ink';
import stringWidth from 'string-width';
import React from 'react';
import {truncate} from '../text-fit.js';
import {glyphs} from '../theme.js';
import type {MemoryChart} from './memory-chart.js';

export type LegendPart = {text: string; color: string | undefined};

/** The legend parts of a chart, in order; "limit off chart" when the limit is too far above the data. */
export function chartLegend(chart: MemoryChart): LegendPart[] {
	const parts: LegendPart[] = chart.legend.map(entry => ({text: entry.marker ? `${entry.marker} ${entry.label}` : entry.label, color: entry.color}));
	if (chart.limitOffChart) parts.push({text: 'limit off chart', color: undefined});
	return parts;
}

/** The legend after a title, cut to `width` columns; rendered inside a <Text>. */
export function ChartLegend({parts, width}: {parts: LegendPart[]; width: number}) {
	let room = width;
	const nodes: React.ReactNode[] = [];
	parts.forEach((part, index) => {
		const text = `${index === 0 ? '  ' : ` ${glyphs.separator} `}${part.text}`;
		const cut = truncate(text, room);
		if (cut === '') return;
		room -= stringWidth(cut);
		nodes.push(
			<Text key={part.text} bold={false} dimColor={part.color === undefined} color={part.color}>
				{cut}
			</Text>,
		);
		if (cut !== text) room = 0;
	});
	return <>{nodes}</>;
}

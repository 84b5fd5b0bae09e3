import {Box, Text} from 'ink';
import React from 'react';
import {glyphText, toneColor, type Tone} from '../theme.js';

type StatusLineProps = {text: string; tone: Tone; width: number; noColor: boolean; emphasized?: boolean};

/** One line for flash messages, action results, confirm prompts and connection explanations. */
export function StatusLine({text, tone, width, noColor, emphasized = false}: StatusLineProps) {
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate" color={toneColor(tone, noColor)} inverse={emphasized} bold={emphasized}>
				{glyphText(text)}
			</Text>
		</Box>
	);
}

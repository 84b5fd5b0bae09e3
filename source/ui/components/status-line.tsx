import {Box, Text} from 'ink';
import React from 'react';
import {toSafeText} from '../../logs/sanitize-line.js';
import {glyphText, toneColor, type Tone} from '../theme.js';

type StatusLineProps = {text: string; tone: Tone; width: number; noColor: boolean; emphasized?: boolean};

/** One line for flash messages, action results, confirm prompts and connection explanations (they quote process names and PM2's errors). */
export const StatusLine = React.memo(function StatusLine({text, tone, width, noColor, emphasized = false}: StatusLineProps) {
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate" color={toneColor(tone, noColor)} inverse={emphasized} bold={emphasized}>
				{glyphText(toSafeText(text))}
			</Text>
		</Box>
	);
});

import {Box, Text} from 'ink';
import React from 'react';
import {truncate} from '../text-fit.js';
import {glyphs, glyphText} from '../theme.js';

type HelpOverlayProps = {lines: readonly string[]; offset: number; width: number; height: number};

/** The key bindings (generated from the keymap), scrolled to `offset`, in exactly `height` lines. */
export function HelpOverlay({lines, offset, width, height}: HelpOverlayProps) {
	if (height <= 0) return null;
	const bodyRows = Math.max(0, height - 1);
	const visible = lines.slice(offset, offset + bodyRows);
	const more = offset + bodyRows < lines.length ? ` ${glyphs.separator} ${glyphs.arrowDown}/j for more` : '';
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Text bold wrap="truncate">
				{truncate(`Help ${glyphs.dash} key bindings (? or Esc closes)${more}`, width)}
			</Text>
			{visible.map((line, index) => (
				<Text key={index} wrap="truncate">
					{/* An empty Text takes no line in Ink: keep blank separators visible. */}
					{truncate(glyphText(line), width) || ' '}
				</Text>
			))}
		</Box>
	);
}

/** Number of lines the help can scroll by, for a view `height` lines tall. */
export function helpMaxOffset(lineCount: number, height: number): number {
	return Math.max(0, lineCount - Math.max(1, height - 1));
}

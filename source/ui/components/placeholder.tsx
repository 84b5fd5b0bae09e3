// A bordered-less box that reserves a slot's space until its feature replaces it.
import {Box, Text} from 'ink';
import React from 'react';
import {truncate} from '../text-fit.js';

type PlaceholderProps = {title: string; note: string; width: number; height: number};

/** Draws a title and a note in exactly the slot's size (nothing when the slot has no rows). */
export function Placeholder({title, note, width, height}: PlaceholderProps) {
	if (height <= 0 || width <= 0) return null;
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Text bold>{truncate(title, width)}</Text>
			{height > 1 ? <Text dimColor>{truncate(note, width)}</Text> : null}
		</Box>
	);
}

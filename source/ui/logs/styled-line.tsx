// Draws one fixed-width line whose text changes all the time (log rows, the log header) without feeding
// Ink 6.8's text caches. Ink caches the measured size of every distinct text it lays out, in a module-level
// Map that is never cleared (ink/build/measure-text.js), plus `wrapText` results (wrap-text.js): a log view
// shows hundreds of new strings a second, so memory would grow for as long as pm2-doctor runs.
// Here Ink only ever measures a placeholder of spaces (one cache entry per width) and a <Transform> swaps
// in the real, already-styled text when the frame is written. The text must be sanitized and fit `width`.
import {Text, Transform} from 'ink';
import React from 'react';

const placeholders = new Map<number, string>();

function placeholder(width: number): string {
	let text = placeholders.get(width);
	if (text === undefined) {
		text = ' '.repeat(Math.max(1, width));
		if (placeholders.size < 64) placeholders.set(width, text);
	}
	return text;
}

/** One line of exactly `width` columns showing `styled` (already sanitized, styled with styleText, fitted). */
export function StyledLine({styled, width}: {styled: string; width: number}) {
	return (
		<Transform transform={() => styled}>
			<Text>{placeholder(width)}</Text>
		</Transform>
	);
}

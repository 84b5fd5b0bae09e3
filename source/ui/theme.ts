// Semantic colours and glyphs. Components ask for a meaning ("status of an errored process"), never
// for a colour, so NO_COLOR is handled here once: every status also has its own glyph and label, so
// it stays distinguishable without colour.
import type {ProcessStatus} from '../model/types.js';

export type StatusStyle = {
	/** Ink colour name; undefined when colours are off. */
	color: string | undefined;
	glyph: string;
	label: string;
	/** Shorter label for narrow terminals (≤ 10 columns). */
	shortLabel: string;
};

const statusStyles: Record<ProcessStatus, {color: string; glyph: string; label: string; shortLabel: string}> = {
	online: {color: 'green', glyph: '●', label: 'online', shortLabel: 'online'},
	launching: {color: 'cyan', glyph: '◔', label: 'launching', shortLabel: 'launching'},
	stopping: {color: 'magenta', glyph: '◕', label: 'stopping', shortLabel: 'stopping'},
	stopped: {color: 'gray', glyph: '○', label: 'stopped', shortLabel: 'stopped'},
	errored: {color: 'red', glyph: '✖', label: 'errored', shortLabel: 'errored'},
	'waiting restart': {color: 'yellow', glyph: '↻', label: 'waiting restart', shortLabel: 'waiting'},
	'one-launch-status': {color: 'blue', glyph: '◇', label: 'one-launch-status', shortLabel: 'one-launch'},
	unknown: {color: 'white', glyph: '?', label: 'unknown', shortLabel: 'unknown'},
};

/** Returns the colour (unless noColor), glyph and labels for a PM2 status. */
export function statusStyle(status: ProcessStatus, noColor: boolean): StatusStyle {
	const style = statusStyles[status] ?? statusStyles.unknown;
	return {...style, color: noColor ? undefined : style.color};
}

export type Tone = 'info' | 'error' | 'warning' | 'muted' | 'accent';

const toneColors: Record<Tone, string> = {
	info: 'green',
	error: 'red',
	warning: 'yellow',
	muted: 'gray',
	accent: 'cyan',
};

/** Returns the Ink colour for a tone, or undefined when colours are off. */
export function toneColor(tone: Tone, noColor: boolean): string | undefined {
	return noColor ? undefined : toneColors[tone];
}

/** True when the NO_COLOR convention (https://no-color.org) asks for no colours: set and non-empty. */
export function isNoColorRequested(env: NodeJS.ProcessEnv = process.env): boolean {
	return typeof env.NO_COLOR === 'string' && env.NO_COLOR !== '';
}

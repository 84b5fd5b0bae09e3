// Semantic colours and glyphs. Components ask for a meaning ("status of an errored process"), never
// for a colour, so NO_COLOR is handled here once: every status also has its own glyph and label, so
// it stays distinguishable without colour. The glyph set is chosen here once, from the environment:
// a terminal or locale that cannot show Unicode gets plain ASCII everywhere.
import type {ProcessStatus} from '../model/types.js';

/** Every non-ASCII character the UI draws itself, by meaning. */
export type GlyphSet = {
	/** Plain ASCII: sparklines take their ASCII levels too (model/sparkline.ts). */
	ascii: boolean;
	status: Record<ProcessStatus, string>;
	/** Marks the selected table row. */
	selectedRow: string;
	/** Ends text cut to fit (one column). */
	ellipsis: string;
	/** Between the parts of a line: "a · b". */
	separator: string;
	/** Before an explanation: "unreachable — retrying". */
	dash: string;
	/** A value that is not known (one column). */
	unknown: string;
	/** Column title of the restart count. */
	restarts: string;
	/** Restart-loop mark. */
	loop: string;
	/** Warning mark (actions that change PM2 state). */
	warning: string;
	/** Error mark in prompts. */
	error: string;
	/** Text cursor in prompts. */
	cursor: string;
	/** Vertical rule between a label and text. */
	rule: string;
	arrowUp: string;
	arrowDown: string;
	arrowLeft: string;
	arrowRight: string;
	chart: ChartGlyphs;
};

/** Line-chart pieces: the axis, a level line, and the corners and verticals of a step between columns. */
export type ChartGlyphs = {
	axis: string;
	level: string;
	vertical: string;
	/** Coming from the left, turning up (bottom of a rise). */
	riseFrom: string;
	/** Arriving from below, going right (top of a rise). */
	riseTo: string;
	/** Coming from the left, turning down (top of a fall). */
	fallFrom: string;
	/** Arriving from above, going right (bottom of a fall). */
	fallTo: string;
	/** Restart marker under the plot. */
	restart: string;
};

export const unicodeGlyphs: GlyphSet = {
	ascii: false,
	status: {
		online: '●',
		launching: '◔',
		stopping: '◕',
		stopped: '○',
		errored: '✖',
		'waiting restart': '↻',
		'one-launch-status': '◇',
		unknown: '?',
	},
	selectedRow: '›',
	ellipsis: '…',
	separator: '·',
	dash: '—',
	unknown: '–',
	restarts: '↺',
	loop: '↻',
	warning: '⚠',
	error: '✖',
	cursor: '█',
	rule: '│',
	arrowUp: '↑',
	arrowDown: '↓',
	arrowLeft: '←',
	arrowRight: '→',
	chart: {axis: '┤', level: '─', vertical: '│', riseFrom: '╯', riseTo: '╭', fallFrom: '╮', fallTo: '╰', restart: '↑'},
};

export const asciiGlyphs: GlyphSet = {
	ascii: true,
	status: {
		online: '*',
		launching: '+',
		stopping: '-',
		stopped: 'o',
		errored: 'x',
		'waiting restart': '~',
		'one-launch-status': '1',
		unknown: '?',
	},
	selectedRow: '>',
	ellipsis: '>',
	separator: '|',
	dash: '-',
	unknown: '-',
	restarts: 'R',
	loop: '~',
	warning: '!',
	error: 'x',
	cursor: '_',
	rule: '|',
	arrowUp: '^',
	arrowDown: 'v',
	arrowLeft: '<',
	arrowRight: '>',
	chart: {axis: '|', level: '-', vertical: '|', riseFrom: '/', riseTo: '/', fallFrom: '\\', fallTo: '\\', restart: '^'},
};

/**
 * True when the terminal or the locale cannot be trusted with Unicode: TERM names a console without it
 * (vt100, vt220, linux), or the locale (LC_ALL, else LC_CTYPE, else LANG) is set and not UTF-8.
 * An unset locale counts as UTF-8: most terminals today are, and a wrong guess the other way is ugly.
 */
export function wantsAsciiGlyphs(env: NodeJS.ProcessEnv): boolean {
	const term = env.TERM ?? '';
	if (/^(vt\d+|linux)(-|$)/i.test(term)) return true;
	const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
	return locale !== '' && !/utf-?8/i.test(locale);
}

/** The glyph set for an environment. */
export function glyphSetFor(env: NodeJS.ProcessEnv): GlyphSet {
	return wantsAsciiGlyphs(env) ? asciiGlyphs : unicodeGlyphs;
}

/** The glyphs of this run, chosen once at start-up from the environment. */
export const glyphs: GlyphSet = glyphSetFor(process.env);

/** Each Unicode glyph with its ASCII counterpart, read off the two sets (same meaning, same width). */
function asciiCounterparts(): Map<string, string> {
	const pairs = new Map<string, string>();
	const walk = (unicode: unknown, ascii: unknown) => {
		if (typeof unicode === 'string' && typeof ascii === 'string') {
			if (unicode !== ascii && !pairs.has(unicode)) pairs.set(unicode, ascii);
		} else if (unicode && typeof unicode === 'object' && ascii && typeof ascii === 'object') {
			for (const key of Object.keys(unicode)) walk((unicode as Record<string, unknown>)[key], (ascii as Record<string, unknown>)[key]);
		}
	};
	walk(unicodeGlyphs, asciiGlyphs);
	return pairs;
}

const counterparts = glyphs.ascii ? asciiCounterparts() : null;
const unicodeGlyphPattern = counterparts ? new RegExp(`[${[...counterparts.keys()].join('').replace(/[\\\]^-]/g, '\\$&')}]`, 'gu') : null;

/**
 * Text written elsewhere with the Unicode glyphs (the model's sentences: "—", "–", "·", "…") in the glyph
 * set of this run: unchanged with Unicode, each glyph replaced by its ASCII counterpart otherwise.
 */
export function glyphText(text: string): string {
	if (!counterparts || !unicodeGlyphPattern) return text;
	return text.replace(unicodeGlyphPattern, glyph => counterparts.get(glyph) ?? glyph);
}

export type StatusStyle = {
	/** Ink colour name; undefined when colours are off. */
	color: string | undefined;
	glyph: string;
	label: string;
	/** Shorter label for narrow terminals (≤ 10 columns). */
	shortLabel: string;
};

const statusStyles: Record<ProcessStatus, {color: string; label: string; shortLabel: string}> = {
	online: {color: 'green', label: 'online', shortLabel: 'online'},
	launching: {color: 'cyan', label: 'launching', shortLabel: 'launching'},
	stopping: {color: 'magenta', label: 'stopping', shortLabel: 'stopping'},
	stopped: {color: 'gray', label: 'stopped', shortLabel: 'stopped'},
	errored: {color: 'red', label: 'errored', shortLabel: 'errored'},
	'waiting restart': {color: 'yellow', label: 'waiting restart', shortLabel: 'waiting'},
	'one-launch-status': {color: 'blue', label: 'one-launch-status', shortLabel: 'one-launch'},
	unknown: {color: 'white', label: 'unknown', shortLabel: 'unknown'},
};

/** Returns the colour (unless noColor), glyph and labels for a PM2 status. */
export function statusStyle(status: ProcessStatus, noColor: boolean): StatusStyle {
	const known = statusStyles[status] ? status : 'unknown';
	const style = statusStyles[known];
	return {...style, glyph: glyphs.status[known], color: noColor ? undefined : style.color};
}

export type Tone = 'info' | 'error' | 'warning' | 'muted' | 'accent';

const toneColors: Record<Tone, string> = {
	info: 'green',
	error: 'red',
	warning: 'yellow',
	muted: 'gray',
	accent: 'cyan',
};

/** The tone of a health level: errors red, warnings yellow, ok green. */
export function healthTone(level: 'error' | 'warning' | 'ok'): Tone {
	return level === 'ok' ? 'info' : level;
}

/** Returns the Ink colour for a tone, or undefined when colours are off. */
export function toneColor(tone: Tone, noColor: boolean): string | undefined {
	return noColor ? undefined : toneColors[tone];
}

/** True when the NO_COLOR convention (https://no-color.org) asks for no colours: set and non-empty. */
export function isNoColorRequested(env: NodeJS.ProcessEnv = process.env): boolean {
	return typeof env.NO_COLOR === 'string' && env.NO_COLOR !== '';
}

// The log panel's state as a pure reducer (unit-tested without Ink): follow/pause, the scroll position,
// wrap, timestamps, search with n/N, filter and inverse filter, err-only, the text prompt, and which
// source is shown. The view only renders what `computeLogWindow` returns.
import {compilePattern, filterLines, findNextMatchIndex, type CompiledPattern, type LogLine} from '../../logs/line-buffer.js';
import type {CommandId} from '../keymap.js';

export type TimestampMode = 'off' | 'arrival' | 'app';
export type LogSourceMode = 'process' | 'all' | 'daemon';

export type LogPanelState = {
	/** Following: the newest lines are shown as they arrive. Scrolling pauses it. */
	follow: boolean;
	/** While paused: seq of the line shown at the bottom of the window. */
	bottomSeq: number | null;
	wrap: boolean;
	timestamps: TimestampMode;
	errOnly: boolean;
	/** Search: matches highlighted, n/N jump. */
	search: CompiledPattern | null;
	/** seq of the line holding the current match. */
	matchSeq: number | null;
	/** Filter: only matching lines (or only non-matching with inverse). */
	filter: CompiledPattern | null;
	inverse: boolean;
	prompt: {kind: 'search' | 'filter'; text: string} | null;
	source: LogSourceMode;
};

export const initialLogPanelState: LogPanelState = {
	follow: true,
	bottomSeq: null,
	wrap: false,
	timestamps: 'off',
	errOnly: false,
	search: null,
	matchSeq: null,
	filter: null,
	inverse: false,
	prompt: null,
	source: 'process',
};

export type LogPanelAction =
	| {type: 'command'; command: CommandId}
	| {type: 'prompt-input'; text: string}
	| {type: 'prompt-backspace'}
	| {type: 'prompt-submit'}
	| {type: 'prompt-cancel'}
	/** Escape outside the prompt: clears the search first, then the filter. */
	| {type: 'escape'};

export type LogPanelContext = {
	/** All lines of the current source, oldest first. */
	lines: readonly LogLine[];
	/** Lines per page (the window height in lines). */
	pageLines: number;
};

/** The lines that pass err-only and the filter, in order. */
export function shownLines(lines: readonly LogLine[], state: LogPanelState): LogLine[] {
	return filterLines(lines, {
		errOnly: state.errOnly,
		pattern: state.filter?.ok ? state.filter.regex : null,
		inverse: state.inverse,
	});
}

/** Index in `lines` of the bottom line: the newest when following, else the paused line (or the nearest older). */
export function bottomIndex(lines: readonly LogLine[], state: LogPanelState): number {
	if (lines.length === 0) return -1;
	if (state.follow || state.bottomSeq === null) return lines.length - 1;
	// Lines are in seq order: binary search for the last line with seq <= bottomSeq.
	let low = 0;
	let high = lines.length - 1;
	let found = -1;
	while (low <= high) {
		const middle = (low + high) >> 1;
		if (lines[middle]!.seq <= state.bottomSeq) {
			found = middle;
			low = middle + 1;
		} else high = middle - 1;
	}
	return found === -1 ? Math.min(lines.length - 1, 0) : found;
}

function pausedAt(state: LogPanelState, lines: readonly LogLine[], index: number): LogPanelState {
	if (lines.length === 0) return {...state, follow: false, bottomSeq: null};
	const clamped = Math.max(0, Math.min(lines.length - 1, index));
	return {...state, follow: false, bottomSeq: lines[clamped]!.seq};
}

function jumpToMatch(state: LogPanelState, lines: readonly LogLine[], direction: 1 | -1, fromIndex: number): LogPanelState {
	if (!state.search?.ok) return state;
	const index = findNextMatchIndex(lines, fromIndex, direction, state.search.regex);
	if (index === null) return {...state, matchSeq: null};
	// Keep the match a few lines above the bottom so its context below is visible.
	return {...pausedAt(state, lines, index), matchSeq: lines[index]!.seq};
}

const nextTimestampMode: Record<TimestampMode, TimestampMode> = {off: 'arrival', arrival: 'app', app: 'off'};

/** Applies a command or a prompt edit. Unknown commands leave the state unchanged. */
export function reduceLogPanel(state: LogPanelState, action: LogPanelAction, context: LogPanelContext): LogPanelState {
	const lines = shownLines(context.lines, state);
	const bottom = bottomIndex(lines, state);
	const page = Math.max(1, context.pageLines - 1);
	switch (action.type) {
		case 'prompt-input':
			return state.prompt ? {...state, prompt: {...state.prompt, text: state.prompt.text + action.text}} : state;
		case 'prompt-backspace':
			return state.prompt ? {...state, prompt: {...state.prompt, text: state.prompt.text.slice(0, -1)}} : state;
		case 'prompt-cancel':
			return {...state, prompt: null};
		case 'prompt-submit':
			return submitPrompt(state, context);
		case 'escape':
			if (state.prompt) return {...state, prompt: null};
			if (state.search) return {...state, search: null, matchSeq: null};
			if (state.filter) return {...state, filter: null, inverse: false};
			return state;
		case 'command':
			break;
	}
	switch (action.command) {
		case 'logs.scroll-up':
			return pausedAt(state, lines, bottom - 1);
		case 'logs.scroll-down': {
			if (state.follow) return state;
			return pausedAt(state, lines, bottom + 1);
		}
		case 'logs.page-up':
			return pausedAt(state, lines, bottom - page);
		case 'logs.page-down':
			if (state.follow) return state;
			return pausedAt(state, lines, bottom + page);
		case 'logs.top':
			return pausedAt(state, lines, Math.min(lines.length - 1, page));
		case 'logs.bottom':
			return pausedAt(state, lines, lines.length - 1);
		case 'logs.toggle-follow':
			return state.follow ? pausedAt(state, lines, bottom) : {...state, follow: true, bottomSeq: null};
		case 'logs.toggle-wrap':
			return {...state, wrap: !state.wrap};
		case 'logs.toggle-timestamps':
			return {...state, timestamps: nextTimestampMode[state.timestamps]};
		case 'logs.toggle-err-only':
			return {...state, errOnly: !state.errOnly};
		case 'logs.search':
			return {...state, prompt: {kind: 'search', text: state.search?.source ?? ''}};
		case 'logs.filter':
			return {...state, prompt: {kind: 'filter', text: state.filter ? (state.inverse ? '!' : '') + state.filter.source : ''}};
		case 'logs.invert-filter':
			return state.filter ? {...state, inverse: !state.inverse} : state;
		case 'logs.next-match':
			return jumpToMatch(state, lines, 1, matchIndexOr(lines, state, bottom));
		case 'logs.prev-match':
			return jumpToMatch(state, lines, -1, matchIndexOr(lines, state, bottom));
		case 'logs.clear':
			return {...state, search: null, matchSeq: null, filter: null, inverse: false};
		case 'logs.show-all':
			return {...state, source: state.source === 'all' ? 'process' : 'all', follow: true, bottomSeq: null, matchSeq: null};
		case 'logs.show-daemon':
			return {...state, source: state.source === 'daemon' ? 'process' : 'daemon', follow: true, bottomSeq: null, matchSeq: null};
		default:
			return state;
	}
}

function matchIndexOr(lines: readonly LogLine[], state: LogPanelState, fallback: number): number {
	if (state.matchSeq === null) return fallback;
	const index = lines.findIndex(line => line.seq === state.matchSeq);
	return index === -1 ? fallback : index;
}

function submitPrompt(state: LogPanelState, context: LogPanelContext): LogPanelState {
	if (!state.prompt) return state;
	const {kind, text} = state.prompt;
	if (kind === 'search') {
		if (text === '') return {...state, prompt: null, search: null, matchSeq: null};
		const search = compilePattern(text);
		// An invalid regex keeps the prompt open: the error is shown next to it.
		if (!search.ok) return state;
		const next = {...state, prompt: null, search};
		const lines = shownLines(context.lines, next);
		// The most recent match at or above the bottom becomes current. While following, the panel keeps
		// following (new matches are highlighted as they arrive); n/N then jump and pause.
		const from = Math.min(lines.length, bottomIndex(lines, next) + 1);
		if (next.follow) {
			const index = findNextMatchIndex(lines, from, -1, search.regex);
			return {...next, matchSeq: index === null ? null : lines[index]!.seq};
		}
		return jumpToMatch(next, lines, -1, from);
	}
	if (text === '' || text === '!') return {...state, prompt: null, filter: null, inverse: false};
	const inverse = text.startsWith('!');
	const filter = compilePattern(inverse ? text.slice(1) : text);
	if (!filter.ok) return state;
	return {...state, prompt: null, filter, inverse, follow: state.follow, bottomSeq: state.follow ? null : state.bottomSeq};
}

/** The error to show next to the prompt while typing, or null. */
export function promptError(state: LogPanelState): string | null {
	if (!state.prompt) return null;
	const text = state.prompt.kind === 'filter' && state.prompt.text.startsWith('!') ? state.prompt.text.slice(1) : state.prompt.text;
	if (text === '') return null;
	const compiled = compilePattern(text);
	return compiled.ok ? null : compiled.error;
}

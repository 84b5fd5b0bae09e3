import {describe, expect, it} from 'vitest';
import type {LogLine} from '../../../source/logs/line-buffer.js';
import {
	bottomIndex,
	initialLogPanelState,
	promptError,
	reduceLogPanel,
	shownLines,
	type LogPanelAction,
	type LogPanelState,
} from '../../../source/ui/logs/log-panel-state.js';
import {computeLogWindow} from '../../../source/ui/logs/log-window.js';

function makeLines(texts: string[], source: LogLine['source'] = 'out', startSeq = 0): LogLine[] {
	return texts.map((text, index) => ({seq: startSeq + index, source, pmId: 1, processName: 'api', receivedAtMs: 0, text}));
}

const lines = makeLines(Array.from({length: 50}, (_, i) => `line ${i}`));
const run = (actions: LogPanelAction[], state: LogPanelState = initialLogPanelState, context = {lines, pageLines: 10}) =>
	actions.reduce((current, action) => reduceLogPanel(current, action, context), state);
const cmd = (command: string): LogPanelAction => ({type: 'command', command: command as never});
const type = (text: string): LogPanelAction[] => [...text].map(char => ({type: 'prompt-input', text: char}));

describe('reduceLogPanel', () => {
	it('follows by default; scrolling pauses at a line, following resumes', () => {
		expect(bottomIndex(lines, initialLogPanelState)).toBe(49);
		const up = run([cmd('logs.page-up')]);
		expect(up.follow).toBe(false);
		expect(up.bottomSeq).toBe(40);
		expect(run([cmd('logs.scroll-up'), cmd('logs.scroll-up')]).bottomSeq).toBe(47);
		expect(run([cmd('logs.page-up'), cmd('logs.page-down')]).bottomSeq).toBe(49);
		expect(run([cmd('logs.top')]).bottomSeq).toBe(9);
		const bottom = run([cmd('logs.top'), cmd('logs.bottom')]);
		expect(bottom).toMatchObject({follow: false, bottomSeq: 49});
		expect(run([cmd('logs.page-up'), cmd('logs.toggle-follow')])).toMatchObject({follow: true, bottomSeq: null});
		expect(run([cmd('logs.toggle-follow')])).toMatchObject({follow: false, bottomSeq: 49});
	});

	it('keeps the paused position when older lines are evicted and newer ones arrive', () => {
		const paused = run([cmd('logs.page-up')]);
		const later = makeLines(
			Array.from({length: 50}, (_, i) => `line ${i + 20}`),
			'out',
			20,
		);
		expect(later[bottomIndex(later, paused)]!.text).toBe('line 40');
	});

	it('searches backwards from the bottom on Enter and cycles with n/N', () => {
		const context = {lines: makeLines(['a', 'ERR one', 'b', 'err two', 'c']), pageLines: 3};
		const searched = run([cmd('logs.search'), ...type('err'), {type: 'prompt-submit'}], initialLogPanelState, context);
		expect(searched.search?.ok).toBe(true);
		expect(searched.prompt).toBeNull();
		expect(searched.matchSeq).toBe(3);
		expect(searched.follow).toBe(true); // searching does not stop following; n/N do
		expect(run([cmd('logs.prev-match')], searched, context).follow).toBe(false);
		expect(run([cmd('logs.prev-match')], searched, context).matchSeq).toBe(1);
		expect(run([cmd('logs.prev-match'), cmd('logs.next-match')], searched, context).matchSeq).toBe(3);
		expect(run([cmd('logs.next-match')], searched, context).matchSeq).toBe(1); // wraps
	});

	it('keeps the prompt open on an invalid regex and reports the error', () => {
		const state = run([cmd('logs.search'), ...type('a(')]);
		expect(promptError(state)).toBe('Unterminated group');
		expect(run([{type: 'prompt-submit'}], state).prompt).not.toBeNull();
		expect(run([{type: 'prompt-backspace'}, {type: 'prompt-submit'}], state).search?.source).toBe('a');
	});

	it('filters, with ! for an inverse filter, v to invert, and err-only', () => {
		const context = {lines: [...makeLines(['GET /a', 'POST /b']), ...makeLines(['GET failed'], 'err', 2)], pageLines: 5};
		const filtered = run([cmd('logs.filter'), ...type('get'), {type: 'prompt-submit'}], initialLogPanelState, context);
		expect(shownLines(context.lines, filtered).map(l => l.text)).toEqual(['GET /a', 'GET failed']);
		const inverse = run([cmd('logs.filter'), ...type('!get'), {type: 'prompt-submit'}], initialLogPanelState, context);
		expect(shownLines(context.lines, inverse).map(l => l.text)).toEqual(['POST /b']);
		expect(shownLines(context.lines, run([cmd('logs.invert-filter')], inverse, context)).map(l => l.text)).toEqual(['GET /a', 'GET failed']);
		expect(shownLines(context.lines, run([cmd('logs.toggle-err-only')], filtered, context)).map(l => l.text)).toEqual(['GET failed']);
	});

	it('Escape closes the prompt, then clears the search, then the filter', () => {
		let state = run([cmd('logs.filter'), ...type('x'), {type: 'prompt-submit'}, cmd('logs.search'), ...type('y'), {type: 'prompt-submit'}, cmd('logs.search')]);
		state = run([{type: 'escape'}], state);
		expect(state.prompt).toBeNull();
		expect(state.search).not.toBeNull();
		state = run([{type: 'escape'}], state);
		expect(state.search).toBeNull();
		expect(state.filter).not.toBeNull();
		state = run([{type: 'escape'}], state);
		expect(state.filter).toBeNull();
	});

	it('cycles timestamps and toggles wrap and the source', () => {
		expect(run([cmd('logs.toggle-timestamps')]).timestamps).toBe('arrival');
		expect(run([cmd('logs.toggle-timestamps'), cmd('logs.toggle-timestamps')]).timestamps).toBe('app');
		expect(run([cmd('logs.toggle-timestamps'), cmd('logs.toggle-timestamps'), cmd('logs.toggle-timestamps')]).timestamps).toBe('off');
		expect(run([cmd('logs.toggle-wrap')]).wrap).toBe(true);
		expect(run([cmd('logs.show-all')]).source).toBe('all');
		expect(run([cmd('logs.show-all'), cmd('logs.show-all')]).source).toBe('process');
		expect(run([cmd('logs.show-daemon')]).source).toBe('daemon');
	});
});

describe('computeLogWindow', () => {
	const options = {width: 20, rows: 4, showProcessName: false, useColor: true};

	it('shows the last rows with markers and never more rows than asked', () => {
		const window = computeLogWindow([...makeLines(['a', 'b', 'c']), ...makeLines(['boom'], 'err', 3), ...makeLines(['x'], 'pm2', 4)], initialLogPanelState, {
			...options,
			rows: 3,
		});
		expect(window.rows.map(r => `${r.marker}${r.segments.map(s => s.text).join('')}`)).toEqual(['·c', '!boom', '#x']);
	});

	it('cuts or wraps by columns, keeping wide characters whole', () => {
		const wide = makeLines(['世界世界世界世界世界世界']); // 24 columns
		const cut = computeLogWindow(wide, initialLogPanelState, options);
		expect(cut.rows).toHaveLength(1);
		expect(cut.rows[0]!.segments.map(s => s.text).join('')).toBe('世界世界世界世界世'); // 18 columns + marker
		const wrapped = computeLogWindow(wide, {...initialLogPanelState, wrap: true}, options);
		expect(wrapped.rows.map(r => r.segments.map(s => s.text).join(''))).toEqual(['世界世界世界世界世', '界世界']);
		expect(wrapped.rows[1]!.marker).toBe(' ');
	});

	it('highlights matches and marks the current one', () => {
		const state = run([cmd('logs.search'), ...type('b'), {type: 'prompt-submit'}], initialLogPanelState, {lines: makeLines(['abcb', 'zzz']), pageLines: 4});
		const window = computeLogWindow(makeLines(['abcb', 'zzz']), state, options);
		expect(window.rows[0]!.segments).toEqual([{text: 'a'}, {text: 'b', match: 'current'}, {text: 'c'}, {text: 'b', match: 'current'}]);
		expect(window.matchPosition).toEqual({current: 1, total: 1});
	});

	it('prefixes process names (sanitized) in the merged view and keeps SGR spans as styles', () => {
		const merged: LogLine[] = [
			{seq: 0, source: 'out', pmId: 1, processName: 'ev\u001b]0;x\u0007il', receivedAtMs: 0, text: 'hi', spans: [{start: 0, end: 2, style: {color: 'red'}}]},
		];
		const window = computeLogWindow(merged, initialLogPanelState, {...options, width: 40, showProcessName: true});
		expect(window.rows[0]!.prefix).toBe('ev^[]0;x^Gil│');
		expect(window.rows[0]!.segments).toEqual([{text: 'hi', style: {color: 'red'}}]);
	});

	it('counts newer lines below a paused window', () => {
		const paused = run([cmd('logs.page-up')]);
		expect(computeLogWindow(lines, paused, options).newerCount).toBe(9);
	});
});

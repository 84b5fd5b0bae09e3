// The log view shared by the main-screen panel and the full-screen logs: a fixed-height window over the
// bounded buffer (never <Static>), driven by the pure reducer in log-panel-state.ts. All text comes out of
// source/logs/ already sanitized; process names and status messages go through toSafeText here.
import {Box, Text} from 'ink';
import React, {useEffect, useMemo, useRef, useState} from 'react';
import type {LogLine} from '../../logs/line-buffer.js';
import type {LogsSnapshot} from '../../logs/process-log-sources.js';
import type {ProcessSnapshot} from '../../model/types.js';
import {toSafeText} from '../../logs/sanitize-line.js';
import {useCommand, useRawInput} from '../input-router.js';
import type {CommandId, Scope} from '../keymap.js';
import {truncate} from '../text-fit.js';
import {glyphs, glyphText, toneColor} from '../theme.js';
import type {ViewProps} from '../view-props.js';
import {promptError, reduceLogPanel, type LogPanelAction, type LogPanelState} from './log-panel-state.js';
import {computeLogWindow, type LogRow} from './log-window.js';
import {styleText} from '../sgr-style.js';
import {StyledLine} from './styled-line.js';
import {loadPanelState, savePanelState, useLogSession, type LogSessionRequest} from './use-log-session.js';

/** One empty list, so memos keyed on the lines hold while the source has none. */
const noLines: readonly LogLine[] = [];

const namePalette = ['cyan', 'green', 'yellow', 'blue', 'magenta', 'cyanBright', 'greenBright', 'yellowBright'];

function nameColor(name: string): string {
	let hash = 0;
	for (let index = 0; index < name.length; index++) hash = (hash * 31 + name.charCodeAt(index)) >>> 0;
	return namePalette[hash % namePalette.length]!;
}

/** What identifies the merged logs of `processes`: their ids and log files. */
export function allProcessesLogKey(processes: readonly ProcessSnapshot[]): string {
	return `all:${processes.map(p => `${p.pmId}=${p.outLogPath}|${p.errLogPath}`).join(',')}`;
}

/** Which source a state shows, as a session request (null when there is nothing to show). */
export function sessionRequestFor(state: LogPanelState, props: Pick<ViewProps, 'selected' | 'state' | 'store'>): LogSessionRequest {
	if (state.source === 'daemon') {
		const home = props.store.home;
		return {key: `daemon:${home}`, open: opener => opener.daemon(home, opener.options)};
	}
	if (state.source === 'all') {
		const processes = props.state.snapshot?.processes ?? [];
		return {key: allProcessesLogKey(processes), open: opener => opener.all(processes, opener.options)};
	}
	const selected = props.selected;
	if (!selected) return null;
	return {
		key: `process:${selected.pmId}:${selected.outLogPath}:${selected.errLogPath}`,
		open: opener => opener.process(selected, opener.options),
	};
}

function headerText(state: LogPanelState, props: ViewProps, snapshot: LogsSnapshot | null, window: ReturnType<typeof computeLogWindow> | null): string {
	const subject =
		state.source === 'daemon'
			? 'PM2 daemon (pm2.log)'
			: state.source === 'all'
				? 'all processes'
				: props.selected
					? `${toSafeText(props.selected.name)} (id ${props.selected.pmId})`
					: 'no process selected';
	const parts = [`Logs · ${subject}`];
	if (snapshot && !snapshot.backfillDone) parts.push('loading…');
	parts.push(state.follow ? 'following' : `PAUSED${window && window.newerCount > 0 ? ` (+${window.newerCount} newer)` : ''} · s resumes`);
	if (state.errOnly) parts.push('stderr only');
	if (state.filter?.ok)
		parts.push(`${state.inverse ? 'hiding' : 'only'} /${toSafeText(state.filter.source)}/ (${window?.shownCount ?? 0}/${window?.totalCount ?? 0})`);
	if (state.search?.ok) {
		const position = window?.matchPosition;
		parts.push(`search /${toSafeText(state.search.source)}/ ${position ? `${position.current ?? '-'}/${position.total}` : ''}`.trim());
	}
	if (state.wrap) parts.push('wrap');
	if (state.timestamps !== 'off') parts.push(state.timestamps === 'arrival' ? 'time: arrival' : "time: app's");
	return parts.join(' · ');
}

/** The row as one styled string: marker, prefix, segments (matches inverted, spans as colours). */
function rowText(row: LogRow, noColor: boolean): string {
	const markerStyle = row.source === 'err' ? {color: 'red', bold: true} : row.source === 'pm2' ? {color: 'gray'} : undefined;
	const [timestamp, name] = row.processName !== null && row.prefix.includes('│') ? splitName(row.prefix) : [row.prefix, ''];
	let text = styleText(glyphText(row.marker), markerStyle, noColor) + ' ';
	if (timestamp) text += styleText(timestamp, {dimColor: true}, noColor);
	if (name) text += styleText(glyphText(name), row.processName ? {color: nameColor(row.processName)} : undefined, noColor);
	for (const segment of row.segments) {
		const style = segment.match
			? {
					...segment.style,
					inverse: true,
					bold: segment.match === 'current' || segment.style?.bold,
					underline: segment.match === 'current' || segment.style?.underline,
					backgroundColor: undefined,
				}
			: segment.style;
		text += styleText(segment.text, style, noColor);
	}
	return text;
}

function splitName(prefix: string): [string, string] {
	// The prefix is "[timestamp ]name│": the name part starts after the timestamp's trailing space.
	const match = /^(\d\d:\d\d:\d\d\.\d\d\d |--:--:--\.--- )?(.*)$/.exec(prefix);
	return [match?.[1] ?? '', match?.[2] ?? prefix];
}

export type LogViewProps = ViewProps & {scope: Extract<Scope, 'logs' | 'logs-full'>};

/** The log window with its header, status and prompt rows, in exactly props.height rows. */
export function LogView(props: LogViewProps) {
	const {width, height, focused, noColor, scope} = props;
	const stateKey = `${props.selected?.pmId ?? 'none'}`;
	const [state, setState] = useState<LogPanelState>(() => loadPanelState(stateKey));
	// Keys can arrive faster than React renders ("/" then "t" in one paste): the reducer runs on this ref
	// synchronously, so the second key already sees the prompt the first one opened.
	const stateRef = useRef(state);
	const loadedKeyRef = useRef(stateKey);
	if (loadedKeyRef.current !== stateKey) {
		loadedKeyRef.current = stateKey;
		stateRef.current = loadPanelState(stateKey);
	}
	useEffect(() => setState(stateRef.current), [stateKey]);
	useEffect(() => savePanelState(stateKey, state), [stateKey, state]);

	const request = sessionRequestFor(state, props);
	const snapshot = useLogSession(request);
	const lines = snapshot?.lines ?? noLines;

	const problems = (snapshot?.statuses ?? []).filter(status => status.state !== 'following' && status.state !== 'starting');
	const statusRows = height >= 4 && problems.length > 0 ? 1 : 0;
	const promptRows = state.prompt && height >= 3 ? 1 : 0;
	const headerRows = height >= 2 ? 1 : 0;
	const windowRows = Math.max(0, height - headerRows - statusRows - promptRows);

	const contextRef = useRef({lines, pageLines: windowRows});
	contextRef.current = {lines, pageLines: windowRows};
	const dispatch = (action: LogPanelAction) => {
		const next = reduceLogPanel(stateRef.current, action, contextRef.current);
		if (next === stateRef.current) return;
		stateRef.current = next;
		setState(next);
	};

	useCommand(
		scope,
		(command: CommandId) => {
			if (command === 'logs.close-full') {
				props.close();
				return true;
			}
			dispatch({type: 'command', command});
			return true;
		},
		focused,
	);
	useRawInput((input, key) => {
		const current = stateRef.current;
		if (!current.prompt) {
			if (key.escape && (current.search !== null || current.filter !== null)) {
				dispatch({type: 'escape'});
				return true;
			}
			return false;
		}
		if (key.escape) dispatch({type: 'prompt-cancel'});
		else if (key.return) dispatch({type: 'prompt-submit'});
		else if (key.backspace || key.delete) dispatch({type: 'prompt-backspace'});
		else if (!key.ctrl && !key.meta && input && !/[\u0000-\u001f\u007f]/.test(input)) dispatch({type: 'prompt-input', text: input});
		// While typing, every key belongs to the prompt (so "q" or "r" type letters, not quit or restart).
		return true;
	}, focused);

	const window = useMemo(
		() => computeLogWindow(lines, state, {width, rows: windowRows, showProcessName: state.source === 'all', useColor: !noColor}),
		[lines, state, width, windowRows, noColor],
	);

	if (height <= 0 || width <= 0) return null;
	const header = headerText(state, props, snapshot, window);
	const error = promptError(state);
	const emptyText = !request
		? 'No process selected.'
		: !snapshot || !snapshot.backfillDone
			? 'Reading the log files…'
			: lines.length === 0
				? 'No log lines yet.'
				: 'No line matches the filter.';
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{headerRows ? (
				<StyledLine
					styled={styleText(
						truncate(glyphText(header), width),
						focused ? (noColor ? {bold: true, underline: true} : {bold: true, inverse: true}) : {bold: true},
						noColor,
					)}
					width={width}
				/>
			) : null}
			{statusRows ? (
				<Text color={toneColor('warning', noColor)} wrap="truncate-end">
					{truncate(glyphText(problems.map(problem => problem.message).join(' · ')), width)}
				</Text>
			) : null}
			<Box flexDirection="column" height={windowRows} overflow="hidden">
				{window.rows.length === 0 && windowRows > 0 ? (
					<Text dimColor>{truncate(glyphText(emptyText), width)}</Text>
				) : (
					// Keyed by place, not by line: a followed log scrolls by many lines an update, and rows keyed by their
					// line were all unmounted and mounted again (React fibers, Ink nodes, Yoga layout) on every update.
					window.rows.map((row, place) => <StyledLine key={place} styled={rowText(row, noColor)} width={width} />)
				)}
			</Box>
			{promptRows ? (
				<Text wrap="truncate-end">
					{truncate(
						`${state.prompt!.kind === 'search' ? '/' : '&'}${toSafeText(state.prompt!.text)}${glyphs.cursor}${glyphText(error ? `  ✖ ${error}` : '  Enter apply · Esc cancel')}`,
						width,
					)}
				</Text>
			) : null}
		</Box>
	);
}

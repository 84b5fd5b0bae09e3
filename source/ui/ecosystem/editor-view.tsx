// Full-screen ecosystem editor (`e`): line numbers, lint markers on their lines, undo/redo, search, and a save
// that validates, shows the diff, writes atomically and then offers to apply the file to the apps it changed.
// Props in, JSX out: the session is a state machine in source/services/editor/editor-service.ts; this view
// draws its state and turns keys into calls on it.
import {Box, Text} from 'ink';
import React, {useEffect, useState, useSyncExternalStore} from 'react';
import type {ConfigEdit} from '../../ecosystem/edit-config.js';
import {displayPath} from '../../ecosystem/editor-session.js';
import type {TerminalHandoff} from '../../ecosystem/external-editor.js';
import type {LintFinding} from '../../ecosystem/lint-ecosystem.js';
import {toSafeText, toSameWidthText} from '../../logs/sanitize-line.js';
import * as tb from '../../ecosystem/text-buffer.js';
import {isOverlay, type EditorState} from '../../services/editor/editor-state.js';
import {useRawInput, type RawInputHandler} from '../input-router.js';
import {keyNameOf} from '../key-names.js';
import type {CommandId} from '../keymap.js';
import {resolveCommand} from '../keymap-resolve.js';
import {truncate} from '../text-fit.js';
import {toneColor} from '../theme.js';
import type {ViewProps} from '../view-props.js';
import {overlayLines, promptText, severityGlyph, summary} from './editor-text.js';
import {editorScopes, useEditorService} from './editor-service-context.js';
import {fitOverlayLines, wrapText} from './fit-lines.js';

export type EditorViewProps = ViewProps & {
	/** `--ecosystem FILE`: skips the search. */
	ecosystemFile?: string;
	/** Gives the terminal to $VISUAL/$EDITOR and takes it back; without it ctrl+o / `E` say it is not available. */
	handoff?: TerminalHandoff;
	/** Opened with `E`: hand the buffer to the external editor right after loading. */
	startInExternalEditor?: boolean;
	/** A doctor fix to put into the buffer right after loading; the file is that fix's app's file. */
	initialEdit?: ConfigEdit;
};

/** Messages are wrapped, never cut (they carry paths); past this many rows they scroll with the text. */
const maxMessageRows = 4;

/** The ecosystem editor view (docs/ui-contract.md §4 slot "ecosystem editor"). */
export function EditorView(props: EditorViewProps) {
	const {width, height, focused, noColor} = props;
	const service = useEditorService();
	const state = useSyncExternalStore(service.subscribe, service.getState, service.getState);
	const processes = props.state.snapshot?.processes ?? [];

	// What to open is decided once, when the view opens: a doctor fix names its app, which may not be the
	// process selected in the table.
	const [openRequest] = useState(() => ({
		target: (props.initialEdit?.appName ? processes.find(process => process.name === props.initialEdit!.appName) : undefined) ?? props.selected,
		explicitFile: props.ecosystemFile,
		pm2Home: props.store.home,
		initialEdit: props.initialEdit,
		startExternal: props.startInExternalEditor,
		readOnly: props.readOnly,
		handoff: props.handoff,
	}));
	useEffect(() => {
		void service.open(openRequest);
		// Leaving with unsaved changes (Ctrl-C quits from anywhere) keeps them in a recovery file.
		return () => void service.close();
	}, [service, openRequest]);

	const message = messageLines(state, width);
	const textRows = Math.max(1, height - 2 - message.length);
	// "  12 ✖ ": line number, a space, the lint marker, a space.
	const numberWidth = Math.max(3, String(state.buffer.lines.length).length);
	const textColumns = Math.max(1, width - numberWidth - 3);
	service.setViewport(textRows, textColumns);

	const close = () => {
		if (service.requestClose() === 'close') props.close();
	};
	const offerApply = (withEnv: boolean) => {
		const request = service.applyRequest(withEnv);
		// App names and paths come from the file: the status line shows them through the sanitizer.
		if (!request.ok) return props.flash(toSafeText(request.message), 'error');
		props.confirm({
			title: 'Apply',
			message: toSafeText(request.message),
			onConfirm: async () => {
				const outcome = await service.apply(request.envName);
				if (outcome.result) props.flash(toSafeText(outcome.result.message), outcome.result.ok ? 'info' : 'error');
				if (outcome.returnToFlow) props.close();
			},
		});
	};

	const onCommand = (command: CommandId): boolean => {
		const commands: Partial<Record<CommandId, () => unknown>> = {
			'ecosystem.save': service.save,
			'ecosystem.undo': service.undo,
			'ecosystem.redo': service.redo,
			'ecosystem.search': service.startSearch,
			'ecosystem.search-next': service.searchNext,
			'ecosystem.next-finding': service.nextFinding,
			'ecosystem.lint': service.lint,
			'ecosystem.fix': service.fix,
			'ecosystem.revert': service.revert,
			'ecosystem.delete-line': () => service.edit(tb.deleteLine),
			'ecosystem.delete-forward': () => service.edit(tb.deleteForward),
			'ecosystem.external-editor': service.externalEdit,
			'ecosystem.close': close,
			'ecosystem.discard': () => {
				service.discard();
				props.close();
			},
			'ecosystem.keep-editing': service.backToEditing,
			'ecosystem.confirm-save': () => service.confirmSave({}),
			'ecosystem.save-anyway': () => service.confirmSave({force: true}),
			'ecosystem.write-in-place': () => service.confirmSave({allowInPlace: true}),
			'ecosystem.back-to-editing': service.backToEditing,
			'ecosystem.apply': () => offerApply(false),
			'ecosystem.apply-env': () => offerApply(true),
			'ecosystem.scroll-up': () => service.scroll(-1),
			'ecosystem.scroll-down': () => service.scroll(1),
			'ecosystem.page-up': () => service.scroll(-textRows),
			'ecosystem.page-down': () => service.scroll(textRows),
			'ecosystem.create-starter': service.createStarter,
		};
		const run = commands[command];
		if (!run) return false;
		void run();
		return true;
	};
	const onRawKey: RawInputHandler = (input, key) => {
		const {phase, readOnly} = service.getState();
		// The mode's keys are resolved here, against the service's mode at this instant: the app's scopes follow
		// the mode one render later, and a key typed in between must not land in the file.
		const name = keyNameOf(input, key);
		const resolved =
			name === null
				? null
				: resolveCommand(
						name,
						editorScopes(phase.kind, readOnly).filter(scope => scope !== 'global'),
						readOnly,
					);
		if (resolved && onCommand(resolved.command)) return true;
		if (phase.kind === 'search') {
			if (key.escape) service.backToEditing();
			else if (key.return) service.submitSearch();
			else if (key.backspace || key.delete) service.typeSearch(query => query.slice(0, -1));
			else if (!key.ctrl && !key.meta && input) service.typeSearch(query => query + input);
			return true;
		}
		if (phase.kind === 'discard') {
			if (key.escape) return false; // the keymap: ecosystem.discard
			service.backToEditing();
			return true;
		}
		if (phase.kind !== 'editing') return false;
		if (key.escape) return false; // the keymap: ecosystem.close
		if (key.ctrl || key.meta) {
			// Read-only: a key that would change the file says why it does nothing.
			if (!readOnly || name === null || name === 'ctrl+c' || resolveCommand(name, ['editor-view'], true) || !resolveCommand(name, ['editor'], true))
				return false;
			service.edit(buffer => buffer);
			return true;
		}
		const move = (movement: tb.Movement) => service.move(buffer => tb.moveCursor(buffer, movement, textRows));
		if (key.upArrow) move('up');
		else if (key.downArrow) move('down');
		else if (key.leftArrow) move('left');
		else if (key.rightArrow) move('right');
		else if (key.pageUp) move('page-up');
		else if (key.pageDown) move('page-down');
		else if (key.home) move('line-start');
		else if (key.end) move('line-end');
		else if (readOnly && input === 'q')
			return false; // the keymap: ecosystem.close
		else if (key.return) service.edit(tb.insertNewline);
		// Ink 6 reports the Backspace key (0x7f) as `delete`, like the real Delete key: both delete backwards;
		// ctrl+d deletes forwards.
		else if (key.backspace || key.delete) service.edit(tb.deleteBackward);
		else if (key.tab) service.edit(buffer => tb.insertText(buffer, '  '));
		else if (input) {
			// A paste arrives as one chunk: keep tabs and newlines, drop other control characters.
			const text = input.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
			if (text !== '') service.edit(buffer => tb.insertText(buffer, text));
		} else return false;
		return true;
	};
	useRawInput(onRawKey, focused);

	const {phase, session, buffer} = state;
	const title = session
		? `${displayPath(session.file)}${tb.isModified(buffer) ? ' [modified]' : ''}${state.readOnly ? ' [read-only]' : ''} · ${session.reason}`
		: 'Ecosystem editor';
	const findingsByLine = new Map<number, LintFinding[]>();
	for (const finding of session?.report.findings ?? []) {
		if (finding.line !== null) findingsByLine.set(finding.line, [...(findingsByLine.get(finding.line) ?? []), finding]);
	}

	const rows: React.ReactNode[] = [];
	if (isOverlay(phase)) {
		const lines = fitOverlayLines(overlayLines(phase, session, state.readOnly, processes), width);
		const offset = Math.min(phase.offset, Math.max(0, lines.length - textRows));
		for (const [index, line] of lines.slice(offset, offset + textRows).entries()) {
			rows.push(
				<Text key={index} color={line.tone ? toneColor(line.tone, noColor) : undefined}>
					{truncate(toSameWidthText(line.text), width)}
				</Text>,
			);
		}
	} else if (phase.kind === 'editing' || phase.kind === 'search' || phase.kind === 'discard') {
		for (const {lineNumber, text} of tb.visibleLines(buffer, textRows, textColumns)) {
			const findings = findingsByLine.get(lineNumber) ?? [];
			const worst = findings.find(f => f.severity === 'error') ?? findings.find(f => f.severity === 'warning') ?? findings[0];
			const markerColor = worst ? toneColor(worst.severity === 'error' ? 'error' : worst.severity === 'warning' ? 'warning' : 'muted', noColor) : undefined;
			const shown = toSameWidthText(text);
			const cursorColumn = buffer.cursor.column - buffer.scrollLeft;
			rows.push(
				<Box key={lineNumber}>
					<Text color={toneColor('muted', noColor)}>{String(lineNumber).padStart(numberWidth)} </Text>
					<Text color={markerColor}>{worst ? severityGlyph[worst.severity] : ' '}</Text>
					<Text> </Text>
					{lineNumber - 1 === buffer.cursor.line ? (
						<Text>
							{shown.slice(0, cursorColumn)}
							<Text inverse>{shown[cursorColumn] ?? ' '}</Text>
							{shown.slice(cursorColumn + 1)}
						</Text>
					) : (
						<Text>{shown}</Text>
					)}
				</Box>,
			);
		}
	} else {
		const text = phase.message;
		for (const [index, line] of wrapText(toSameWidthText(text), width, '  ').entries()) {
			rows.push(
				<Text key={`m${index}`} color={toneColor(phase.kind === 'unavailable' ? 'error' : 'muted', noColor)}>
					{line}
				</Text>,
			);
		}
	}
	while (rows.length < textRows) rows.push(<Text key={`pad-${rows.length}`}> </Text>);

	const cursorFinding = (findingsByLine.get(buffer.cursor.line + 1) ?? [])[0];
	const findingLine =
		phase.kind === 'editing' && cursorFinding
			? `${severityGlyph[cursorFinding.severity]} ${cursorFinding.message} → ${cursorFinding.fix}`
			: session
				? summary(session.report)
				: '';
	const noteColor = state.note ? toneColor(state.note.tone, noColor) : toneColor('accent', noColor);

	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text bold>{truncate(toSameWidthText(title), width)}</Text>
			{rows.slice(0, textRows)}
			<Text color={toneColor('warning', noColor)}>{truncate(toSameWidthText(findingLine), width)}</Text>
			{message.map((line, index) => (
				<Text key={`note-${index}`} color={noteColor}>
					{line}
				</Text>
			))}
		</Box>
	);
}

/** The note (or the mode's prompt), wrapped to the width: a path in it is never cut off. */
function messageLines(state: EditorState, width: number): string[] {
	const text = toSameWidthText(state.note?.text ?? promptText(state));
	const lines = wrapText(text, width, '  ');
	return lines.length <= maxMessageRows ? lines : [...lines.slice(0, maxMessageRows - 1), truncate(lines.slice(maxMessageRows - 1).join(' '), width)];
}

// Full-screen ecosystem editor (`e`): line numbers, lint markers on their lines, undo/redo, search, and a save
// that validates (in a child process), shows the diff, writes atomically and then offers to apply the file.
// The text model is pure (source/ecosystem/text-buffer.ts); the steps are in source/ecosystem/editor-session.ts.
import fs from 'node:fs';
import {Box, Text} from 'ink';
import React, {useCallback, useEffect, useRef, useState} from 'react';
import {applyEcosystem} from '../../ecosystem/apply-ecosystem.js';
import {detectConfigFormat} from '../../ecosystem/config-format.js';
import {applyConfigEdit, type ConfigEdit} from '../../ecosystem/edit-config.js';
import {displayPath, openEditorSession, saveSession, validateText, type EditorSession} from '../../ecosystem/editor-session.js';
import {envBlockNames, overlayLines, severityGlyph, summary, type Phase, type Validation} from './editor-text.js';
import {toSameWidthText as inertChars} from '../../logs/sanitize-line.js';
import {editInExternalEditor, type TerminalHandoff} from '../../ecosystem/external-editor.js';
import {hasBlockingFindings, type LintFinding} from '../../ecosystem/lint-ecosystem.js';
import {runInitCommand} from '../../ecosystem/init-command.js';
import {listBackups, writeRecoveryFile} from '../../ecosystem/save-ecosystem-file.js';
import * as tb from '../../ecosystem/text-buffer.js';
import {useCommand, useRawInput} from '../input-router.js';
import type {CommandId} from '../keymap.js';
import {truncate} from '../text-fit.js';
import {toneColor} from '../theme.js';
import type {ViewProps} from '../view-props.js';

export type EditorViewProps = ViewProps & {
	/** `--ecosystem FILE`: skips the search. */
	ecosystemFile?: string;
	/** Gives the terminal to $VISUAL/$EDITOR and takes it back; without it ctrl+o / `E` say it is not available. */
	handoff?: TerminalHandoff;
	/** Opened with `E`: hand the buffer to the external editor right after loading. */
	startInExternalEditor?: boolean;
	/**
	 * A config change to put into the buffer right after loading (a doctor playbook fix: the doctor's
	 * `ecosystemChangeOf` returns this shape). Nothing is saved: ctrl+s shows the diff first.
	 */
	initialEdit?: ConfigEdit;
};

/** The ecosystem editor view (docs/ui-contract.md §4 slot "ecosystem editor"). */
export function EditorView(props: EditorViewProps) {
	const {width, height, focused, noColor} = props;
	const [phase, setPhaseState] = useState<Phase>({kind: 'loading', message: 'Looking for the ecosystem file…'});
	const [session, setSession] = useState<EditorSession | null>(null);
	const [buffer, setBuffer] = useState<tb.TextBuffer>(() => tb.createTextBuffer(''));
	const [lastSearch, setLastSearch] = useState('');
	const [note, setNote] = useState<string | null>(null);
	const bufferRef = useRef(buffer);
	bufferRef.current = buffer;
	// Like bufferRef: the latest phase for keys that arrive before the next render.
	const phaseRef = useRef(phase);
	const setPhase = useCallback((next: Phase) => {
		phaseRef.current = next;
		setPhaseState(next);
	}, []);
	const sessionRef = useRef(session);
	sessionRef.current = session;

	const textRows = Math.max(1, height - 3);
	// "  12 ✖ ": line number, a space, the lint marker, a space.
	const numberWidth = Math.max(3, String(buffer.lines.length).length);
	const gutterWidth = numberWidth + 3;
	const textColumns = Math.max(1, width - gutterWidth);

	// The ref is updated at once, not at the next render: keys that arrive before React re-renders (a paste, a
	// fast typist, the external editor's result followed by a save) must build on the latest buffer.
	const update = useCallback(
		(next: tb.TextBuffer) => {
			const scrolled = tb.scrollIntoView(next, textRows, textColumns);
			bufferRef.current = scrolled;
			setBuffer(scrolled);
		},
		[textRows, textColumns],
	);

	const runExternalEditor = useCallback(async () => {
		const current = sessionRef.current;
		if (!current) return;
		if (!props.handoff) {
			setNote('The external editor is not available here (no terminal handoff). Use this editor, or run $EDITOR yourself.');
			return;
		}
		const result = await editInExternalEditor(tb.getText(bufferRef.current), {fileName: current.file, handoff: props.handoff});
		if (!result.ok) {
			setNote(result.message);
			return;
		}
		if (!result.changed) {
			setNote(`No changes from ${result.editor}.`);
			return;
		}
		update(tb.replaceText(bufferRef.current, result.text));
		setNote(`Changes from ${result.editor} are in the buffer: validating…`);
		await startSave();
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [props.handoff, update]);

	// Open the file once, for the process selected when the editor was opened.
	useEffect(() => {
		let cancelled = false;
		const target = props.selected;
		void openEditorSession(target, {explicitFile: props.ecosystemFile, pm2Home: props.store.home}).then(result => {
			if (cancelled) return;
			if (!result.ok) {
				setPhase({kind: 'unavailable', message: result.message});
				return;
			}
			sessionRef.current = result.session; // runExternalEditor below runs before the next render
			setSession(result.session);
			if (result.session.removedTempFiles.length > 0) setNote(`Removed ${result.session.removedTempFiles.length} temp file(s) left by an interrupted save.`);
			const opened = tb.createTextBuffer(result.session.opened.text);
			const appFinding = result.session.report.findings.find(finding => finding.appName === target?.name && finding.line !== null);
			update(appFinding ? tb.setCursor(opened, {line: appFinding.line! - 1, column: 0}) : opened);
			setPhase({kind: 'editing'});
			if (props.initialEdit) {
				const format = detectConfigFormat(result.session.file.split('/').pop() ?? '') ?? 'js';
				const edited = applyConfigEdit(result.session.opened.text, format, props.initialEdit);
				if (edited.ok) {
					update(tb.replaceText(bufferRef.current, edited.text));
					setNote(`Suggested change in the buffer: ${props.initialEdit.key} → ${JSON.stringify(props.initialEdit.value)}. ctrl+s shows the diff before saving; ctrl+z undoes.`);
				} else {
					setNote(`The suggested change (${props.initialEdit.key}) cannot be applied automatically: ${edited.message}`);
				}
			}
			if (props.startInExternalEditor) void runExternalEditor();
		});
		return () => {
			cancelled = true;
		};
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, []);

	// Leaving with unsaved changes (Ctrl-C quits from anywhere) keeps them in a recovery file.
	useEffect(
		() => () => {
			const current = sessionRef.current;
			if (current && tb.isModified(bufferRef.current)) writeRecoveryFile(current.backupDir, current.opened, tb.getText(bufferRef.current));
		},
		[],
	);

	// No file found: write a best-practice one into the app's folder (pm2-doctor init) and open it.
	async function createStarterFile(folder: string) {
		let error = '';
		const code = await runInitCommand({cwd: folder, write: () => {}, writeError: text => (error += text)});
		if (code !== 0) {
			setPhase({kind: 'unavailable', message: error.trim()});
			return;
		}
		const result = await openEditorSession(props.selected, {explicitFile: `${folder}/ecosystem.config.js`, pm2Home: props.store.home});
		if (!result.ok) {
			setPhase({kind: 'unavailable', message: result.message});
			return;
		}
		setSession(result.session);
		update(tb.createTextBuffer(result.session.opened.text));
		setNote('Created ecosystem.config.js from pm2-doctor init; review it, then apply with pm2 delete + pm2 start (a new file).');
		setPhase({kind: 'editing'});
	}

	async function startSave() {
		const current = sessionRef.current;
		if (!current) return;
		const text = tb.getText(bufferRef.current);
		if (text === current.opened.text) {
			setNote('No changes to save.');
			setPhase({kind: 'editing'});
			return;
		}
		setPhase({kind: 'busy', message: 'Validating (the file is evaluated in a separate node process)…'});
		const validation = await validateText(current.file, text, current.pm2Home);
		setSession({...current, report: validation.report});
		const {createTwoFilesPatch} = await import('diff');
		const diff = createTwoFilesPatch(current.file, current.file, current.opened.text, text, 'on disk', 'edited', {context: 3}).split('\n').slice(2);
		setPhase({kind: 'review', validation, diff, offset: 0});
	}

	async function confirmSave(options: {force?: boolean; allowInPlace?: boolean}, validation: Validation) {
		const current = sessionRef.current;
		if (!current) return;
		setPhase({kind: 'busy', message: 'Saving…'});
		const outcome = await saveSession(current, tb.getText(bufferRef.current), validation, options);
		if (!outcome.save.ok) {
			setPhase({kind: 'refused', save: outcome.save, validation, diff: 'diff' in outcome.save ? outcome.save.diff.split('\n').slice(2) : [], offset: 0});
			return;
		}
		setSession(outcome.session);
		bufferRef.current = tb.markSaved(bufferRef.current, outcome.session.opened.text);
		setBuffer(bufferRef.current);
		setPhase({kind: 'saved', save: outcome.save, changes: outcome.changes, explanation: outcome.explanation, appAfter: outcome.session.appBefore, offset: 0});
	}

	function offerApply(saved: Extract<Phase, {kind: 'saved'}>, envName: string | null = null) {
		const current = sessionRef.current;
		if (!current || props.readOnly) return;
		const only = current.appName;
		const flags = `${only ? ` --only ${only}` : ''}${envName ? ` --env ${envName}` : ''}`;
		props.confirm({
			title: 'Apply',
			// Short: the confirm line is one row; the full command is shown in the view above it.
			message: `Apply ${current.file.split('/').pop()}${only ? ` to "${only}"` : ''} (pm2 startOrReload${flags})?`,
			onConfirm: async () => {
				setPhase({kind: 'busy', message: 'Applying with pm2 startOrReload…'});
				const result = await applyEcosystem({file: current.file, pm2Home: props.store.home, only, envName});
				props.flash(result.message, result.ok ? 'info' : 'error');
				setPhase({kind: 'applied', result, changes: saved.changes, appAfter: saved.appAfter, offset: 0});
			},
		});
	}

	const handleCommand = useCallback(
		(command: CommandId): boolean => {
			if (phaseRef.current.kind !== 'editing') return false;
			const current = bufferRef.current;
			switch (command) {
				case 'ecosystem.save':
					void startSave();
					return true;
				case 'ecosystem.undo':
					update(tb.undo(current));
					return true;
				case 'ecosystem.redo':
					update(tb.redo(current));
					return true;
				case 'ecosystem.search':
					setPhase({kind: 'search', query: ''});
					return true;
				case 'ecosystem.search-next': {
					const result = tb.search(current, lastSearch);
					update(result.buffer);
					setNote(result.found ? null : `Not found: ${lastSearch}`);
					return true;
				}
				case 'ecosystem.next-finding': {
					const lines = (sessionRef.current?.report.findings ?? []).map(finding => finding.line).filter((line): line is number => line !== null);
					const next = [...new Set(lines)].sort((a, b) => a - b).find(line => line - 1 > current.cursor.line) ?? Math.min(...lines);
					if (Number.isFinite(next)) update(tb.setCursor(current, {line: next - 1, column: 0}));
					return true;
				}
				case 'ecosystem.lint': {
					const active = sessionRef.current;
					if (!active) return true;
					setNote('Linting…');
					void validateText(active.file, tb.getText(current), active.pm2Home).then(validation => {
						setSession(latest => (latest ? {...latest, report: validation.report} : latest));
						setNote(summary(validation.report));
					});
					return true;
				}
				case 'ecosystem.fix': {
					const active = sessionRef.current;
					if (!active) return true;
					const fixable = active.report.findings.filter(finding => finding.edit && finding.line !== null);
					const finding = fixable.find(entry => entry.line === current.cursor.line + 1) ?? fixable.find(entry => entry.line! > current.cursor.line + 1) ?? fixable[0];
					if (!finding?.edit) {
						setNote('No finding with a one-key fix here.');
						return true;
					}
					const format = detectConfigFormat(active.file.split('/').pop() ?? '') ?? 'js';
					const result = applyConfigEdit(tb.getText(current), format, finding.edit);
					if (!result.ok) {
						setNote(result.message);
						return true;
					}
					update(tb.replaceText(current, result.text));
					setNote(`Fixed: ${finding.edit.key} → ${JSON.stringify(finding.edit.value)} (ctrl+z undoes; the diff is shown before saving). Re-linting…`);
					void validateText(active.file, result.text, active.pm2Home).then(validation => {
						setSession(latest => (latest ? {...latest, report: validation.report} : latest));
					});
					return true;
				}
				case 'ecosystem.revert': {
					const active = sessionRef.current;
					const latest = active ? listBackups(active.backupDir, active.opened)[0] : undefined;
					if (!active || !latest) {
						setNote('No backup of this file yet (one is made before every save).');
						return true;
					}
					update(tb.replaceText(current, fs.readFileSync(latest, 'utf8')));
					setNote(`Loaded ${latest.split('/').pop()} into the buffer: ctrl+s saves it, ctrl+z undoes.`);
					return true;
				}
				case 'ecosystem.delete-line':
					update(tb.deleteLine(current));
					return true;
				case 'ecosystem.delete-forward':
					update(tb.deleteForward(current));
					return true;
				case 'ecosystem.external-editor':
					void runExternalEditor();
					return true;
				default:
					return false;
			}
		},
		// eslint-disable-next-line react-hooks/exhaustive-deps
		[phase.kind, lastSearch, update, runExternalEditor],
	);
	useCommand('editor', handleCommand, focused);

	const handleRaw = useCallback(
		(input: string, key: Parameters<Parameters<typeof useRawInput>[0]>[1]): boolean => {
			const current = bufferRef.current;
			const phase = phaseRef.current;
			if (phase.kind === 'search') {
				if (key.escape) setPhase({kind: 'editing'});
				else if (key.return) {
					const result = tb.search(current, phase.query);
					update(result.buffer);
					setLastSearch(phase.query);
					setNote(result.found ? null : `Not found: ${phase.query}`);
					setPhase({kind: 'editing'});
				} else if (key.backspace || key.delete) setPhase({kind: 'search', query: phase.query.slice(0, -1)});
				else if (!key.ctrl && !key.meta && input) setPhase({kind: 'search', query: phase.query + input});
				return true;
			}
			if (phase.kind === 'review' || phase.kind === 'refused' || phase.kind === 'saved' || phase.kind === 'applied') {
				const scroll = (delta: number) => setPhase({...phase, offset: Math.max(0, phase.offset + delta)} as Phase);
				if (key.upArrow) scroll(-1);
				else if (key.downArrow) scroll(1);
				else if (key.pageUp) scroll(-textRows);
				else if (key.pageDown) scroll(textRows);
				else if (key.escape || input === 'n') {
					setPhase({kind: 'editing'});
				} else if (phase.kind === 'review' && input === 'y') {
					void confirmSave({}, phase.validation);
				} else if (phase.kind === 'review' && input === '!') {
					void confirmSave({force: true}, phase.validation);
				} else if (phase.kind === 'refused' && phase.save.reason === 'read-only-directory' && input === 'i') {
					void confirmSave({allowInPlace: true, force: hasBlockingFindings(phase.validation.report)}, phase.validation);
				} else if (phase.kind === 'saved' && input === 'a' && !props.readOnly) {
					offerApply(phase);
				} else if (phase.kind === 'saved' && input === 'A' && !props.readOnly && envBlockNames(phase.changes)[0]) {
					offerApply(phase, envBlockNames(phase.changes)[0]);
				}
				return true;
			}
			if (phase.kind === 'discard') {
				if (key.escape) {
					const active = sessionRef.current;
					if (active) writeRecoveryFile(active.backupDir, active.opened, tb.getText(current));
					bufferRef.current = tb.markSaved(current);
					setBuffer(bufferRef.current);
					return false; // falls through to app.back: closes the view
				}
				setPhase({kind: 'editing'});
				return true;
			}
			if (phase.kind === 'unavailable' && input === 'i' && props.selected && !props.readOnly) {
				void createStarterFile(props.selected.cwd);
				return true;
			}
			if (phase.kind !== 'editing') return false;
			if (key.escape) {
				if (!tb.isModified(current)) return false;
				setPhase({kind: 'discard'});
				return true;
			}
			if (key.ctrl || key.meta) return false; // commands: resolved by the keymap
			if (key.upArrow) update(tb.moveCursor(current, 'up', textRows));
			else if (key.downArrow) update(tb.moveCursor(current, 'down', textRows));
			else if (key.leftArrow) update(tb.moveCursor(current, 'left'));
			else if (key.rightArrow) update(tb.moveCursor(current, 'right'));
			else if (key.pageUp) update(tb.moveCursor(current, 'page-up', textRows));
			else if (key.pageDown) update(tb.moveCursor(current, 'page-down', textRows));
			else if (key.home) update(tb.moveCursor(current, 'line-start'));
			else if (key.end) update(tb.moveCursor(current, 'line-end'));
			else if (key.return) update(tb.insertNewline(current));
			// Ink 6 reports the Backspace key (0x7f) as `delete`, like the real Delete key: both delete backwards;
			// ctrl+d deletes forwards.
			else if (key.backspace || key.delete) update(tb.deleteBackward(current));
			else if (key.tab) update(tb.insertText(current, '  '));
			else if (input) {
				// A paste arrives as one chunk: keep tabs and newlines, drop other control characters.
				// eslint-disable-next-line no-control-regex
				const text = input.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
				if (text === '') return true;
				update(tb.insertText(current, text));
			}
			else return false;
			setNote(null);
			return true;
		},
		// eslint-disable-next-line react-hooks/exhaustive-deps
		[phase, update, textRows, props.readOnly],
	);
	useRawInput(handleRaw, focused);

	const title = session ? `${displayPath(session.file)}${tb.isModified(buffer) ? ' [modified]' : ''} · ${session.reason}` : 'Ecosystem editor';
	const rows: React.ReactNode[] = [];
	const findingsByLine = new Map<number, LintFinding[]>();
	for (const finding of session?.report.findings ?? []) {
		if (finding.line === null) continue;
		findingsByLine.set(finding.line, [...(findingsByLine.get(finding.line) ?? []), finding]);
	}

	if (phase.kind === 'loading' || phase.kind === 'unavailable' || phase.kind === 'busy') {
		rows.push(<Text key="m" color={toneColor(phase.kind === 'unavailable' ? 'error' : 'muted', noColor)}>{truncate(inertChars(phase.message), width)}</Text>);
	} else if (phase.kind === 'editing' || phase.kind === 'search' || phase.kind === 'discard') {
		const visible = tb.visibleLines(buffer, textRows, textColumns);
		for (const {lineNumber, text} of visible) {
			const findings = findingsByLine.get(lineNumber) ?? [];
			const worst = findings.find(f => f.severity === 'error') ?? findings.find(f => f.severity === 'warning') ?? findings[0];
			const marker = worst ? severityGlyph[worst.severity] : ' ';
			const markerColor = worst ? toneColor(worst.severity === 'error' ? 'error' : worst.severity === 'warning' ? 'warning' : 'muted', noColor) : undefined;
			const isCursorLine = lineNumber - 1 === buffer.cursor.line;
			const shown = inertChars(text);
			const cursorColumn = buffer.cursor.column - buffer.scrollLeft;
			rows.push(
				<Box key={lineNumber}>
					<Text color={toneColor('muted', noColor)}>{String(lineNumber).padStart(numberWidth)} </Text>
					<Text color={markerColor}>{marker}</Text>
					<Text> </Text>
					{isCursorLine ? (
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
		const lines = overlayLines(phase, session, props.readOnly, props.selected);
		const offset = Math.min(phase.offset, Math.max(0, lines.length - textRows));
		for (const [index, line] of lines.slice(offset, offset + textRows).entries()) {
			const tone = line.startsWith('+') ? 'info' : line.startsWith('-') ? 'error' : line.startsWith('!') ? 'warning' : undefined;
			rows.push(<Text key={index} color={tone ? toneColor(tone, noColor) : undefined}>{truncate(inertChars(line), width)}</Text>);
		}
	}
	while (rows.length < textRows) rows.push(<Text key={`pad-${rows.length}`}> </Text>);

	const cursorFindings = findingsByLine.get(buffer.cursor.line + 1) ?? [];
	const findingLine =
		phase.kind === 'editing' && cursorFindings[0]
			? `${severityGlyph[cursorFindings[0].severity]} ${cursorFindings[0].message} → ${cursorFindings[0].fix}`
			: session
				? summary(session.report)
				: '';
	const promptLine =
		phase.kind === 'unavailable' && props.selected && !props.readOnly
			? `i create a best-practice ecosystem.config.js in ${props.selected.cwd} · Esc back`
			: phase.kind === 'search'
			? `Search: ${phase.query}`
			: phase.kind === 'discard'
				? 'Unsaved changes: Esc again to close (a copy goes to the recovery folder), any other key to keep editing.'
				: phase.kind === 'review'
					? `y save · ${hasBlockingFindings(phase.validation.report) ? '! save anyway · ' : ''}Esc back to editing · ↑↓ scroll`
					: phase.kind === 'refused'
						? `${phase.save.reason === 'read-only-directory' ? 'i write in place (verified, backup kept, not crash-safe) · ' : ''}Esc back to editing`
						: phase.kind === 'saved'
							? `${props.readOnly ? '' : `a apply with pm2 startOrReload · ${envBlockNames(phase.changes)[0] ? `A apply with --env ${envBlockNames(phase.changes)[0]} · ` : ''}`}Esc back to editing`
							: note ?? `Ln ${buffer.cursor.line + 1}, Col ${buffer.cursor.column + 1}`;

	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text bold>{truncate(inertChars(title), width)}</Text>
			{rows}
			<Text color={toneColor('warning', noColor)}>{truncate(inertChars(findingLine), width)}</Text>
			<Text color={toneColor('accent', noColor)}>{truncate(inertChars(promptLine), width)}</Text>
		</Box>
	);
}


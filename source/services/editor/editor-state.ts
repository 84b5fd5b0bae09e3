// The ecosystem editor's state machine, as data: the phases a session goes through
// (editing → validating → reviewing → saving → saved → applying → applied / failed, with search, refusal and
// discard on the side) and what each holds. source/services/editor/editor-service.ts moves between them and runs
// the effects; the view only draws a state and turns keys into service calls.
import type {ApplyResult} from '../../ecosystem/apply-ecosystem.js';
import type {ApplyPlan} from '../../ecosystem/apply-plan.js';
import {envBlockNames, onlyArgument} from '../../ecosystem/apply-targets.js';
import type {ConfigEdit} from '../../ecosystem/edit-config.js';
import type {EditorSession} from '../../ecosystem/editor-session.js';
import type {TerminalHandoff} from '../../ecosystem/external-editor.js';
import type {EcosystemTarget} from '../../ecosystem/find-ecosystem-file.js';
import type {LintReport} from '../../ecosystem/lint-ecosystem.js';
import type {LoadResult} from '../../ecosystem/load-ecosystem-file.js';
import type {SaveResult} from '../../ecosystem/save-ecosystem-file.js';
import {createTextBuffer, isModified, type TextBuffer} from '../../ecosystem/text-buffer.js';

export type Validation = {report: LintReport; load: LoadResult};

export type Phase =
	| {kind: 'loading'; message: string}
	/** No file to edit; `starterFolder` is where `i` would create one. */
	| {kind: 'unavailable'; message: string; starterFolder: string | null}
	| {kind: 'editing'}
	| {kind: 'search'; query: string}
	| {kind: 'validating'; message: string}
	| {kind: 'reviewing'; validation: Validation; diff: string[]; offset: number}
	| {kind: 'refused'; save: Exclude<SaveResult, {ok: true}>; validation: Validation; diff: string[]; offset: number}
	| {kind: 'saving'; message: string}
	| {kind: 'saved'; save: Extract<SaveResult, {ok: true}>; plan: ApplyPlan; offset: number}
	| {kind: 'applying'; message: string; plan: ApplyPlan}
	| {kind: 'applied'; result: ApplyResult; plan: ApplyPlan; offset: number}
	| {kind: 'failed'; result: ApplyResult; plan: ApplyPlan; offset: number}
	/** Esc with unsaved changes: the buffer is already in a recovery file (its path is shown); a second Esc closes. */
	| {kind: 'discard'; recoveryPath: string | null};

export type EditorMode = Phase['kind'];

/** The phases that show a scrollable text instead of the buffer. */
export type OverlayPhase = Extract<Phase, {offset: number}>;

export type Note = {text: string; tone: 'info' | 'warning' | 'error'};

export type EditorState = {
	phase: Phase;
	session: EditorSession | null;
	buffer: TextBuffer;
	/** --read-only: the buffer can be read, searched and linted, never changed or saved. */
	readOnly: boolean;
	/** One message for the user (wrapped by the view, never cut); cleared by the next change of phase or edit. */
	note: Note | null;
	lastSearch: string;
};

export function initialEditorState(readOnly = false): EditorState {
	return {
		phase: {kind: 'loading', message: 'Looking for the ecosystem file…'},
		session: null,
		buffer: createTextBuffer(''),
		readOnly,
		note: null,
		lastSearch: '',
	};
}

export function isOverlay(phase: Phase): phase is OverlayPhase {
	return 'offset' in phase;
}

export type OpenRequest = {
	target: EcosystemTarget | null;
	explicitFile?: string;
	pm2Home: string;
	/** A doctor fix to put into the buffer (never saved without the review). */
	initialEdit?: ConfigEdit;
	startExternal?: boolean;
	readOnly: boolean;
	handoff?: TerminalHandoff;
};

/** What the confirmation of an apply says, or why there is nothing to confirm. */
export type ApplyRequest = {ok: true; message: string; envName: string | null} | {ok: false; message: string};

export const readOnlyNote: Note = {text: 'Read-only (--read-only): the file cannot be changed or saved from here.', tone: 'warning'};

/** What `a` (or `A`, with the changed env block) would apply, for the confirmation. */
export function applyRequestOf(state: EditorState, withEnv: boolean): ApplyRequest {
	const {phase, session} = state;
	if (state.readOnly) return {ok: false, message: readOnlyNote.text};
	if (phase.kind !== 'saved' || !session) return {ok: false, message: 'Save first: only a saved file can be applied.'};
	if (!phase.plan.loads) return {ok: false, message: 'Not applied: the saved file does not load, so pm2 could not read it either.'};
	if (phase.plan.targets.length === 0) return {ok: false, message: "Nothing to apply: no app's settings changed."};
	const envName = withEnv ? (envBlockNames(phase.plan)[0] ?? null) : null;
	if (withEnv && !envName) return {ok: false, message: 'No env_<name> block changed.'};
	const names = phase.plan.targets.map(target => `"${target.name}"`).join(', ');
	const flags = ` --only ${onlyArgument(phase.plan)}${envName ? ` --env ${envName}` : ''}`;
	return {ok: true, envName, message: `Apply ${session.file.split('/').pop()} to ${names} (pm2 startOrReload${flags})?`};
}

/** The 0-based line of the next lint finding after the cursor (wrapping to the first), null when there is none. */
export function nextFindingLine(state: EditorState): number | null {
	const lines = [...new Set((state.session?.report.findings ?? []).map(finding => finding.line).filter((line): line is number => line !== null))].sort(
		(a, b) => a - b,
	);
	const next = lines.find(line => line - 1 > state.buffer.cursor.line) ?? lines[0];
	return next === undefined ? null : next - 1;
}

/** The warning when an undo or redo takes a saved buffer back to text that differs from the file on disk. */
export function pastSaveNote(step: 'undo' | 'redo', before: TextBuffer, after: TextBuffer): Note | null {
	if (isModified(before) || !isModified(after)) return null;
	return step === 'undo'
		? {text: 'Undone past the last save: the buffer now differs from the file on disk (ctrl+y redoes).', tone: 'warning'}
		: {text: 'Redone past the last save: the buffer now differs from the file on disk.', tone: 'warning'};
}

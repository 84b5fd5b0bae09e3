// The ecosystem editor's state machine, as data: the phases a session goes through
// (editing → validating → reviewing → saving → saved → applying → applied / failed, with search, refusal and
// discard on the side) and what each holds. source/services/editor/editor-service.ts moves between them and runs
// the effects; the view only draws a state and turns keys into service calls.
import type {ApplyResult} from '../../ecosystem/apply-ecosystem.js';
import type {ApplyPlan} from '../../ecosystem/apply-plan.js';
import type {ConfigEdit} from '../../ecosystem/edit-config.js';
import type {EditorSession} from '../../ecosystem/editor-session.js';
import type {TerminalHandoff} from '../../ecosystem/external-editor.js';
import type {EcosystemTarget} from '../../ecosystem/find-ecosystem-file.js';
import type {LintReport} from '../../ecosystem/lint-ecosystem.js';
import type {LoadResult} from '../../ecosystem/load-ecosystem-file.js';
import type {SaveResult} from '../../ecosystem/save-ecosystem-file.js';
import {createTextBuffer, type TextBuffer} from '../../ecosystem/text-buffer.js';

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

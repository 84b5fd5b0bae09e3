// The ecosystem editor session as a state machine outside React (phases in editor-state.ts). Created once at
// start-up with its effects injected; the view subscribes to its state and turns keys into these calls. Every
// asynchronous step checks that the session it started for is still the open one (`generation`).
import type {ApplyResult} from '../../ecosystem/apply-ecosystem.js';
import {onlyArgument} from '../../ecosystem/apply-targets.js';
import type {ConfigEdit} from '../../ecosystem/edit-config.js';
import * as tb from '../../ecosystem/text-buffer.js';
import type {EditorEffects} from './editor-effects.js';
import {applyRequestOf, initialEditorState, isOverlay, nextFindingLine, pastSaveNote, readOnlyNote} from './editor-state.js';
import type {ApplyRequest, EditorState, Note, OpenRequest, Phase, Validation} from './editor-state.js';
import type {FixLoop} from './fix-loop.js';
import {hasBlockingFindings} from '../../ecosystem/lint-verdict.js';

export type EditorService = ReturnType<typeof createEditorService>;

export function createEditorService(deps: {effects: EditorEffects; fixLoop?: FixLoop}) {
	const {effects} = deps;
	let state: EditorState = initialEditorState();
	let generation = 0;
	let request: OpenRequest | null = null;
	let viewport = {rows: 20, columns: 80};
	const listeners = new Set<() => void>();

	const set = (patch: Partial<EditorState>) => {
		state = {...state, ...patch};
		for (const listener of listeners) listener();
	};
	const setPhase = (phase: Phase, note: Note | null = null) => set({phase, note});
	const setBuffer = (buffer: tb.TextBuffer, note: Note | null = null) => set({buffer: tb.scrollIntoView(buffer, viewport.rows, viewport.columns), note});
	/** Runs `step` unless the session changed while it was waiting; a failed effect returns to editing and says why. */
	const guard = <T>(promise: Promise<T>, step: (value: T) => void | Promise<void>) => {
		const started = generation;
		return promise
			.then(value => (started === generation ? step(value) : undefined))
			.catch((error: unknown) => {
				if (started !== generation) return;
				const text = `Failed: ${error instanceof Error ? error.message : String(error)}`;
				setPhase(state.session ? {kind: 'editing'} : {kind: 'unavailable', message: text, starterFolder: null}, {text, tone: 'error'});
			});
	};
	const isEditing = () => state.phase.kind === 'editing' && state.session !== null;
	const canChange = () => {
		if (!isEditing()) return false;
		if (state.readOnly) set({note: readOnlyNote});
		return !state.readOnly;
	};

	async function validateAndReview(): Promise<void> {
		const session = state.session;
		if (!session) return;
		const text = tb.getText(state.buffer);
		if (text === session.opened.text) return setPhase({kind: 'editing'}, {text: 'No changes to save.', tone: 'info'});
		setPhase({kind: 'validating', message: 'Validating (the file is evaluated in a separate node process)…'});
		await guard(Promise.all([effects.validate(session, text), effects.diff(session, session.opened.text, text)]), ([validation, diff]) => {
			set({session: {...session, report: validation.report}});
			setPhase({kind: 'reviewing', validation, diff, offset: 0});
		});
	}

	async function runExternalEditor(): Promise<void> {
		const session = state.session;
		if (!session || !isEditing()) return;
		if (state.readOnly) return void set({note: {text: 'Read-only (--read-only): the external editor is not started.', tone: 'warning'}});
		if (!request?.handoff)
			return void set({
				note: {text: 'The external editor is not available here (no terminal handoff). Use this editor, or run $EDITOR yourself.', tone: 'error'},
			});
		await guard(effects.externalEdit(tb.getText(state.buffer), session.file, request.handoff), async result => {
			if (!result.ok) return set({note: {text: result.message, tone: 'error'}});
			if (!result.changed) return set({note: {text: `No changes from ${result.editor}.`, tone: 'info'}});
			setBuffer(tb.replaceText(state.buffer, result.text));
			await validateAndReview();
		});
	}

	const service = {
		getState: (): EditorState => state,
		subscribe(listener: () => void): () => void {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		setViewport(rows: number, columns: number) {
			viewport = {rows: Math.max(1, rows), columns: Math.max(1, columns)};
		},

		/** Finds and opens the file for `target` (a doctor fix: the app the fix is for). */
		async open(next: OpenRequest): Promise<void> {
			generation++;
			request = next;
			state = initialEditorState(next.readOnly);
			set({});
			await guard(effects.openSession(next.target, {explicitFile: next.explicitFile, pm2Home: next.pm2Home}), async result => {
				if (!result.ok) return setPhase({kind: 'unavailable', message: result.message, starterFolder: next.target?.cwd ?? null});
				const {session} = result;
				const opened = tb.createTextBuffer(session.opened.text);
				const finding = session.report.findings.find(entry => entry.appName === session.appName && entry.line !== null);
				set({session, phase: {kind: 'editing'}});
				setBuffer(
					finding ? tb.setCursor(opened, {line: finding.line! - 1, column: 0}) : opened,
					session.removedTempFiles.length > 0
						? {text: `Removed ${session.removedTempFiles.length} temp file(s) left by an interrupted save.`, tone: 'info'}
						: null,
				);
				if (next.initialEdit) await service.suggest(next.initialEdit);
				if (next.startExternal) await runExternalEditor();
			});
		},

		/** Puts a suggested config change into the buffer, unsaved. */
		async suggest(edit: ConfigEdit): Promise<void> {
			const session = state.session;
			if (!session) return;
			const change = `${edit.appName ? `${edit.appName}: ` : ''}${edit.key} → ${JSON.stringify(edit.value)}`;
			if (state.readOnly)
				return void set({note: {text: `Read-only (--read-only): the suggested change (${change}) is not put into the buffer.`, tone: 'warning'}});
			await guard(effects.applyConfigEdit(session, tb.getText(state.buffer), edit), result => {
				if (!result.ok) return set({note: {text: `The suggested change (${edit.key}) cannot be applied automatically: ${result.message}`, tone: 'error'}});
				setBuffer(tb.replaceText(state.buffer, result.text), {
					text: `Suggested change in the buffer: ${change}. ctrl+s shows the diff before saving; ctrl+z undoes.`,
					tone: 'info',
				});
			});
		},

		/** Leaves the session; unsaved changes go to a recovery file, whose path is returned. */
		close(): string | null {
			const {session, buffer, readOnly} = state;
			generation++;
			request = null;
			const recoveryPath = session && !readOnly && tb.isModified(buffer) ? effects.writeRecovery(session, tb.getText(buffer)) : null;
			state = initialEditorState();
			return recoveryPath;
		},

		/** A cursor movement: allowed read-only too. */
		move(step: (buffer: tb.TextBuffer) => tb.TextBuffer) {
			if (isEditing()) setBuffer(step(state.buffer), state.note);
		},
		/** A change of the text: refused, with a note, under --read-only. */
		edit(step: (buffer: tb.TextBuffer) => tb.TextBuffer) {
			if (canChange()) setBuffer(step(state.buffer));
		},
		undo() {
			if (!canChange()) return;
			const after = tb.undo(state.buffer);
			setBuffer(after, pastSaveNote('undo', state.buffer, after));
		},
		redo() {
			if (!canChange()) return;
			const after = tb.redo(state.buffer);
			setBuffer(after, pastSaveNote('redo', state.buffer, after));
		},

		startSearch() {
			if (isEditing()) setPhase({kind: 'search', query: ''}, state.note);
		},
		typeSearch(update: (query: string) => string) {
			if (state.phase.kind === 'search') setPhase({kind: 'search', query: update(state.phase.query)});
		},
		submitSearch() {
			if (state.phase.kind !== 'search') return;
			const query = state.phase.query;
			set({lastSearch: query, phase: {kind: 'editing'}});
			service.searchNext();
		},
		searchNext() {
			if (!isEditing()) return;
			const result = tb.search(state.buffer, state.lastSearch);
			setBuffer(result.buffer, result.found ? null : {text: `Not found: ${state.lastSearch}`, tone: 'info'});
		},
		nextFinding() {
			const line = isEditing() ? nextFindingLine(state) : null;
			if (line !== null) setBuffer(tb.setCursor(state.buffer, {line, column: 0}));
		},
		async lint(): Promise<void> {
			const session = state.session;
			if (!session || !isEditing()) return;
			set({note: {text: 'Linting…', tone: 'info'}});
			await guard(effects.validate(session, tb.getText(state.buffer)), validation => {
				const {error, warning, info} = validation.report.counts;
				set({session: {...session, report: validation.report}, note: {text: `Lint: ${error} error(s), ${warning} warning(s), ${info} note(s).`, tone: 'info'}});
			});
		},
		/** The one-key fix of the finding on (or after) the cursor line. */
		async fix(): Promise<void> {
			const session = state.session;
			if (!session || !canChange()) return;
			const line = state.buffer.cursor.line + 1;
			const fixable = session.report.findings.filter(finding => finding.edit && finding.line !== null);
			const finding = fixable.find(entry => entry.line === line) ?? fixable.find(entry => entry.line! > line) ?? fixable[0];
			if (!finding?.edit) return void set({note: {text: 'No finding with a one-key fix here.', tone: 'info'}});
			const edit = finding.edit;
			await guard(effects.applyConfigEdit(session, tb.getText(state.buffer), edit), async result => {
				if (!result.ok) return set({note: {text: result.message, tone: 'error'}});
				setBuffer(tb.replaceText(state.buffer, result.text), {
					text: `Fixed: ${edit.key} → ${JSON.stringify(edit.value)} (ctrl+z undoes; the diff is shown before saving). Re-linting…`,
					tone: 'info',
				});
				await guard(effects.validate(session, result.text), validation => set({session: {...(state.session ?? session), report: validation.report}}));
			});
		},
		async revert(): Promise<void> {
			const session = state.session;
			if (!session || !canChange()) return;
			await guard(effects.latestBackup(session), backup => {
				if (!backup) return set({note: {text: 'No backup of this file yet (one is made before every save).', tone: 'info'}});
				setBuffer(tb.replaceText(state.buffer, backup.text), {text: `Loaded ${backup.name} into the buffer: ctrl+s saves it, ctrl+z undoes.`, tone: 'info'});
			});
		},
		externalEdit: runExternalEditor,

		/** ctrl+s: validate, then show the diff for review. Nothing is written yet. */
		async save(): Promise<void> {
			if (canChange()) await validateAndReview();
		},
		/** y / ! in the review, i after a refusal for a read-only folder. */
		async confirmSave(options: {force?: boolean; allowInPlace?: boolean}): Promise<void> {
			const {phase, session} = state;
			if (state.readOnly || !session || (phase.kind !== 'reviewing' && phase.kind !== 'refused')) return;
			if (options.allowInPlace && (phase.kind !== 'refused' || phase.save.reason !== 'read-only-directory')) return;
			const validation: Validation = phase.validation;
			const force = options.force ?? (options.allowInPlace === true && hasBlockingFindings(validation.report));
			setPhase({kind: 'saving', message: 'Saving…'});
			await guard(effects.save(session, tb.getText(state.buffer), validation, {force, allowInPlace: options.allowInPlace}), outcome => {
				if (!outcome.save.ok) {
					const diff = 'diff' in outcome.save ? outcome.save.diff.split('\n').slice(2) : [];
					return setPhase({kind: 'refused', save: outcome.save, validation, diff, offset: 0});
				}
				set({session: outcome.session, buffer: tb.markSaved(state.buffer, outcome.session.opened.text)});
				setPhase({kind: 'saved', save: outcome.save, plan: outcome.plan, offset: 0});
			});
		},
		backToEditing() {
			if (isOverlay(state.phase) || state.phase.kind === 'discard' || state.phase.kind === 'search') setPhase({kind: 'editing'});
		},
		scroll(delta: number) {
			const phase = state.phase;
			if (isOverlay(phase)) setPhase({...phase, offset: Math.max(0, phase.offset + delta)}, state.note);
		},

		/** What `a` (or `A`, with the changed env block) would apply, for the confirmation. */
		applyRequest: (withEnv: boolean): ApplyRequest => applyRequestOf(state, withEnv),
		/** Runs the apply (after the confirmation); says whether the doctor's flow should take over again. */
		async apply(envName: string | null): Promise<{returnToFlow: boolean; result: ApplyResult | null}> {
			const {phase, session} = state;
			if (state.readOnly || phase.kind !== 'saved' || !session || !request || phase.plan.targets.length === 0) return {returnToFlow: false, result: null};
			const plan = phase.plan;
			setPhase({kind: 'applying', message: `Applying with pm2 startOrReload --only ${onlyArgument(plan)}…`, plan});
			let outcome: {returnToFlow: boolean; result: ApplyResult | null} = {returnToFlow: false, result: null};
			await guard(effects.apply({file: session.file, pm2Home: session.pm2Home ?? request.pm2Home, only: onlyArgument(plan), envName}), result => {
				setPhase(result.ok ? {kind: 'applied', result, plan, offset: 0} : {kind: 'failed', result, plan, offset: 0});
				const loop = deps.fixLoop;
				if (loop?.current())
					loop.recordApply({
						ok: result.ok,
						apps: plan.targets.map(target => target.name),
						atMs: effects.nowMs(),
						message: result.message,
						command: result.command.join(' '),
					});
				outcome = {returnToFlow: result.ok && Boolean(loop?.current()), result};
			});
			return outcome;
		},

		/** `i` with no file found: write a starter file into the app's folder and open it. */
		async createStarter(): Promise<void> {
			const phase = state.phase;
			if (phase.kind !== 'unavailable' || !phase.starterFolder || !request) return;
			if (state.readOnly) return void set({note: {text: 'Read-only (--read-only): no file is created.', tone: 'warning'}});
			const opening = request;
			await guard(effects.createStarterFile(phase.starterFolder), async created => {
				if (!created.ok) return setPhase({kind: 'unavailable', message: created.message, starterFolder: null});
				await service.open({...opening, explicitFile: created.file, initialEdit: undefined, startExternal: false});
				set({note: {text: 'Created ecosystem.config.js from pm2-doctor init; review it, then start it with pm2 start (a new file).', tone: 'info'}});
			});
		},

		/** Esc while editing: 'close' when nothing is unsaved, else keeps a recovery copy and asks (discard phase). */
		requestClose(): 'close' | 'asking' {
			const {session, buffer} = state;
			if (state.readOnly || !session || !tb.isModified(buffer) || state.phase.kind !== 'editing') return 'close';
			setPhase({kind: 'discard', recoveryPath: effects.writeRecovery(session, tb.getText(buffer))});
			return 'asking';
		},
		/** The second Esc: close without saving; the copy made by requestClose stays. */
		discard() {
			if (state.phase.kind === 'discard') set({buffer: tb.markSaved(state.buffer)});
		},
	};
	return service;
}

// The root component: subscribes to the live store, owns the UI state and composes the screen
// (docs/ui-contract.md §4). It wires; the decisions live in app-state.ts, layout.ts and friends.
import {Box, useApp} from 'ink';
import React, {useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore} from 'react';
import type {ProcessSnapshot} from '../model/types.js';
import type {ConfigEdit} from '../ecosystem/edit-config.js';
import type {LiveStore} from '../services/store/store-types.js';
import {
	activeScopes as computeActiveScopes,
	initialUiState,
	reduceUiCommand,
	currentSelection,
	type PanelFocus,
	type UiContext,
	type UiState,
} from './app-state.js';
import {Footer} from './components/footer.js';
import {Header} from './components/header.js';
import {HelpOverlay, helpMaxOffset} from './components/help-overlay.js';
import {StatusLine} from './components/status-line.js';
import {TooSmall} from './components/too-small.js';
import {connectionBanner} from './connection-text.js';
import {InputRouter, useCommand} from './input-router.js';
import type {CommandId, Scope} from './keymap.js';
import {helpLines} from './keymap-resolve.js';
import {computeMainLayout} from './layout.js';
import {FullScreenView} from './full-screen-view.js';
import {MainPanels} from './main-panels.js';
import {useDiagnosisAudience, useDiagnosisScheduler, useTableFindings} from './doctor/use-diagnosis.js';
import type {UiServices} from '../services/ui-services.js';
import {ServiceContexts} from './service-contexts.js';
import {historyIndicator} from './history-indicator.js';
import {useRecordedHistory} from './trends/use-recorded-history.js';
import type {SuspendSwitch} from '../terminal/terminal-handoff.js';
import type {TerminalHandoff} from '../ecosystem/external-editor.js';
import {EditorServicesProvider, useEditorMode, useFixLoop, withEditorMode} from './ecosystem/editor-service-context.js';
import {useReadOnlyRefusal} from './read-only-keys.js';
import {healthExplanation} from './health-labels.js';
import {glyphs, type Tone} from './theme.js';
import {actionCommands, targetOfRow} from './process-actions.js';
import {runPaletteCommand} from './palette-run.js';
import {requestHeapDiff} from './doctor/use-heap-forensics.js';
import {tableSummary} from './table-view-state.js';
import {promptLine, usePrompt} from './use-prompt.js';
import {useActionConfirmation} from './use-action-confirmation.js';
import {useFlash} from './use-flash.js';
import {useReportWriter} from './use-report.js';
import {useTableLayout, useTableRows} from './use-table-rows.js';
import {useNow, useTerminalSize} from './use-terminal-size.js';
import {useViewCallbacks} from './use-view-callbacks.js';
import type {ConfirmRequest, ViewProps} from './view-props.js';

/** One empty list, so memos keyed on the process list hold while no poll has come. */
const noProcesses: readonly ProcessSnapshot[] = [];

export type AppOptions = {
	readOnly: boolean;
	noColor: boolean;
	ecosystemFile?: string;
	/** Set by the terminal session: lends the terminal to $VISUAL/$EDITOR (see terminal-handoff.ts). */
	handoff?: TerminalHandoff;
	/** While on, the UI draws nothing and releases the keyboard. */
	suspension?: SuspendSwitch;
	/** Created once at start-up by the terminal session (tests create theirs on a fake store). */
	services: UiServices;
};
export type AppProps = {store: LiveStore} & AppOptions;

/** The whole interactive UI for one store. */
export function App(props: AppProps) {
	const readOnly = props.readOnly || props.store.readOnly;
	const [ui, setUi] = useState<UiState>(initialUiState);
	const uiRef = useRef(ui);
	uiRef.current = ui;
	const [confirmRequest, setConfirmRequest] = useState<ConfirmRequest | null>(null);
	const {columns, rows} = useTerminalSize();
	const isTooSmall = computeMainLayout(columns, rows, 0).tooSmall;
	const services = props.services;
	const editorMode = useEditorMode(services);
	const scopes = withEditorMode(computeActiveScopes(ui, confirmRequest !== null, isTooSmall), editorMode, readOnly);
	// Keys read the UI state in a ref that Screen changes at once, before the render: two keys in one burst build on
	// each other, and an Esc right after the Enter that closed a prompt is not resolved in the prompt's scope.
	const scopesNow = () => withEditorMode(computeActiveScopes(uiRef.current, confirmRequest !== null, isTooSmall), editorMode, readOnly);
	const suspension = props.suspension;
	const subscribeSuspension = useCallback((listener: () => void) => suspension?.subscribe(listener) ?? (() => {}), [suspension]);
	const isSuspended = useSyncExternalStore(subscribeSuspension, () => suspension?.isSuspended() ?? false);
	const diagnosis = services.diagnosis;
	useDiagnosisAudience(diagnosis, isSuspended ? 'none' : ui.view === 'doctor' ? 'doctor' : ui.view === 'main' ? 'table' : 'none');
	return (
		<ServiceContexts services={services}>
			<InputRouter activeScopes={scopesNow} readOnly={readOnly} isEnabled={!isSuspended}>
				{/* Stay mounted while suspended (the editor awaits its child), but draw nothing. */}
				<Box display={isSuspended ? 'none' : 'flex'} flexDirection="column">
					<EditorServicesProvider services={services}>
						<Screen
							{...props}
							readOnly={readOnly}
							ui={ui}
							setUi={setUi}
							uiRef={uiRef}
							confirmRequest={confirmRequest}
							setConfirmRequest={setConfirmRequest}
							scopes={scopes}
						/>
					</EditorServicesProvider>
				</Box>
			</InputRouter>
		</ServiceContexts>
	);
}

type ScreenProps = AppProps & {
	ui: UiState;
	setUi: React.Dispatch<React.SetStateAction<UiState>>;
	uiRef: React.MutableRefObject<UiState>;
	confirmRequest: ConfirmRequest | null;
	setConfirmRequest(request: ConfirmRequest | null): void;
	scopes: Scope[];
};

function Screen({store, readOnly, noColor, ecosystemFile, handoff, ui, setUi, uiRef, confirmRequest, setConfirmRequest, scopes, services}: ScreenProps) {
	const {exit} = useApp();
	const subscribe = useCallback((listener: () => void) => services.frames.subscribe(listener), [services]);
	const getState = useCallback(() => services.frames.getState(), [services]);
	const state = useSyncExternalStore(subscribe, getState, getState);
	const {columns, rows} = useTerminalSize();
	const isAttached = state.connection.kind === 'attached';
	// Uptimes tick with every poll while attached; the retry countdown needs its own clock.
	const nowMs = useNow(1000, !isAttached);
	const processes: readonly ProcessSnapshot[] = state.snapshot?.processes ?? noProcesses;
	// Health column: the one diagnosis schedule's findings (the doctor view reads the same result).
	const findings = useTableFindings(useDiagnosisScheduler());
	const recordedHistory = useRecordedHistory();
	const tableRows = useTableRows(state, processes, ui.table, findings, recordedHistory);
	const layout = computeMainLayout(columns, rows, tableRows.model.rows.length);
	const tableLayout = useTableLayout(columns, processes, tableRows);
	const ids = useMemo(() => tableRows.model.rows.map(row => row.key), [tableRows]);
	const help = useMemo(() => helpLines(readOnly), [readOnly]);
	const focusablePanels: PanelFocus[] = layout.logRows > 0 ? ['table', 'trends', 'logs'] : ['table', 'trends'];
	const context: UiContext = {
		ids,
		rows: tableRows.model.rows,
		tableBodyRows: layout.tableBodyRows,
		focusablePanels,
		helpMaxOffset: helpMaxOffset(help.length, layout.fullViewRows),
	};
	const contextRef = useRef(context);
	contextRef.current = context;
	const selection = currentSelection(ui, context);
	// An app row shows (detail, logs, trends) its first instance; its actions act on all of them.
	const selectedRow = selection.selectedPmId === null ? undefined : tableRows.rowOf(selection.selectedPmId);
	const selected = selectedRow?.instances[0] ?? null;
	const selectedRowRef = useRef(selectedRow);
	selectedRowRef.current = selectedRow;
	const processesRef = useRef(processes);
	processesRef.current = processes;

	// A doctor fix that is an ecosystem change: put into the editor's buffer when it opens.
	const [suggestedEdit, setSuggestedEdit] = useState<ConfigEdit | null>(null);
	useEffect(() => {
		if (ui.view !== 'editor') setSuggestedEdit(null);
	}, [ui.view]);
	const {flashMessage, flash} = useFlash();

	const fixLoop = useFixLoop(); // an editor opened by a doctor fix closes back into the doctor's flow
	const updateUi = useCallback(
		(change: (current: UiState) => UiState) => {
			const next = change(uiRef.current);
			if (next === uiRef.current) return;
			uiRef.current = next;
			setUi(next);
		},
		[setUi, uiRef],
	);
	/** Applies a navigation command; false when it changed nothing, so other handlers may take it. */
	const applyUiCommand = useCallback(
		(command: CommandId): boolean => {
			const before = uiRef.current;
			updateUi(current => reduceUiCommand(current, command, contextRef.current));
			return uiRef.current !== before;
		},
		[updateUi, uiRef],
	);

	const requestAction = useActionConfirmation({actions: services.actions, confirmRequest, setConfirmRequest, flash});
	const paletteDeps = {act: requestAction, flash, report: useReportWriter(services.report, flash, selectedRowRef), quit: exit};

	const paletteCandidates = usePrompt({
		currentPrompt: () => uiRef.current.prompt,
		updateUi,
		flash,
		completion: {processNames: processes.map(process => process.name), namespaces: processes.map(process => process.namespace)},
		run: command => runPaletteCommand(command, {...paletteDeps, processes: processesRef.current, updateUi, context: contextRef.current}),
	});

	useCommand('global', command => (command === 'app.quit' ? (exit(), true) : applyUiCommand(command)));
	useCommand('main', command => {
		const action = actionCommands[command];
		const target = targetOfRow(selectedRowRef.current);
		// Scale and signal need an argument: the palette opens with the command and the app's name typed.
		if (command === 'process.scale' || command === 'process.signal') {
			if (!target) return flash('No process selected.', 'error');
			const subject = target.scope === 'app' ? target.name : String(target.process.pmId);
			return updateUi(current => ({...current, prompt: {kind: 'palette', text: `${command === 'process.scale' ? 'scale' : 'signal'} ${subject} `}}));
		}
		if (command === 'process.heap-diff' && requestHeapDiff(services.heapForensics, selected, undefined, {confirm: setConfirmRequest, flash}))
			return updateUi(current => ({...current, view: 'doctor', helpOpen: false}));
		if (!action) return applyUiCommand(command);
		requestAction(action, target);
		return true;
	});
	useReadOnlyRefusal(scopes, readOnly, flash, () => uiRef.current.prompt !== null);
	useCommand('table', applyUiCommand);
	useCommand('help', applyUiCommand);
	const goBack = useCallback(() => void applyUiCommand('app.back'), [applyUiCommand]);
	const {close: closeView, openEditor} = useViewCallbacks({uiRef, setUi, fixLoop, goBack, setSuggestedEdit});
	if (layout.tooSmall) return <TooSmall columns={columns} rows={rows} />;

	const banner = connectionBanner(state.connection, nowMs, state.snapshot?.takenAtMs ?? null);
	let status: {text: string; tone: Tone; emphasized: boolean} = {text: '', tone: 'muted', emphasized: false};
	if (confirmRequest) status = {text: `${confirmRequest.message}  [y] yes  [n] no`, tone: 'warning', emphasized: true};
	else if (ui.prompt) status = {text: promptLine(ui.prompt, paletteCandidates, glyphs.cursor), tone: 'accent', emphasized: false};
	else if (flashMessage) status = {text: flashMessage.message, tone: flashMessage.kind === 'error' ? 'error' : 'info', emphasized: false};
	else if (banner.explanation) status = {text: banner.explanation, tone: 'error', emphasized: false};

	const isOverlayOpen = confirmRequest !== null || ui.helpOpen;
	const viewProps = (width: number, height: number, focused: boolean): ViewProps => ({
		store,
		state,
		selected,
		actions: services.actions,
		width,
		height,
		focused: focused && !isOverlayOpen,
		noColor,
		readOnly,
		ecosystemFile,
		flash,
		confirm: setConfirmRequest,
		close: closeView,
		openEditor,
	});

	let middle: React.ReactNode;
	if (ui.helpOpen) {
		middle = <HelpOverlay lines={help} offset={ui.helpOffset} width={columns} height={layout.fullViewRows} />;
	} else if (ui.view !== 'main') {
		middle = (
			<FullScreenView
				{...viewProps(columns, layout.fullViewRows, true)}
				view={ui.view}
				handoff={handoff}
				editorStartsExternal={ui.editorStartsExternal}
				suggestedEdit={suggestedEdit}
			/>
		);
	} else {
		middle = (
			<MainPanels
				tableRows={tableRows}
				selection={selection}
				selected={selected}
				health={healthExplanation(findings, selectedRow?.instances.map(process => process.pmId) ?? [], selectedRow?.health)}
				layout={layout}
				tableLayout={tableLayout}
				width={columns}
				// Stale rows are shown as of their poll: uptimes must not go on counting for processes nobody sees.
				nowMs={banner.stale && state.snapshot ? state.snapshot.takenAtMs : nowMs}
				stale={banner.stale}
				isLoading={state.snapshot === null}
				noColor={noColor}
				focus={ui.focus}
				viewProps={viewProps}
			/>
		);
	}

	return (
		// No overflow clipping on the outer boxes: every component clips itself to the size it is given, and
		// each clipping box costs a sliceAnsi of every line inside it on every frame (19 → 13 ms per frame).
		<Box flexDirection="column" width={columns} height={layout.frameRows}>
			<Header
				home={store.home}
				banner={banner}
				processCount={processes.length}
				detail={tableSummary(ui.table, tableRows.model, tableRows.counts)}
				readOnly={readOnly}
				width={columns}
				noColor={noColor}
				history={historyIndicator(recordedHistory, processes, services.recorderAppName, nowMs)}
			/>
			<StatusLine text={status.text} tone={status.tone} width={columns} noColor={noColor} emphasized={status.emphasized} />
			<Box flexDirection="column" height={layout.frameRows - 3}>
				{middle}
			</Box>
			<Footer activeScopes={scopes} readOnly={readOnly} width={columns} />
		</Box>
	);
}

// UI state of the root component (selection, focus, open view, help) as a pure reducer, so the
// navigation rules are unit-tested without Ink. PM2 data is not here: it comes from the store.
import type {CommandId, Scope} from './keymap.js';
import {moveSelection, reconcileSelection, scrollOffset, type SelectionMove} from './selection.js';
import {initialTableView, type TableRow, type TableView} from './table-rows.js';
import {problemJump, reduceTableView, type Prompt} from './table-view-state.js';

export type PanelFocus = 'table' | 'trends' | 'logs';
export type FullView = 'main' | 'doctor' | 'editor' | 'timeline' | 'logs-full' | 'env';

export type UiState = {
	selectedPmId: number | null;
	/** Row of the selection at the last move: where the selection lands if that process disappears. */
	selectedIndex: number;
	tableOffset: number;
	focus: PanelFocus;
	view: FullView;
	helpOpen: boolean;
	helpOffset: number;
	/** The editor was opened with `E`: it hands the buffer to $VISUAL/$EDITOR right away. */
	editorStartsExternal: boolean;
	/** Filter, sort, namespace and expanded apps of the process table. */
	table: TableView;
	/** The `/` filter or `:` palette line being typed, null when none is open. */
	prompt: Prompt | null;
};

export const initialUiState: UiState = {
	selectedPmId: null,
	selectedIndex: 0,
	tableOffset: 0,
	focus: 'table',
	view: 'main',
	helpOpen: false,
	helpOffset: 0,
	editorStartsExternal: false,
	table: initialTableView,
	prompt: null,
};

/** What the reducer needs to know about the screen and the data at the time of a command. */
export type UiContext = {
	/** pm_ids in table order. */
	ids: readonly number[];
	tableBodyRows: number;
	/** Panels that can take focus now (the log panel only when it is visible). */
	focusablePanels: readonly PanelFocus[];
	helpMaxOffset: number;
	/** The table's rows (keys in `ids` order), for the commands that depend on what a row is. */
	rows?: readonly TableRow[];
};

const tableMoves: Partial<Record<CommandId, SelectionMove>> = {
	'table.up': 'up',
	'table.down': 'down',
	'table.top': 'top',
	'table.bottom': 'bottom',
	'table.page-up': 'page-up',
	'table.page-down': 'page-down',
};

const viewOpeners: Partial<Record<CommandId, FullView>> = {
	'trends.open-timeline': 'timeline',
	'logs.open-full': 'logs-full',
	'doctor.open': 'doctor',
	'process.env': 'env',
	'ecosystem.open': 'editor',
	'ecosystem.open-external': 'editor',
};

/** The scope each full-screen view's keys live in. */
export const viewScopes: Record<Exclude<FullView, 'main'>, Scope> = {
	timeline: 'timeline',
	'logs-full': 'logs-full',
	doctor: 'doctor',
	editor: 'editor',
	env: 'env',
};

/** The selection as it stands with the current list (the selected process may have disappeared). */
export function currentSelection(
	state: UiState,
	context: Pick<UiContext, 'ids' | 'tableBodyRows'>,
): {
	selectedPmId: number | null;
	selectedIndex: number;
	tableOffset: number;
} {
	const selectedPmId = reconcileSelection(context.ids, state.selectedPmId, state.selectedIndex);
	const selectedIndex = selectedPmId === null ? 0 : context.ids.indexOf(selectedPmId);
	return {selectedPmId, selectedIndex, tableOffset: scrollOffset(selectedIndex, state.tableOffset, context.tableBodyRows, context.ids.length)};
}

/** Applies a navigation command; commands it does not know leave the state unchanged. */
export function reduceUiCommand(state: UiState, command: CommandId, context: UiContext): UiState {
	const rows = context.rows ?? [];
	const current = currentSelection(state, context);
	const table = reduceTableView(state.table, command, rows.find(row => row.key === current.selectedPmId) ?? null);
	if (table) return table === state.table ? state : {...state, table};
	const problem = problemJump(rows, current.selectedPmId, command);
	if (problem !== null) return selectKey(state, problem, context);
	if (command === 'table.filter') return {...state, prompt: {kind: 'filter', text: state.table.filter}};
	if (command === 'palette.open') return {...state, prompt: {kind: 'palette', text: ''}};
	const move = tableMoves[command];
	if (move) {
		const current = currentSelection(state, context);
		const selectedPmId = moveSelection(context.ids, current.selectedPmId, move, context.tableBodyRows);
		const selectedIndex = selectedPmId === null ? 0 : context.ids.indexOf(selectedPmId);
		return {
			...state,
			selectedPmId,
			selectedIndex,
			tableOffset: scrollOffset(selectedIndex, current.tableOffset, context.tableBodyRows, context.ids.length),
		};
	}
	const view = viewOpeners[command];
	if (view) return {...state, view, helpOpen: false, editorStartsExternal: command === 'ecosystem.open-external'};
	switch (command) {
		case 'app.help':
			return {...state, helpOpen: !state.helpOpen, helpOffset: 0};
		case 'help.up':
			return {...state, helpOffset: Math.max(0, state.helpOffset - 1)};
		case 'help.down':
			return {...state, helpOffset: Math.min(context.helpMaxOffset, state.helpOffset + 1)};
		case 'app.back':
			if (state.helpOpen) return {...state, helpOpen: false};
			if (state.view !== 'main') return {...state, view: 'main'};
			// Esc clears the table's filter first (as in k9s), then gives the focus back to the table.
			if (state.focus === 'table' && state.table.filter !== '') return {...state, table: {...state.table, filter: ''}};
			return state.focus === 'table' ? state : {...state, focus: 'table'};
		case 'logs.focus':
			return context.focusablePanels.includes('logs') && state.focus !== 'logs' ? {...state, focus: 'logs'} : state;
		case 'main.focus-next':
		case 'main.focus-prev': {
			const panels = context.focusablePanels;
			const index = Math.max(0, panels.indexOf(state.focus));
			const step = command === 'main.focus-next' ? 1 : panels.length - 1;
			return {...state, focus: panels[(index + step) % panels.length] ?? 'table'};
		}
		default:
			return state;
	}
}

/** Selects the row with `key` and scrolls it into view. */
export function selectKey(state: UiState, key: number, context: Pick<UiContext, 'ids' | 'tableBodyRows'>): UiState {
	const selectedIndex = Math.max(0, context.ids.indexOf(key));
	return {
		...state,
		selectedPmId: key,
		selectedIndex,
		tableOffset: scrollOffset(selectedIndex, state.tableOffset, context.tableBodyRows, context.ids.length),
	};
}

/** The active scope stack, highest priority first (docs/ui-contract.md §2). */
export function activeScopes(state: UiState, isConfirmOpen: boolean, isTooSmall: boolean): Scope[] {
	if (isConfirmOpen) return ['confirm'];
	if (isTooSmall) return ['global'];
	if (state.prompt) return [state.prompt.kind];
	if (state.helpOpen) return ['help', 'global'];
	if (state.view !== 'main') return [viewScopes[state.view], 'global'];
	return [state.focus, 'main', 'global'];
}

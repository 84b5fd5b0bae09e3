// The table's view (filter, sort, namespace, expanded apps) and the one-line prompts that edit it (`/`
// filter, `:` palette), as pure reducers: the App keeps the state, these decide what each key does.
import type {CommandId} from './keymap.js';
import {healthCountsText, nextProblemKey, sortKeys, type HealthLevel, type RowModel, type SortKey, type TableRow, type TableView} from './table-rows.js';
import {glyphs} from './theme.js';

export type PromptKind = 'filter' | 'palette';
export type Prompt = {kind: PromptKind; text: string};

const sortCommands: Partial<Record<CommandId, SortKey>> = {
	'table.sort-cpu': 'cpu',
	'table.sort-memory': 'memory',
	'table.sort-uptime': 'uptime',
	'table.sort-restarts': 'restarts',
	'table.sort-health': 'health',
	'table.sort-name': 'name',
	'table.sort-id': 'id',
};

/** A new sort key starts in its natural order (biggest first for figures); the same key again reverses it. */
export function sortBy(view: TableView, key: SortKey): TableView {
	return key === view.sort ? {...view, descending: !view.descending} : {...view, sort: key, descending: false};
}

/** Applies a table command to the view; null when the command is not one of these. */
export function reduceTableView(view: TableView, command: CommandId, selected: TableRow | null): TableView | null {
	const sortKey = sortCommands[command];
	if (sortKey) return sortBy(view, sortKey);
	switch (command) {
		case 'table.sort-next':
		case 'table.sort-prev': {
			const step = command === 'table.sort-next' ? 1 : sortKeys.length - 1;
			return {...view, sort: sortKeys[(sortKeys.indexOf(view.sort) + step) % sortKeys.length]!, descending: false};
		}
		case 'table.sort-reverse':
			return {...view, descending: !view.descending};
		case 'table.expand':
		case 'table.collapse':
		case 'table.toggle-group': {
			if (!selected || selected.kind !== 'app') return view;
			const isOpen = view.expanded.includes(selected.key);
			const open = command === 'table.expand' ? true : command === 'table.collapse' ? false : !isOpen;
			if (open === isOpen) return view;
			return {...view, expanded: open ? [...view.expanded, selected.key] : view.expanded.filter(key => key !== selected.key)};
		}
		default:
			return null;
	}
}

/** The row to select for next/previous problem, or null (nothing to jump to). */
export function problemJump(rows: readonly TableRow[], selectedKey: number | null, command: CommandId): number | null {
	if (command !== 'table.next-problem' && command !== 'table.prev-problem') return null;
	return nextProblemKey(rows, selectedKey, command === 'table.next-problem' ? 1 : -1);
}

/** What a key typed into an open prompt does: the prompt's new text, or closing it (with or without running it). */
export type PromptEdit = {kind: 'edit'; text: string} | {kind: 'submit'; text: string} | {kind: 'cancel'} | {kind: 'complete'} | {kind: 'ignore'};

export function editPrompt(
	prompt: Prompt,
	input: string,
	key: {return?: boolean; escape?: boolean; backspace?: boolean; delete?: boolean; tab?: boolean; ctrl?: boolean; meta?: boolean},
): PromptEdit {
	if (key.escape) return {kind: 'cancel'};
	if (key.return) return {kind: 'submit', text: prompt.text};
	if (key.tab) return prompt.kind === 'palette' ? {kind: 'complete'} : {kind: 'ignore'};
	if (key.backspace || key.delete) return {kind: 'edit', text: prompt.text.slice(0, -1)};
	if (key.ctrl && input === 'u') return {kind: 'edit', text: ''};
	if (key.ctrl || key.meta) return {kind: 'ignore'};
	// Printable text only (a paste may bring several characters at once).
	const printable = [...input].filter(char => char >= ' ' && char !== '\u007F').join('');
	return printable === '' ? {kind: 'ignore'} : {kind: 'edit', text: prompt.text + printable};
}

/** The header's words for the view: "12 of 201 · sort cpu↓ · ns billing · /api". */
export function viewSummary(view: TableView, shown: number, total: number): string {
	const parts: string[] = [];
	if (shown !== total) parts.push(`${shown} of ${total}`);
	if (view.sort !== 'id' || view.descending) parts.push(`sort ${view.sort}${view.descending ? ' reversed' : ''}`);
	if (view.namespace !== null) parts.push(`ns ${view.namespace}`);
	if (view.filter !== '') parts.push(`/${view.filter}`);
	return parts.join(` ${glyphs.separator} `);
}

/**
 * The header's words after the process count: "2 errors · 1 warning · 198 ok · 12 of 201 · sort cpu". The health
 * counts come first: a narrow header cuts its end, and problems must stay on screen.
 */
export function tableSummary(view: TableView, model: RowModel, counts: Record<HealthLevel, number>): string {
	const summary = viewSummary(view, model.shownProcesses, model.totalProcesses);
	return [model.totalProcesses === 0 ? '' : healthCountsText(counts), summary].filter(Boolean).join(` ${glyphs.separator} `);
}

// The `/` filter and `:` palette lines: typed keys go into the open prompt (before the keymap), the filter
// applies as it is typed, Tab completes palette words, Enter runs the palette line.
import {useState} from 'react';
import type {UiState} from './app-state.js';
import {useRawInput} from './input-router.js';
import {completePaletteLine, parsePaletteLine, type PaletteCommand, type PaletteContext} from './palette.js';
import {editPrompt} from './table-view-state.js';

type Options = {
	/** The prompt as it is now (a ref's value: keys typed faster than renders build on each other). */
	currentPrompt(): UiState['prompt'];
	/** Applies a change to the UI state at once (keys may arrive faster than renders). */
	updateUi(change: (ui: UiState) => UiState): void;
	completion: PaletteContext;
	run(command: PaletteCommand): void;
	flash(message: string, kind?: 'info' | 'error'): void;
};

/** Handles the keys of the open prompt; returns the palette's current completion candidates. */
export function usePrompt({currentPrompt, updateUi, completion, run, flash}: Options): string[] {
	const [candidates, setCandidates] = useState<string[]>([]);
	// Always listening: the key right after `/` or `:` may come before the render that shows the prompt.
	useRawInput((input, key) => {
		const prompt = currentPrompt();
		if (!prompt) return false;
		const edit = editPrompt(prompt, input, key);
		const close = (ui: UiState): UiState => ({...ui, prompt: null});
		const isFilter = prompt.kind === 'filter';
		switch (edit.kind) {
			case 'edit':
				setCandidates([]);
				updateUi(ui => ({...ui, prompt: {kind: prompt.kind, text: edit.text}, ...(isFilter ? {table: {...ui.table, filter: edit.text}} : {})}));
				break;
			case 'complete': {
				const completed = completePaletteLine(prompt.text, completion);
				setCandidates(completed.candidates.length > 1 ? completed.candidates : []);
				updateUi(ui => ({...ui, prompt: {kind: 'palette', text: completed.line}}));
				break;
			}
			case 'cancel':
				setCandidates([]);
				updateUi(ui => (isFilter ? {...close(ui), table: {...ui.table, filter: ''}} : close(ui)));
				break;
			case 'submit': {
				setCandidates([]);
				updateUi(close);
				if (isFilter) break;
				const command = parsePaletteLine(edit.text);
				if (command.kind === 'error') flash(command.message, 'error');
				else run(command);
				break;
			}
			case 'ignore':
				break;
		}
		return true;
	});
	return candidates;
}

/** The status line while a prompt is open: the line with a cursor, then the candidates (or what Tab does). */
export function promptLine(prompt: NonNullable<UiState['prompt']>, candidates: readonly string[], cursor: string): string {
	const sigil = prompt.kind === 'filter' ? '/' : ':';
	const hint = prompt.kind === 'palette' ? (candidates.length > 0 ? `   ${candidates.slice(0, 12).join('  ')}` : '') : '   (regex; ! inverts)';
	return `${sigil}${prompt.text}${cursor}${hint}`;
}

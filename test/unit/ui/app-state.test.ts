import {describe, expect, it} from 'vitest';
import {activeScopes, currentSelection, initialUiState, reduceUiCommand, type UiContext} from '../../../source/ui/app-state.js';

const context: UiContext = {ids: [0, 1, 2, 3, 4, 5, 6, 7], tableBodyRows: 3, focusablePanels: ['table', 'trends', 'logs'], helpMaxOffset: 4};

describe('reduceUiCommand', () => {
	it('moves the selection and scrolls the table window', () => {
		let state = initialUiState;
		for (let i = 0; i < 4; i++) state = reduceUiCommand(state, 'table.down', context);
		expect(state.selectedPmId).toBe(4);
		expect(state.tableOffset).toBe(2);
		state = reduceUiCommand(state, 'table.top', context);
		expect(state).toMatchObject({selectedPmId: 0, tableOffset: 0});
		state = reduceUiCommand(state, 'table.page-down', context);
		expect(state.selectedPmId).toBe(3);
	});

	it('opens views, toggles help and goes back step by step', () => {
		let state = reduceUiCommand(initialUiState, 'doctor.open', context);
		expect(state.view).toBe('doctor');
		state = reduceUiCommand(state, 'app.help', context);
		expect(state.helpOpen).toBe(true);
		expect(activeScopes(state, false, false)).toEqual(['help', 'global']);
		state = reduceUiCommand(state, 'app.back', context);
		expect(state).toMatchObject({helpOpen: false, view: 'doctor'});
		expect(activeScopes(state, false, false)).toEqual(['doctor', 'global']);
		state = reduceUiCommand(state, 'app.back', context);
		expect(state.view).toBe('main');
	});

	it('cycles panel focus and scopes follow it', () => {
		let state = reduceUiCommand(initialUiState, 'main.focus-next', context);
		expect(state.focus).toBe('trends');
		expect(activeScopes(state, false, false)).toEqual(['trends', 'main', 'global']);
		state = reduceUiCommand(state, 'main.focus-next', context);
		state = reduceUiCommand(state, 'main.focus-next', context);
		expect(state.focus).toBe('table');
		state = reduceUiCommand(state, 'main.focus-prev', {...context, focusablePanels: ['table', 'trends']});
		expect(state.focus).toBe('trends');
	});

	it('clamps help scrolling', () => {
		let state = reduceUiCommand(initialUiState, 'app.help', context);
		for (let i = 0; i < 10; i++) state = reduceUiCommand(state, 'help.down', context);
		expect(state.helpOffset).toBe(4);
		state = reduceUiCommand(state, 'help.up', context);
		expect(state.helpOffset).toBe(3);
	});

	it('gives the confirm dialog the keyboard alone, and a too-small screen only global keys', () => {
		expect(activeScopes(initialUiState, true, false)).toEqual(['confirm']);
		expect(activeScopes(initialUiState, false, true)).toEqual(['global']);
	});

	it('keeps the selection on a row when its process disappears', () => {
		const state = {...initialUiState, selectedPmId: 5, selectedIndex: 5};
		expect(currentSelection(state, {ids: [0, 1, 2, 3, 4, 6, 7], tableBodyRows: 3}).selectedPmId).toBe(6);
	});
});

// Runs what the `:` palette parsed (palette.ts) against the App's state, and words the header's view summary.
import type {ProcessSnapshot} from '../model/types.js';
import {toSafeText} from '../logs/sanitize-line.js';
import type {ActionTarget, ProcessActionSpec} from '../services/actions.js';
import {selectKey, type UiContext, type UiState} from './app-state.js';
import type {PaletteCommand} from './palette.js';
import {targetByName} from './process-actions.js';

type PaletteDeps = {
	processes: readonly ProcessSnapshot[];
	context: UiContext;
	updateUi(change: (ui: UiState) => UiState): void;
	act(action: ProcessActionSpec, target: ActionTarget | null): void;
	flash(message: string, kind?: 'info' | 'error'): void;
	/** Writes the incident report for a process name (null: the selected process). */
	report(name: string | null): void;
	quit(): void;
};

export function runPaletteCommand(command: PaletteCommand, deps: PaletteDeps): void {
	const {updateUi} = deps;
	switch (command.kind) {
		case 'action': {
			const target = targetByName(command.name, deps.processes);
			if (!target) deps.flash(`No process named "${toSafeText(command.name)}".`, 'error');
			else deps.act(command.action, target);
			return;
		}
		case 'logs': {
			const target = targetByName(command.name, deps.processes);
			const pmId = target ? (target.scope === 'app' ? target.instances[0]!.pmId : target.process.pmId) : null;
			const row = deps.context.rows?.find(candidate => candidate.instances.some(process => process.pmId === pmId));
			if (!row) return deps.flash(`No process named "${toSafeText(command.name)}" in the table (a filter or :ns may hide it).`, 'error');
			updateUi(ui => ({...selectKey(ui, row.key, deps.context), view: 'logs-full', helpOpen: false}));
			return;
		}
		case 'namespace':
			return updateUi(ui => ({...ui, table: {...ui.table, namespace: command.namespace}}));
		case 'sort':
			return updateUi(ui => ({...ui, table: {...ui.table, sort: command.key, descending: false}}));
		case 'filter':
			return updateUi(ui => ({...ui, table: {...ui.table, filter: command.text}}));
		case 'doctor':
			return updateUi(ui => ({...ui, view: 'doctor', helpOpen: false}));
		case 'report': {
			if (command.name === null) return deps.report(null);
			const target = targetByName(command.name, deps.processes);
			if (!target) return deps.flash(`No process named "${toSafeText(command.name)}".`, 'error');
			return deps.report(target.scope === 'app' ? target.name : target.process.name);
		}
		case 'help':
			return updateUi(ui => ({...ui, helpOpen: true, helpOffset: 0}));
		case 'quit':
			return deps.quit();
	}
}

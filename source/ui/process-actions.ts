// Which action each key asks for, and what it acts on. Pure; the rules that refuse or confirm an action
// live in the actions service (source/services/actions.ts), the one way the UI changes PM2 state.
import type {ProcessSnapshot} from '../model/types.js';
import type {ActionTarget, ProcessActionSpec} from '../services/actions.js';
import type {CommandId} from './keymap.js';

export const actionCommands: Partial<Record<CommandId, ProcessActionSpec>> = {
	'process.restart': {kind: 'restart'},
	'process.reload': {kind: 'reload'},
	'process.stop': {kind: 'stop'},
	'process.start': {kind: 'start'},
};

/** The instances of the app `process` belongs to (same name and namespace), in pm_id order. */
export function instancesOf(process: ProcessSnapshot, processes: readonly ProcessSnapshot[]): ProcessSnapshot[] {
	return processes.filter(candidate => candidate.name === process.name && candidate.namespace === process.namespace).sort((a, b) => a.pmId - b.pmId);
}

/** A process on its own is its app; one of several instances is acted on alone. */
export function targetOfProcess(process: ProcessSnapshot | null, processes: readonly ProcessSnapshot[]): ActionTarget | null {
	if (!process) return null;
	const instances = instancesOf(process, processes);
	return instances.length > 1 ? {scope: 'instance', process} : {scope: 'app', name: process.name, instances: [process]};
}

/** An app row: all its instances. */
export function appTarget(name: string, instances: readonly ProcessSnapshot[]): ActionTarget {
	return {scope: 'app', name, instances};
}

/** What `:restart NAME|ID` acts on: an id is that process (its app when alone), a name the whole app, as pm2 reads them. */
export function targetByName(nameOrId: string, processes: readonly ProcessSnapshot[]): ActionTarget | null {
	if (/^\d+$/.test(nameOrId)) return targetOfProcess(processes.find(process => process.pmId === Number(nameOrId)) ?? null, processes);
	const instances = processes.filter(process => process.name === nameOrId).sort((a, b) => a.pmId - b.pmId);
	return instances.length === 0 ? null : appTarget(nameOrId, instances);
}

/** What the selected table row acts on: an app row all its instances, an instance row that one only. */
export function targetOfRow(row: {kind: 'process' | 'app' | 'instance'; name: string; instances: readonly ProcessSnapshot[]} | undefined): ActionTarget | null {
	if (!row || row.instances.length === 0) return null;
	return row.kind === 'instance' ? {scope: 'instance', process: row.instances[0]!} : appTarget(row.name, row.instances);
}

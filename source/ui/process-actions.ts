// What a process action key asks for: the confirmation to show, or why it is refused. Pure, so the rules
// (never act while the daemon is away or silent: the socket would keep the request and run it later) are
// tested without a UI.
import type {ConnectionState, ProcessSnapshot} from '../model/types.js';
import type {ProcessAction} from '../services/store/store-types.js';
import type {CommandId} from './keymap.js';

export const actionCommands: Partial<Record<CommandId, ProcessAction>> = {
	'process.restart': 'restart',
	'process.reload': 'reload',
	'process.stop': 'stop',
	'process.start': 'start',
};

const actionVerbs: Record<ProcessAction, {verb: string; progressive: string}> = {
	restart: {verb: 'Restart', progressive: 'Restarting'},
	reload: {verb: 'Reload', progressive: 'Reloading'},
	stop: {verb: 'Stop', progressive: 'Stopping'},
	start: {verb: 'Start', progressive: 'Starting'},
};

export type ActionRequest = {kind: 'refused'; message: string} | {kind: 'confirm'; pmId: number; title: string; message: string; progressMessage: string};

export function requestProcessAction(action: ProcessAction, process: ProcessSnapshot | null, connection: ConnectionState): ActionRequest {
	const {verb, progressive} = actionVerbs[action];
	if (!process) return {kind: 'refused', message: `${verb}: no process selected.`};
	if (connection.kind === 'not-answering') {
		return {kind: 'refused', message: `${verb} refused: the PM2 daemon is not answering (it would run the action whenever it wakes up).`};
	}
	if (connection.kind !== 'attached') {
		return {kind: 'refused', message: `${verb} refused: not attached to the PM2 daemon (it would run later, against whatever daemon is there then).`};
	}
	return {
		kind: 'confirm',
		pmId: process.pmId,
		title: verb,
		message: `${verb} "${process.name}" (id ${process.pmId})?`,
		progressMessage: `${progressive} "${process.name}"…`,
	};
}

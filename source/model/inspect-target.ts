// Which PM2 process `heap` and `profile` act on, and why one may not be inspected. Pure: the caller supplies
// the process list. Every refusal is one line, said before anything is signalled: SIGUSR1 opens the inspector
// of a Node process but ends most other programs (its default action is to terminate).
import type {ProcessSnapshot} from './types.js';

export type TargetChoice = {ok: true; process: ProcessSnapshot} | {ok: false; message: string};

/** A pm_id picks one process; a name must name exactly one (each cluster worker is picked by its pm_id). */
export function chooseTarget(processes: readonly ProcessSnapshot[], nameOrId: string): TargetChoice {
	const byId = /^\d+$/.test(nameOrId) ? processes.find(process => process.pmId === Number(nameOrId)) : undefined;
	if (byId) return {ok: true, process: byId};
	const named = processes.filter(process => process.name === nameOrId);
	if (named.length === 1) return {ok: true, process: named[0]!};
	if (named.length > 1)
		return {ok: false, message: `${nameOrId} runs as ${named.length} processes: name one by its pm_id (${named.map(process => process.pmId).join(', ')})`};
	return {ok: false, message: `no PM2 process named or numbered ${nameOrId}`};
}

const nodeInterpreter = /^(node|nodejs)(\d+(\.\d+)*)?(\.exe)?$/;
const inspectFlag = /(^|\s)--(inspect|inspect-brk|inspect-wait|inspect-port|debug-port)(=|\s|$)/;

/** Why this process cannot be inspected, or null when it can. */
export function inspectRefusal(process: ProcessSnapshot, readOnly: boolean): string | null {
	const label = `${process.name} (pm_id ${process.pmId})`;
	if (readOnly) return `--read-only: pm2-doctor does not open the inspector of ${label}`;
	if (process.status !== 'online' || process.pid === null) return `${label} is not running (status ${process.status})`;
	const interpreter = baseName(process.interpreter);
	if (!nodeInterpreter.test(interpreter))
		return `${label} does not run on Node (interpreter ${interpreter === 'none' ? '"none": a binary or a shebang script' : interpreter}): only a Node process has an inspector to open`;
	const nodeOptions = process.env.NODE_OPTIONS ?? '';
	if (process.nodeArgs.some(argument => inspectFlag.test(argument)) || inspectFlag.test(nodeOptions))
		return `${label} already runs with --inspect: its inspector belongs to whoever started it, pm2-doctor does not share it`;
	return null;
}

function baseName(path: string): string {
	const parts = path.split(/[\\/]/);
	return parts[parts.length - 1] || path;
}

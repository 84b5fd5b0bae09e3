// The PM2 process a `heap` or `profile` run acts on: looked up in the daemon's list, refused before anything
// is signalled when it cannot be inspected (source/model/inspect-target.ts says why each).
import {toSafeText} from '../logs/sanitize-line.js';
import {chooseTarget, inspectRefusal} from '../model/inspect-target.js';
import type {ProcessSnapshot} from '../model/types.js';
import {DaemonClient} from '../pm2/daemon-client.js';
import {isAlive} from './open-inspector.js';

export type TargetLookup = {ok: true; process: ProcessSnapshot & {pid: number}; label: string} | {ok: false; message: string};

export async function findInspectableProcess(home: string, nameOrId: string, readOnly: boolean): Promise<TargetLookup> {
	const client = new DaemonClient(home);
	const attached = await client.attach(() => {});
	if (!attached.ok) return {ok: false, message: attached.reason};
	try {
		const choice = chooseTarget(await client.listProcesses(), nameOrId);
		if (!choice.ok) return {ok: false, message: toSafeText(choice.message)};
		const refusal = inspectRefusal(choice.process, readOnly);
		if (refusal !== null || choice.process.pid === null) return {ok: false, message: toSafeText(refusal ?? 'not running')};
		const label = `${toSafeText(choice.process.name)} (pm_id ${choice.process.pmId}, pid ${choice.process.pid})`;
		return {ok: true, process: {...choice.process, pid: choice.process.pid}, label};
	} catch (error) {
		return {ok: false, message: toSafeText((error as Error).message)};
	} finally {
		client.detach();
	}
}

/** The message for a failure while the session was open: the usual cause is that the process went away. */
export function describeSessionFailure(pid: number, error: unknown): string {
	if (!isAlive(pid)) return `pid ${pid} exited while pm2-doctor was recording it`;
	return toSafeText((error as Error).message);
}

/** A file name from the app's name: letters, digits, dot, dash and underscore only. */
export function outputFileName(process: Pick<ProcessSnapshot, 'name' | 'pmId'>, extension: string, nowMs = Date.now()): string {
	const stamp = new Date(nowMs).toISOString().replace(/[:.]/g, '-');
	const name = process.name.replace(/[^\w.-]+/g, '_').slice(0, 60) || 'app';
	return `${name}-${process.pmId}-${stamp}.${extension}`;
}

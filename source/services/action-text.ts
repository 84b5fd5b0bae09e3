// The words of the process actions: what the confirmation asks, what the status line says while it runs and
// after. Pure; the names come from PM2 and are made inert here, before they reach the terminal.
import {toSafeText} from '../logs/sanitize-line.js';
import type {ProcessSnapshot} from '../model/types.js';

/** What the user asks for; the target (app or instance) is given separately. */
export type ProcessActionSpec =
	{kind: 'restart' | 'reload' | 'stop' | 'start' | 'flush' | 'reset' | 'delete'} | {kind: 'scale'; instances: number} | {kind: 'signal'; signal: string};

export type ActionKind = ProcessActionSpec['kind'];

/** The signals offered; SIGKILL asks twice. */
export const signalNames = ['SIGUSR2', 'SIGHUP', 'SIGUSR1', 'SIGINT', 'SIGTERM', 'SIGKILL'];

export const actionWords: Record<ActionKind, {title: string; ask: string; progressive: string; past: string}> = {
	restart: {title: 'Restart', ask: 'Restart', progressive: 'Restarting', past: 'Restarted'},
	reload: {title: 'Reload', ask: 'Reload', progressive: 'Reloading', past: 'Reloaded'},
	stop: {title: 'Stop', ask: 'Stop', progressive: 'Stopping', past: 'Stopped'},
	start: {title: 'Start', ask: 'Start', progressive: 'Starting', past: 'Started'},
	flush: {title: 'Flush logs', ask: 'Empty the log files of', progressive: 'Emptying the log files of', past: 'Emptied the log files of'},
	reset: {title: 'Reset counters', ask: 'Reset the restart counters of', progressive: 'Resetting the counters of', past: 'Reset the restart counters of'},
	delete: {title: 'Delete', ask: 'Stop and delete from PM2', progressive: 'Deleting', past: 'Deleted'},
	scale: {title: 'Scale', ask: 'Scale', progressive: 'Scaling', past: 'Scaled'},
	signal: {title: 'Signal', ask: 'Send a signal to', progressive: 'Signalling', past: 'Signalled'},
};

type TargetLike = {scope: 'app'; name: string} | {scope: 'instance'; process: ProcessSnapshot};

/**
 * How a target is named: `long` in the question (every pm_id it acts on), `short` in progress and results.
 * An app of one instance reads as that process; an app of several says all of them, one by one.
 */
export function describeTarget(target: TargetLike, instances: readonly ProcessSnapshot[]): {name: string; long: string; short: string} {
	const name = toSafeText(target.scope === 'app' ? target.name : target.process.name);
	if (target.scope === 'instance') {
		return {name, long: `only instance id ${target.process.pmId} of "${name}"`, short: `"${name}" (id ${target.process.pmId})`};
	}
	if (instances.length === 1) return {name, long: `"${name}" (id ${instances[0]!.pmId})`, short: `"${name}"`};
	const ids = instances.map(process => process.pmId).join(', ');
	return {name, long: `all ${instances.length} instances of "${name}" (ids ${ids}), one by one`, short: `"${name}" (${instances.length} instances)`};
}

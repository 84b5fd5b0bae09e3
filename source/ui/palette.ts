// The `:` command palette: what a typed line means, and how Tab completes it (command names, then process
// names, namespaces, sort keys or signals). Pure; the App runs what parsePaletteLine returns.
import type {ProcessActionSpec} from '../services/actions.js';
import {signalNames} from '../services/action-text.js';
import {sortKeys, type SortKey} from './table-rows.js';

export type PaletteCommand =
	| {kind: 'action'; action: ProcessActionSpec; name: string}
	| {kind: 'logs'; name: string}
	| {kind: 'namespace'; namespace: string | null}
	| {kind: 'sort'; key: SortKey}
	| {kind: 'filter'; text: string}
	| {kind: 'doctor'}
	| {kind: 'report'; name: string | null}
	| {kind: 'help'}
	| {kind: 'quit'};

type Argument = 'process' | 'optional-process' | 'namespace' | 'sort' | 'signal' | 'count' | 'text';

/** Every palette command, its arguments and what it does (the keymap lists them for `?` and the docs). */
export const paletteCommands: ReadonlyArray<{name: string; args: readonly Argument[]; description: string}> = [
	{name: 'restart', args: ['process'], description: 'Restart an app (all its instances) or one instance by id'},
	{name: 'reload', args: ['process'], description: 'Reload an app, instance by instance (cluster: no downtime)'},
	{name: 'stop', args: ['process'], description: 'Stop an app or one instance'},
	{name: 'start', args: ['process'], description: 'Start an app or one instance'},
	{name: 'flush', args: ['process'], description: 'Empty the log files of an app or one instance'},
	{name: 'reset', args: ['process'], description: 'Reset the restart counters of an app or one instance'},
	{name: 'delete', args: ['process'], description: 'Stop and delete an app or one instance from PM2'},
	{name: 'scale', args: ['process', 'count'], description: 'Scale an app to N instances'},
	{name: 'signal', args: ['process', 'signal'], description: 'Send a signal (SIGUSR2, SIGHUP, …; SIGKILL asks twice)'},
	{name: 'logs', args: ['process'], description: "Open a process's logs full screen"},
	{name: 'ns', args: ['namespace'], description: 'Show one namespace only (no argument: all)'},
	{name: 'sort', args: ['sort'], description: `Sort the table (${sortKeys.join(', ')})`},
	{name: 'filter', args: ['text'], description: 'Filter the table (as /)'},
	{name: 'doctor', args: [], description: 'Open the doctor (findings and troubleshooting flows)'},
	{name: 'report', args: ['optional-process'], description: 'Write the incident report for a process (no argument: the selected one)'},
	{name: 'help', args: [], description: 'Show the key bindings'},
	{name: 'q', args: [], description: 'Quit pm2-doctor'},
];

const actionKinds = new Set(['restart', 'reload', 'stop', 'start', 'flush', 'reset', 'delete']);

/** What can be completed: the names the daemon reports now. */
export type PaletteContext = {processNames: readonly string[]; namespaces: readonly string[]};

/** The command a line asks for, or why it cannot be run. */
export function parsePaletteLine(line: string): PaletteCommand | {kind: 'error'; message: string} {
	const words = line.trim().split(/\s+/).filter(Boolean);
	const [name, ...args] = words;
	if (!name) return {kind: 'error', message: 'Type a command (Tab completes).'};
	const command = paletteCommands.find(candidate => candidate.name === name) ?? (name === 'quit' ? paletteCommands.find(c => c.name === 'q') : undefined);
	if (!command) return {kind: 'error', message: `Unknown command :${name} (Tab completes).`};
	const needsProcess = command.args[0] === 'process';
	if (needsProcess && !args[0]) return {kind: 'error', message: `:${command.name} needs a process name or id.`};
	const target = args[0] ?? '';
	if (actionKinds.has(command.name)) return {kind: 'action', action: {kind: command.name} as ProcessActionSpec, name: target};
	switch (command.name) {
		case 'scale': {
			const count = Number(args[1]);
			if (!Number.isInteger(count) || count < 1) return {kind: 'error', message: ':scale NAME N: N is the number of instances (1 or more).'};
			return {kind: 'action', action: {kind: 'scale', instances: count}, name: target};
		}
		case 'signal': {
			const signal = (args[1] ?? '').toUpperCase();
			const named = signal.startsWith('SIG') ? signal : `SIG${signal}`;
			if (!signalNames.includes(named)) return {kind: 'error', message: `:signal NAME SIGNAL: one of ${signalNames.join(', ')}.`};
			return {kind: 'action', action: {kind: 'signal', signal: named}, name: target};
		}
		case 'logs':
			return {kind: 'logs', name: target};
		case 'ns':
			return {kind: 'namespace', namespace: args[0] && args[0] !== 'all' && args[0] !== '*' ? args[0] : null};
		case 'sort': {
			const key = sortKeys.find(candidate => candidate.startsWith((args[0] ?? '').toLowerCase()) && args[0]);
			return key ? {kind: 'sort', key} : {kind: 'error', message: `:sort KEY: one of ${sortKeys.join(', ')}.`};
		}
		case 'filter':
			return {kind: 'filter', text: args.join(' ')};
		case 'doctor':
			return {kind: 'doctor'};
		case 'report':
			return {kind: 'report', name: args[0] ?? null};
		case 'help':
			return {kind: 'help'};
		default:
			return {kind: 'quit'};
	}
}

/** The candidates for the word being typed (the last one), and the line completed to their common prefix. */
export function completePaletteLine(line: string, context: PaletteContext): {line: string; candidates: string[]} {
	const endsWithSpace = /\s$/.test(line);
	const words = line.trimStart().split(/\s+/);
	if (endsWithSpace) words[words.length - 1] = '';
	const partial = words.at(-1) ?? '';
	const position = words.length - 1;
	let pool: readonly string[];
	if (position === 0) pool = paletteCommands.map(command => command.name);
	else {
		const command = paletteCommands.find(candidate => candidate.name === words[0]);
		const argument = command?.args[position - 1];
		pool =
			argument === 'process' || argument === 'optional-process'
				? context.processNames
				: argument === 'namespace'
					? ['all', ...context.namespaces]
					: argument === 'sort'
						? sortKeys
						: argument === 'signal'
							? signalNames
							: [];
	}
	const lower = partial.toLowerCase();
	const candidates = [...new Set(pool)].filter(candidate => candidate.toLowerCase().startsWith(lower)).sort();
	// Prefix matches first; without any, names that contain what was typed (svc-137 from "137").
	const found = candidates.length > 0 ? candidates : [...new Set(pool)].filter(candidate => candidate.toLowerCase().includes(lower)).sort();
	if (found.length === 0) return {line, candidates: []};
	const completed = found.length === 1 ? `${found[0]!} ` : commonPrefix(found, partial);
	const head = words.slice(0, -1).join(' ');
	return {line: `${head === '' ? '' : `${head} `}${completed}`, candidates: found};
}

function commonPrefix(values: readonly string[], fallback: string): string {
	let prefix = values[0]!;
	for (const value of values) while (!value.startsWith(prefix)) prefix = prefix.slice(0, -1);
	return prefix.length >= fallback.length ? prefix : fallback;
}

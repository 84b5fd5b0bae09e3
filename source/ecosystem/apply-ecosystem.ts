// Applies a saved ecosystem file with `pm2 startOrReload FILE --only <apps> [--env ENV]`, run as a child process of
// the installed pm2 CLI against the attached PM2_HOME, with a deadline (the child's process group is killed after
// it). Why the CLI and not an RPC: the daemon has no "apply this file" call — the file is read, merged and diffed
// against the running apps on the client side (pm2's API._startJson), and pm2's programmatic startOrReload does
// that in the caller's process, merging the caller's whole environment into every reloaded app (for ecosystem
// files pm2 forces updateEnv). In a child we choose that environment: a minimal one, so the operator's SSH
// variables and tokens do not leak into apps. And only while the daemon answers: the CLI would start a new one.
import {spawn} from 'node:child_process';
import {createRequire} from 'node:module';
import path from 'node:path';
import {formatBytes} from '../model/format.js';
import {maskArgs, maskEnvValue, maskSecretsInText} from '../model/mask-secrets.js';
import type {ProcessSnapshot} from '../model/types.js';
import {parsePm2Units} from './pm2-schema.js';
import {probeDaemon} from '../pm2/probe-daemon.js';
import {minimalChildEnv} from './load-ecosystem-file.js';

export type FieldChange = {
	key: string;
	before: string;
	after: string;
	/** What a startOrReload does with the change. */
	effect: 'applied' | 'needs-delete-start' | 'needs-env-flag' | 'new-app';
};

export type ApplyOptions = {
	file: string;
	pm2Home: string;
	/** Restrict to one app (`--only`). */
	only?: string | null;
	/** `--env <name>` to apply an env_<name> block. */
	envName?: string | null;
	timeoutMs?: number;
};

export type ApplyResult = {
	ok: boolean;
	/** The argv that ran (without node), for the record. */
	command: string[];
	exitCode: number | null;
	/** pm2's stdout+stderr, capped; untrusted text — sanitize before display. */
	output: string;
	message: string;
};

const requireFromHere = createRequire(import.meta.url);
const outputCapBytes = 64 * 1024;

// startOrReload copies these into the running process only by deleting and starting it again (verified against pm2 7):
const needsDeleteStart = new Set([
	'script',
	'exec',
	'cmd',
	'command',
	'cwd',
	'exec_mode',
	'instances',
	'out_file',
	'error_file',
	'log_file',
	'pid_file',
	'out',
	'output',
	'out_log',
	'error',
	'err',
	'err_file',
	'err_log',
	'log',
	'pid',
	'interpreter',
	'exec_interpreter',
]);

/** Lists what differs between the app's old and new config, and whether a reload applies each change. */
export function describeAppChanges(before: Record<string, unknown> | null, after: Record<string, unknown>): FieldChange[] {
	if (before === null) return [{key: 'name', before: '(absent)', after: String(after.name ?? ''), effect: 'new-app'}];
	const changes: FieldChange[] = [];
	const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
	for (const key of keys) {
		const isEnvBlock = key === 'env' || key.startsWith('env_');
		if (isEnvBlock && isPlainObject(before[key]) && isPlainObject(after[key])) {
			const oldEnv = before[key] as Record<string, unknown>;
			const newEnv = after[key] as Record<string, unknown>;
			for (const name of [...new Set([...Object.keys(oldEnv), ...Object.keys(newEnv)])].sort()) {
				if (stable(oldEnv[name]) === stable(newEnv[name])) continue;
				changes.push({
					key: `${key}.${name}`,
					before: show(name, oldEnv[name]),
					after: show(name, newEnv[name]),
					effect: key === 'env' ? 'applied' : 'needs-env-flag',
				});
			}
			continue;
		}
		if (stable(before[key]) === stable(after[key])) continue;
		changes.push({
			key,
			before: show(key, before[key]),
			after: show(key, after[key]),
			effect:
				key === 'name' ? 'new-app' : needsDeleteStart.has(key) ? 'needs-delete-start' : isEnvBlock ? (key === 'env' ? 'applied' : 'needs-env-flag') : 'applied',
		});
	}
	return changes;
}

/** Explains, in a few lines, what the apply will and will not do for these changes. */
export function explainApply(changes: FieldChange[], options: {execMode: 'fork' | 'cluster' | null; appName: string | null}): string[] {
	const lines: string[] = [];
	lines.push(
		options.execMode === 'cluster'
			? 'Cluster mode: startOrReload does a zero-downtime reload (new workers first, old ones stopped after listen_timeout/wait_ready).'
			: 'Fork mode: startOrReload stops and starts the process (a short downtime).',
	);
	lines.push('It runs with a minimal environment (PATH, HOME, LANG…): your shell variables are not copied into the app.');
	const notApplied = changes.filter(change => change.effect === 'needs-delete-start');
	if (notApplied.length > 0) {
		lines.push(
			`NOT applied by a reload: ${notApplied.map(change => change.key).join(', ')} — these need \`pm2 delete ${options.appName ?? '<name>'}\` then a start from the file.`,
		);
	}
	const envFlag = changes.filter(change => change.effect === 'needs-env-flag');
	if (envFlag.length > 0) lines.push(`Applied only with --env <name>: ${envFlag.map(change => change.key).join(', ')}.`);
	if (changes.some(change => change.effect === 'new-app'))
		lines.push('A new or renamed app is STARTED as a new process; a process with the old name keeps running.');
	lines.push('Keys removed from env persist in the running process until it is deleted and started again (PM2 issue #3486).');
	return lines;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stable(value: unknown): string {
	return value === undefined ? '(unset)' : JSON.stringify(value);
}

function show(key: string, value: unknown): string {
	if (value === undefined) return '(unset)';
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	// Command lines hold secrets too (`--password=…`), masked as the detail pane masks them.
	const isCommandLine = /(^|\.)(args|node_args|interpreter_args)$/.test(key);
	const masked = !isCommandLine ? maskEnvValue(key, text) : Array.isArray(value) ? JSON.stringify(maskArgs(value.map(String))) : maskSecretsInText(text);
	return masked.length > 60 ? masked.slice(0, 57) + '...' : masked;
}

/** Runs `pm2 startOrReload` for the file; refuses when no daemon answers at pm2Home. Never throws. */
export async function applyEcosystem(options: ApplyOptions): Promise<ApplyResult> {
	const file = path.resolve(options.file);
	const args = ['startOrReload', file];
	if (options.only) args.push('--only', options.only);
	if (options.envName) args.push('--env', options.envName);
	const probe = await probeDaemon(options.pm2Home);
	if (probe.kind !== 'alive') {
		return {
			ok: false,
			command: ['pm2', ...args],
			exitCode: null,
			output: '',
			message: `Not applied: no PM2 daemon answers at ${options.pm2Home} (${probe.kind}); the pm2 CLI would start a new one.`,
		};
	}
	const pm2Bin = path.join(path.dirname(requireFromHere.resolve('pm2/package.json')), 'bin', 'pm2');
	const timeoutMs = options.timeoutMs ?? 60_000;
	return new Promise(resolve => {
		const child = spawn(process.execPath, [pm2Bin, ...args], {
			cwd: path.dirname(file),
			env: minimalChildEnv(options.pm2Home),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		let output = '';
		let settled = false;
		const collect = (chunk: Buffer) => {
			if (output.length < outputCapBytes) output += chunk.toString('utf8').slice(0, outputCapBytes - output.length);
		};
		child.stdout.on('data', collect);
		child.stderr.on('data', collect);
		const finish = (result: ApplyResult) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			resolve(result);
		};
		const timer = setTimeout(() => {
			try {
				process.kill(-child.pid!, 'SIGKILL');
			} catch {
				// Already gone.
			}
			finish({
				ok: false,
				command: ['pm2', ...args],
				exitCode: null,
				output,
				message: `pm2 startOrReload did not finish within ${timeoutMs} ms and was killed; check the process list.`,
			});
		}, timeoutMs);
		child.on('error', error => finish({ok: false, command: ['pm2', ...args], exitCode: null, output, message: `Could not run pm2: ${error.message}`}));
		child.on('close', code => {
			const failed = code !== 0 || /\[PM2\]\[ERROR\]|\[PM2\]\[WARN\] .*not found|malformated/.test(output);
			finish({
				ok: !failed,
				command: ['pm2', ...args],
				exitCode: code,
				output,
				message: failed ? `pm2 startOrReload failed (exit ${String(code)}).` : `Applied ${path.basename(file)}${options.only ? ` to ${options.only}` : ''}.`,
			});
		});
	});
}

// Fields of ProcessSnapshot that mirror an ecosystem option, with the unit conversion PM2 applies.
const observable: Record<string, {field: keyof ProcessSnapshot; toDaemonValue: (value: unknown) => unknown}> = {
	max_memory_restart: {field: 'maxMemoryRestartBytes', toDaemonValue: value => parsePm2Units(value, 'sbyte')},
	min_uptime: {field: 'minUptimeMs', toDaemonValue: value => parsePm2Units(value, 'stime')},
	max_restarts: {field: 'maxRestarts', toDaemonValue: value => Number(value)},
	kill_timeout: {field: 'killTimeoutMs', toDaemonValue: value => Number(value)},
	restart_delay: {field: 'restartDelayMs', toDaemonValue: value => Number(value)},
	exp_backoff_restart_delay: {field: 'expBackoffRestartDelayMs', toDaemonValue: value => Number(value)},
	listen_timeout: {field: 'listenTimeoutMs', toDaemonValue: value => Number(value)},
	cron_restart: {field: 'cronRestart', toDaemonValue: value => String(value)},
	log_date_format: {field: 'logDateFormat', toDaemonValue: value => String(value)},
};

/**
 * Compares what the file now says with what the daemon reports for the process (from the live store), for the
 * changed fields pm2-doctor can observe: "max_memory_restart: daemon reports 300M ✓". Env values are compared
 * by name only (masked display).
 */
export function verifyAppliedChanges(changes: FieldChange[], appAfter: Record<string, unknown>, process: ProcessSnapshot | null): string[] {
	if (!process) return ["The process is not in the daemon's list (yet): check the process table."];
	const lines: string[] = [];
	for (const change of changes) {
		if (change.key.startsWith('env.')) {
			const name = change.key.slice(4);
			const expected = (appAfter.env as Record<string, unknown> | undefined)?.[name];
			const actual = process.env[name];
			const ok = expected === undefined ? actual === undefined : String(expected) === actual;
			lines.push(
				`${change.key}: ${ok ? 'daemon has the new value ✓' : expected === undefined ? 'still set in the running process (removed keys persist until delete + start)' : 'daemon still has the old value ✗'}`,
			);
			continue;
		}
		const mapping = observable[change.key];
		if (!mapping) {
			if (change.effect === 'needs-delete-start') lines.push(`${change.key}: not applied by a reload (needs pm2 delete + start)`);
			continue;
		}
		const expected = mapping.toDaemonValue(appAfter[change.key]);
		const actual = process[mapping.field];
		const show = (value: unknown) => (mapping.field === 'maxMemoryRestartBytes' && typeof value === 'number' ? formatBytes(value) : String(value));
		lines.push(`${change.key}: daemon reports ${show(actual)} ${actual === expected ? '✓' : `✗ (expected ${show(expected)})`}`);
	}
	return lines;
}

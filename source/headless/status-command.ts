// `pm2-doctor status [--json]`: one list() from the daemon, printed for scripts and humans.
// Every string from PM2 goes through the one sanitizer (text) or toSafeJson (JSON), and secret-looking
// arguments are masked in both, as the detail pane masks them.
import stringWidth from 'string-width';
import {toSafeJson, toSafeText} from '../logs/sanitize-line.js';
import {formatBytes, formatDuration} from '../model/format.js';
import {maskArgs} from '../model/mask-secrets.js';
import type {ProcessSnapshot} from '../model/types.js';
import {DaemonClient} from '../pm2/daemon-client.js';
import {explainNoDaemon} from './explain-no-daemon.js';

export async function runStatusCommand(options: {home: string; json: boolean}): Promise<number> {
	const client = new DaemonClient(options.home);
	const attached = await client.attach(() => {});
	if (!attached.ok) {
		process.stderr.write((await explainNoDaemon(attached.probe, attached.reason)) + '\n');
		// A script reading --json gets JSON whatever happens, as from `check --json`.
		if (options.json) process.stdout.write(toSafeJson(statusError(options.home, attached.reason)) + '\n');
		return 2;
	}
	try {
		const processes = await client.listProcesses();
		process.stdout.write(options.json ? toSafeJson(processes.map(publicFields)) + '\n' : formatStatusTable(processes));
		return 0;
	} catch (error) {
		const message = (error as Error).message;
		process.stderr.write(`pm2-doctor: ${toSafeText(message)}\n`);
		if (options.json) process.stdout.write(toSafeJson(statusError(options.home, message)) + '\n');
		return 2;
	} finally {
		client.detach();
	}
}

/** What `status --json` prints when there is no list to print. */
export function statusError(pm2Home: string, reason: string): {error: string; pm2Home: string} {
	return {error: reason, pm2Home};
}

/**
 * The fields `status --json` prints: the env is left out (it holds the secrets of whoever started the apps),
 * and secret-looking args and node_args are masked.
 */
export function publicFields(process: ProcessSnapshot): Omit<ProcessSnapshot, 'env'> {
	const {env: _env, ...rest} = process;
	return {...rest, args: maskArgs(process.args), nodeArgs: maskArgs(process.nodeArgs)};
}

export function formatStatusTable(processes: ProcessSnapshot[], nowMs = Date.now()): string {
	const header = ['id', 'name', 'namespace', 'mode', 'status', 'pid', 'uptime', 'restarts', 'cpu', 'memory', 'exit'];
	const rows = processes.map(p => [
		String(p.pmId),
		toSafeText(p.name),
		toSafeText(p.namespace),
		p.execMode,
		p.status,
		p.pid === null ? '-' : String(p.pid),
		p.status === 'online' && p.startedAtMs !== null ? formatDuration(nowMs - p.startedAtMs) : '-',
		String(p.restartCount),
		`${Math.round(p.cpuPercent)}%`,
		formatBytes(p.rssBytes),
		p.exitCode === null ? '-' : String(p.exitCode),
	]);
	const widths = header.map((title, column) => Math.max(title.length, ...rows.map(row => stringWidth(row[column]!))));
	const pad = (cell: string, width: number) => cell + ' '.repeat(Math.max(0, width - stringWidth(cell)));
	const line = (cells: string[]) =>
		cells
			.map((cell, column) => pad(cell, widths[column]!))
			.join('  ')
			.trimEnd();
	return [line(header), ...rows.map(line)].join('\n') + '\n';
}

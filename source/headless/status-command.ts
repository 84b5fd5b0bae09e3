// `pm2-doctor status [--json]`: one list() from the daemon, printed for scripts and humans.
import {formatBytes, formatDuration} from '../model/format.js';
import type {ProcessSnapshot} from '../model/types.js';
import {DaemonClient} from '../pm2/daemon-client.js';
import {explainNoDaemon} from './explain-no-daemon.js';

export async function runStatusCommand(options: {home: string; json: boolean}): Promise<number> {
	const client = new DaemonClient(options.home);
	const attached = await client.attach(() => {});
	if (!attached.ok) {
		process.stderr.write(explainNoDaemon(attached.probe, attached.reason) + '\n');
		return 2;
	}
	try {
		const processes = await client.listProcesses();
		process.stdout.write(options.json ? JSON.stringify(processes.map(publicFields), null, 2) + '\n' : formatStatusTable(processes));
		return 0;
	} catch (error) {
		process.stderr.write(`pm2-doctor: ${(error as Error).message}\n`);
		return 2;
	} finally {
		client.detach();
	}
}

/** The env is left out of headless output: it holds the secrets of whoever started the apps. */
function publicFields(process: ProcessSnapshot): Omit<ProcessSnapshot, 'env'> {
	const {env: _env, ...rest} = process;
	return rest;
}

export function formatStatusTable(processes: ProcessSnapshot[], nowMs = Date.now()): string {
	const header = ['id', 'name', 'mode', 'status', 'pid', 'uptime', 'restarts', 'cpu', 'memory', 'exit'];
	const rows = processes.map(p => [
		String(p.pmId),
		p.name,
		p.execMode,
		p.status,
		p.pid === null ? '-' : String(p.pid),
		p.status === 'online' && p.startedAtMs !== null ? formatDuration(nowMs - p.startedAtMs) : '-',
		String(p.restartCount),
		`${Math.round(p.cpuPercent)}%`,
		formatBytes(p.rssBytes),
		p.exitCode === null ? '-' : String(p.exitCode),
	]);
	const widths = header.map((title, column) => Math.max(title.length, ...rows.map(row => row[column]!.length)));
	const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
	return [line(header), ...rows.map(line)].join('\n') + '\n';
}

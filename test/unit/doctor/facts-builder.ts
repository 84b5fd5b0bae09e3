// Synthetic DoctorFacts for unit tests of the checks.
import {emptyHostFacts, type DoctorFacts, type HostFacts} from '../../../source/doctor/check-types.js';
import type {DaemonSnapshot, ProcessSnapshot} from '../../../source/model/types.js';

export const home = '/home/app/.pm2';
export const nowMs = new Date(2026, 10, 25, 12, 30, 0).getTime();

/** A pm2.log line stamped `secondsAgo` before nowMs, in PM2's local-time format. */
export function logLine(secondsAgo: number, text: string, level = 'log'): string {
	const d = new Date(nowMs - secondsAgo * 1000);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}: PM2 ${level}: ${text}`;
}

/** Healthy host: daemon running with matching versions, a dump listing the processes, a startup unit. */
export function healthyHost(processes: ProcessSnapshot[]): HostFacts {
	const host = emptyHostFacts(home);
	host.daemon = {
		...host.daemon,
		running: true,
		pid: 4242,
		runningVersion: '7.0.4',
		titleHome: home,
		installedVersion: '7.0.4',
		installedPath: '/usr/lib/node_modules/pm2',
		nodeExecutable: '/usr/bin/node',
	};
	host.dump = {
		path: `${home}/dump.pm2`,
		exists: true,
		entries: processes.map(p => ({name: p.name, scriptPath: p.scriptPath})),
		mtimeMs: nowMs - 60_000,
		parseError: null,
	};
	host.startupUnits = [{path: '/etc/systemd/system/pm2-app.service', pm2Home: home, execPath: '/usr/bin/pm2', execPathExists: true}];
	host.disk = {path: `${home}/logs`, freeBytes: 50e9, totalBytes: 100e9};
	for (const p of processes) host.scriptExists[p.pmId] = true;
	return host;
}

/** Facts with `processes` polled every second for `seconds` (the same list each time unless `series` is given). */
export function buildFacts(
	processes: ProcessSnapshot[],
	options: {daemonLogLines?: string[]; errorLogTails?: Record<number, string[]>; host?: Partial<HostFacts>; series?: DaemonSnapshot[]} = {},
): DoctorFacts {
	const polls = options.series ?? [{takenAtMs: nowMs, processes}];
	return {
		nowMs,
		pm2Home: home,
		processes,
		polls,
		daemonLogLines: options.daemonLogLines ?? [],
		errorLogTails: options.errorLogTails ?? {},
		host: {...healthyHost(processes), ...options.host},
	};
}

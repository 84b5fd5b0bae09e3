// Assembles DoctorFacts from the store's data (polls, pm2.log lines) plus the host edge.
import type {PolledSnapshot} from '../model/poll-window.js';
import type {ProcessSnapshot} from '../model/types.js';
import type {DoctorFacts} from './check-types.js';
import {gatherHostFacts, type HostFactsOptions} from '../host/host-facts.js';
import type {LogSizeSample} from '../host/log-files.js';
import {readDaemonLogTail, readErrorLogTails} from '../host/log-tails.js';
import {eaddrinusePort} from './checks/port-conflict.js';
import {lastErrorHeadline} from './fact-queries.js';

/** The ports of the processes' latest EADDRINUSE errors: the only sockets whose holders the checks name. */
function eaddrinusePorts(errorLogTails: Record<number, string[]>): Set<number> {
	const ports = new Set<number>();
	for (const lines of Object.values(errorLogTails)) {
		const headline = lastErrorHeadline(lines);
		const port = headline?.includes('EADDRINUSE') ? eaddrinusePort(headline) : null;
		if (port !== null) ports.add(port);
	}
	return ports;
}

export type CollectFactsOptions = {
	pm2Home: string;
	/** The latest poll's processes ([] when the daemon does not answer). */
	processes: ProcessSnapshot[];
	/** Polls of the sampling window, oldest first, ending with the latest (the UI's kept polls, or the check command's samples). */
	polls: PolledSnapshot[];
	/** pm2.log lines when the caller already has them (the store's daemonLog ring); read from the file otherwise. */
	daemonLogLines?: string[];
	previousLogSample?: LogSizeSample | null;
	nowMs?: number;
	host?: Partial<Omit<HostFactsOptions, 'pm2Home' | 'processes' | 'previousLogSample' | 'daemonLogLines'>>;
};

export async function collectDoctorFacts(options: CollectFactsOptions): Promise<DoctorFacts> {
	const {processes, polls} = options;
	const daemonLogLines = options.daemonLogLines ?? (await readDaemonLogTail(options.pm2Home));
	const errorLogTails = await readErrorLogTails(processes);
	const host = await gatherHostFacts({
		...options.host,
		pm2Home: options.pm2Home,
		processes,
		previousLogSample: options.previousLogSample ?? null,
		daemonLogLines,
		socketOwnerPorts: eaddrinusePorts(errorLogTails),
	});
	return {nowMs: options.nowMs ?? Date.now(), pm2Home: options.pm2Home, processes, polls, daemonLogLines, errorLogTails, host};
}

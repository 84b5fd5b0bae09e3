// Assembles DoctorFacts from the store's data (polls, pm2.log lines) plus the host edge. The readers run at
// the same time, each cut at its deadline, so a slow /proc or disk costs one deadline, not the sum: the host
// readers start at once and wait, where they use them, for the pm2.log tail (the daemon's Node version) and the
// error tails (the EADDRINUSE ports whose socket owners are looked up).
import type {PolledSnapshot} from '../model/poll-window.js';
import type {ProcessSnapshot} from '../model/types.js';
import type {DoctorFacts, HostFacts} from './check-types.js';
import {hostReadDeadlineMs, withDeadline} from '../host/bounded.js';
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

/** The readers behind the facts (fakes in tests). */
export type FactReaders = {
	daemonLogTail(pm2Home: string): Promise<string[]>;
	errorLogTails(processes: ProcessSnapshot[]): Promise<Record<number, string[]>>;
	hostFacts(options: HostFactsOptions): Promise<HostFacts>;
};

export const hostFactReaders: FactReaders = {daemonLogTail: readDaemonLogTail, errorLogTails: readErrorLogTails, hostFacts: gatherHostFacts};

export async function collectDoctorFacts(options: CollectFactsOptions, readers: FactReaders = hostFactReaders): Promise<DoctorFacts> {
	const {processes, polls} = options;
	const daemonLogTail = options.daemonLogLines
		? Promise.resolve(options.daemonLogLines)
		: withDeadline(readers.daemonLogTail(options.pm2Home), hostReadDeadlineMs, []);
	const errorTails = withDeadline(readers.errorLogTails(processes), hostReadDeadlineMs, {});
	const [daemonLogLines, errorLogTails, host] = await Promise.all([
		daemonLogTail,
		errorTails,
		readers.hostFacts({
			...options.host,
			pm2Home: options.pm2Home,
			processes,
			previousLogSample: options.previousLogSample ?? null,
			daemonLogLines: daemonLogTail,
			socketOwnerPorts: errorTails.then(eaddrinusePorts),
		}),
	]);
	return {nowMs: options.nowMs ?? Date.now(), pm2Home: options.pm2Home, processes, polls, daemonLogLines, errorLogTails, host};
}

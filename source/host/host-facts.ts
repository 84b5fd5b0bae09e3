// The doctor's host edge: gathers every HostFacts field from its own reader in this folder (one file per
// fact), all asynchronous, concurrent and with bounded concurrency, so a slow /proc or file system never blocks
// the UI. Everything is best effort: an unreadable file gives an empty/unknown fact, never an exception, because
// a doctor that crashes on a permission error on someone else's pid diagnoses nothing.
// Readers whose empty answer finds nothing are cut at hostReadDeadlineMs; the dump, the boot units, logrotate's
// settings and the daemon's pid file are awaited, since their empty answer would itself be a finding (a few
// small files, read at the same time as the rest).
import path from 'node:path';
import type {HostFacts, PidInfo} from '../doctor/check-types.js';
import type {ProcessSnapshot} from '../model/types.js';
import {hostReadConcurrency, hostReadDeadlineMs, mapBounded, withDeadline} from './bounded.js';
import {readDiskFact} from './disk.js';
import {exists} from './exists.js';
import {logFileFacts, sampleLogSizes, type LogSizeSample} from './log-files.js';
import {readLogrotateFact} from './logrotate.js';
import {readDumpFact} from './dump.js';
import {readListeningSockets, readPidInfo} from './ports.js';
import {defaultStartupUnitDirs, readStartupUnits} from './startup-units.js';
import {readDaemonFact, type DaemonFactOptions} from './versions.js';

export type HostFactsOptions = DaemonFactOptions & {
	/** The latest list; log paths, pids and scripts come from it. */
	processes: ProcessSnapshot[];
	/** The log-size sample taken earlier (e.g. at the start of `--sample`), for growth rates. */
	previousLogSample?: LogSizeSample | null;
	/** Folders searched for boot units; defaults to the systemd/init/launchd locations. */
	startupUnitDirs?: string[];
	/** Ports whose listening sockets need their owner pids (those of EADDRINUSE errors); may still be being found. */
	socketOwnerPorts?: ReadonlySet<number> | Promise<ReadonlySet<number>>;
};

const scriptsExist = (processes: ProcessSnapshot[]) =>
	mapBounded(processes, hostReadConcurrency, async process => ({pmId: process.pmId, exists: process.scriptPath ? await exists(process.scriptPath) : null}));

/** Gathers every host fact for the checks. Takes a log-size sample itself; growth needs `previousLogSample`. */
export async function gatherHostFacts(options: HostFactsOptions): Promise<HostFacts> {
	const procRoot = options.procRoot ?? '/proc';
	const {pm2Home, processes} = options;
	const cut = <T>(work: Promise<T>, fallback: T) => withDeadline(work, hostReadDeadlineMs, fallback);
	const [daemon, listeningSockets, current, scripts, disk, logrotate, startupUnits, dump] = await Promise.all([
		readDaemonFact(options),
		cut(readListeningSockets(procRoot, options.socketOwnerPorts), []),
		cut(sampleLogSizes(pm2Home, processes), {atMs: Date.now(), sizes: {}}),
		cut(scriptsExist(processes), []),
		cut(
			readDiskFact(path.join(pm2Home, 'logs')).then(fact => fact ?? readDiskFact(pm2Home)),
			null,
		),
		readLogrotateFact(pm2Home, processes),
		readStartupUnits(options.startupUnitDirs ?? defaultStartupUnitDirs()),
		readDumpFact(pm2Home),
	]);
	const pids: Record<number, PidInfo> = {};
	const interesting = [...new Set([...listeningSockets.flatMap(s => s.ownerPids), ...(daemon.pid === null ? [] : [daemon.pid])])];
	const infos = await cut(
		mapBounded(interesting, hostReadConcurrency, pid => readPidInfo(pid, procRoot)),
		[],
	);
	for (const info of infos) if (info) pids[info.pid] = info;
	const scriptExists: Record<number, boolean> = {};
	for (const script of scripts) if (script.exists !== null) scriptExists[script.pmId] = script.exists;
	return {
		listeningSockets,
		pids,
		logSample: current,
		logFiles: logFileFacts(pm2Home, processes, current, options.previousLogSample ?? null),
		disk,
		logrotate,
		startupUnits,
		dump,
		daemon,
		scriptExists,
	};
}

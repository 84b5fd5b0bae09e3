// The PM2 daemons running on this host, from their process titles, so "no daemon here" can say where they are
// and the doctor can name other daemons. Asynchronous and bounded like every host reader.
//
// Cheap enough for every diagnosis run: a pid's title is read once and remembered while the pid lives, so a
// run lists /proc (one readdir) and reads only the titles of new pids. Every title is read again at most once a
// minute all the same, in case a pid was reused between two runs; the memory is bounded by the live pids.
import fs from 'node:fs/promises';
import path from 'node:path';
import {parseDaemonTitle, type OtherDaemon} from '../pm2/find-other-daemons.js';
import {hostReadConcurrency, mapBounded} from './bounded.js';
import {listPids} from './ports.js';

/** What the finder reads of /proc (injected in tests). */
export type ProcReader = {
	listPids(): Promise<number[]>;
	/** A file of /proc/<pid>/ (cmdline, environ); rejects when it is gone or another user's. */
	readPidFile(pid: number, name: 'cmdline' | 'environ'): Promise<string>;
};

export function procReader(procRoot = '/proc'): ProcReader {
	return {
		listPids: () => listPids(procRoot),
		readPidFile: (pid, name) => fs.readFile(path.join(procRoot, String(pid), name), 'utf8'),
	};
}

/** How long a remembered title is trusted before every pid is read again. */
export const daemonTitleRescanMs = 60_000;

/** The home a cut title leaves out, from the daemon's environment when it may be read (same user or root). */
async function homeFromEnvironment(reader: ProcReader, pid: number): Promise<string | null> {
	try {
		const variable = (await reader.readPidFile(pid, 'environ')).split('\0').find(entry => entry.startsWith('PM2_HOME='));
		return variable ? variable.slice('PM2_HOME='.length) : null;
	} catch {
		return null;
	}
}

async function readDaemon(reader: ProcReader, pid: number): Promise<{daemon: OtherDaemon | null; final: boolean}> {
	let cmdline: string;
	try {
		cmdline = await reader.readPidFile(pid, 'cmdline');
	} catch {
		return {daemon: null, final: true}; // gone, or another user's
	}
	const title = cmdline.startsWith('PM2 v') ? parseDaemonTitle(cmdline) : null;
	// A daemon still starting runs as "node …/Daemon.js" until it sets its title: asked again next run.
	if (!title) return {daemon: null, final: !cmdline.includes('Daemon.js')};
	const fullHome = title.homeIsPrefix ? await homeFromEnvironment(reader, pid) : null;
	return {daemon: fullHome?.startsWith(title.home) ? {pid, version: title.version, home: fullHome} : {pid, ...title}, final: true};
}

export type Pm2DaemonFinder = () => Promise<OtherDaemon[]>;

/** A finder that remembers each live pid's daemon (or that it is none) between calls. */
export function createPm2DaemonFinder(reader: ProcReader, nowMs: () => number = Date.now): Pm2DaemonFinder {
	let known = new Map<number, OtherDaemon | null>();
	let fullScanAtMs = -Infinity;
	return async () => {
		const pids = await reader.listPids();
		const fullScan = nowMs() - fullScanAtMs >= daemonTitleRescanMs;
		if (fullScan) fullScanAtMs = nowMs();
		const next = new Map<number, OtherDaemon | null>();
		const unread: number[] = [];
		for (const pid of pids) {
			if (!fullScan && known.has(pid)) next.set(pid, known.get(pid)!);
			else unread.push(pid);
		}
		await mapBounded(unread, hostReadConcurrency, async pid => {
			const {daemon, final} = await readDaemon(reader, pid);
			if (final) next.set(pid, daemon);
		});
		known = next; // pids that ended are forgotten with it
		return pids.map(pid => next.get(pid) ?? null).filter((daemon): daemon is OtherDaemon => daemon !== null);
	};
}

const finders = new Map<string, Pm2DaemonFinder>();

/** Every God daemon on the host; a title cut by the kernel is completed from the daemon's environment where readable. */
export function findPm2Daemons(procRoot = '/proc'): Promise<OtherDaemon[]> {
	let finder = finders.get(procRoot);
	if (!finder) {
		finder = createPm2DaemonFinder(procReader(procRoot));
		finders.set(procRoot, finder);
	}
	return finder();
}

// The PM2 daemons on the host, found again on every diagnosis run without reading every process's title every
// time: on a busy host that was thousands of file reads per run (open, fstat, read, close for each pid), the
// largest part of an idle session's work. A pid whose title is not a daemon's is not read again for settledTtlMs
// (it may exec, or its pid be reused, in between: a daemon started that way is found within that time). A daemon
// starts as a fork of `pm2` (node) and sets its title just after: a title that mentions node or pm2 is read on
// two runs before it settles.
import type {OtherDaemon} from '../pm2/find-other-daemons.js';
import {hostReadConcurrency, mapBounded} from './bounded.js';
import {readDaemonAt} from './pm2-daemons.js';
import {listPids} from './ports.js';

const settledTtlMs = 5 * 60_000;

const mayBecomeDaemon = (title: string) => /node|pm2/i.test(title);

export type Pm2DaemonScanner = {scan(): Promise<OtherDaemon[]>};

export function createPm2DaemonScanner(procRoot = '/proc', now: () => number = Date.now): Pm2DaemonScanner {
	/** Per pid that was not a daemon: how many runs in a row it was not, and since when it is settled. */
	const notDaemon = new Map<number, {runs: number; settledAtMs: number | null}>();
	return {
		async scan() {
			const pids = await listPids(procRoot);
			const alive = new Set(pids);
			for (const pid of notDaemon.keys()) if (!alive.has(pid)) notDaemon.delete(pid);
			const nowMs = now();
			const toRead = pids.filter(pid => {
				const known = notDaemon.get(pid);
				return !known || known.settledAtMs === null || nowMs - known.settledAtMs >= settledTtlMs;
			});
			const found = await mapBounded(toRead, hostReadConcurrency, async pid => {
				const {daemon, readable, title} = await readDaemonAt(procRoot, pid);
				if (daemon || !readable) {
					notDaemon.delete(pid);
					return daemon;
				}
				const runs = (notDaemon.get(pid)?.settledAtMs === null ? notDaemon.get(pid)!.runs : 0) + 1;
				notDaemon.set(pid, {runs, settledAtMs: runs >= 2 || !mayBecomeDaemon(title) ? nowMs : null});
				return null;
			});
			return found.filter((daemon): daemon is OtherDaemon => daemon !== null);
		},
	};
}

const scanners = new Map<string, Pm2DaemonScanner>();

/** The daemons on the host, through one scanner per /proc root for the whole session. */
export function findPm2DaemonsIncrementally(procRoot = '/proc'): Promise<OtherDaemon[]> {
	let scanner = scanners.get(procRoot);
	if (!scanner) scanners.set(procRoot, (scanner = createPm2DaemonScanner(procRoot)));
	return scanner.scan();
}

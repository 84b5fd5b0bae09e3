// The PM2 daemons running on this host, from their process titles, so "no daemon here" can say where they are
// and the doctor can name other daemons. Asynchronous and bounded like every host reader.
import fs from 'node:fs/promises';
import path from 'node:path';
import {parseDaemonTitle, type OtherDaemon} from '../pm2/find-other-daemons.js';
import {hostReadConcurrency, mapBounded} from './bounded.js';
import {listPids} from './ports.js';

/** The home a cut title leaves out, from the daemon's environment when it may be read (same user or root). */
async function homeFromEnvironment(procRoot: string, pid: number): Promise<string | null> {
	try {
		const variable = (await fs.readFile(path.join(procRoot, String(pid), 'environ'), 'utf8')).split('\0').find(entry => entry.startsWith('PM2_HOME='));
		return variable ? variable.slice('PM2_HOME='.length) : null;
	} catch {
		return null;
	}
}

/** Every God daemon on the host; a title cut by the kernel is completed from the daemon's environment where readable. */
export async function findPm2Daemons(procRoot = '/proc'): Promise<OtherDaemon[]> {
	const found = await mapBounded(await listPids(procRoot), hostReadConcurrency, async pid => (await readDaemonAt(procRoot, pid)).daemon);
	return found.filter((daemon): daemon is OtherDaemon => daemon !== null);
}

/** The daemon whose title `pid` has, if any; `readable` is false when the pid is gone or another user's. */
export async function readDaemonAt(procRoot: string, pid: number): Promise<{daemon: OtherDaemon | null; readable: boolean; title: string}> {
	let cmdline: string;
	try {
		cmdline = await fs.readFile(path.join(procRoot, String(pid), 'cmdline'), 'utf8');
	} catch {
		return {daemon: null, readable: false, title: ''};
	}
	const title = cmdline.startsWith('PM2 v') ? parseDaemonTitle(cmdline) : null;
	if (!title) return {daemon: null, readable: true, title: cmdline};
	const fullHome = title.homeIsPrefix ? await homeFromEnvironment(procRoot, pid) : null;
	return {daemon: fullHome?.startsWith(title.home) ? {pid, version: title.version, home: fullHome} : {pid, ...title}, readable: true, title: cmdline};
}

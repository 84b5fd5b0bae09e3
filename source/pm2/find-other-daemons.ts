// Lists the PM2 daemons running on this host, from their process titles
// ("PM2 v7.0.4: God Daemon (/home/app/.pm2)"), so "no daemon here" can say where they are.
import fs from 'node:fs';

export type OtherDaemon = {pid: number; version: string; home: string; homeIsPrefix?: boolean};

// Linux keeps a process title within the space of the original command line, so a daemon started from a short
// path with a long PM2_HOME has its title cut: "PM2 v7.0.4: God Daemon (/tmp/some-long-ho". The home is then
// only a prefix (`homeIsPrefix`).
const daemonTitle = /^PM2 v(\S+): God Daemon(?: \((.*?)(\))?)?$/;

export function parseDaemonTitle(title: string): {version: string; home: string; homeIsPrefix: boolean} | null {
	const match = daemonTitle.exec(title.replaceAll('\0', ' ').trim());
	if (!match) return null;
	return {version: match[1]!, home: match[2] ?? '', homeIsPrefix: match[3] === undefined};
}

/** Whether a daemon seen by its title may be the one of `home` (a cut title matches by prefix). */
export function daemonHomeMatches(daemon: {home: string; homeIsPrefix?: boolean}, home: string): boolean {
	return daemon.homeIsPrefix ? home.startsWith(daemon.home) : daemon.home === home;
}

/** The home a cut title leaves out, from the daemon's environment when it may be read (same user or root). */
function homeFromEnvironment(procRoot: string, pid: string): string | null {
	try {
		const variable = fs
			.readFileSync(`${procRoot}/${pid}/environ`, 'utf8')
			.split('\0')
			.find(entry => entry.startsWith('PM2_HOME='));
		return variable ? variable.slice('PM2_HOME='.length) : null;
	} catch {
		return null;
	}
}

export function findPm2Daemons(procRoot = '/proc'): OtherDaemon[] {
	let entries: string[];
	try {
		entries = fs.readdirSync(procRoot);
	} catch {
		return [];
	}
	const daemons: OtherDaemon[] = [];
	for (const entry of entries) {
		if (!/^\d+$/.test(entry)) continue;
		let cmdline: string;
		try {
			cmdline = fs.readFileSync(`${procRoot}/${entry}/cmdline`, 'utf8');
		} catch {
			continue;
		}
		if (!cmdline.startsWith('PM2 v')) continue;
		const parsed = parseDaemonTitle(cmdline);
		if (!parsed) continue;
		const fullHome = parsed.homeIsPrefix ? homeFromEnvironment(procRoot, entry) : null;
		daemons.push(
			fullHome && fullHome.startsWith(parsed.home) ? {pid: Number(entry), version: parsed.version, home: fullHome} : {pid: Number(entry), ...parsed},
		);
	}
	return daemons;
}

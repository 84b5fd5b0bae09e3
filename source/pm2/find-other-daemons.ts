// Lists the PM2 daemons running on this host, from their process titles
// ("PM2 v7.0.4: God Daemon (/home/app/.pm2)"), so "no daemon here" can say where they are.
import fs from 'node:fs';

export type OtherDaemon = {pid: number; version: string; home: string};

const daemonTitle = /^PM2 v(\S+): God Daemon \((.*)\)$/;

export function parseDaemonTitle(title: string): {version: string; home: string} | null {
	const match = daemonTitle.exec(title.replaceAll('\0', ' ').trim());
	return match ? {version: match[1]!, home: match[2]!} : null;
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
		if (parsed) daemons.push({pid: Number(entry), ...parsed});
	}
	return daemons;
}

// What a PM2 daemon's process title says: "PM2 v7.0.4: God Daemon (/home/app/.pm2)". The daemons on the host
// are listed from these titles by source/host/pm2-daemons.ts.

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

// EADDRINUSE with the port and who holds it (playbook: port-conflict).
import type {Check, DoctorFacts, Finding} from '../check-types.js';
import {appProcesses, currentProcesses, lastErrorHeadline} from '../fact-queries.js';
import {toEvidenceText} from '../evidence-text.js';

/** Port from "listen EADDRINUSE: address already in use :::3000" (fork) or "bind EADDRINUSE null:3000" (cluster). */
export function eaddrinusePort(line: string): number | null {
	const match = /(?:address already in use|EADDRINUSE)\s+\S*?:(\d+)\b/.exec(line);
	return match ? Number(match[1]) : null;
}

export const portInUseCheck: Check = {
	id: 'port-in-use',
	flows: ['port-conflict'],
	description: 'A process whose latest error is EADDRINUSE, with the port and the pid (and PM2 name) holding it.',
	run(facts) {
		const findings: Finding[] = [];
		for (const process of appProcesses(facts)) {
			const headline = lastErrorHeadline(facts.errorLogTails[process.pmId]);
			if (!headline || !headline.includes('EADDRINUSE')) continue;
			// A process that has been online and stable since is not in conflict any more.
			if (process.status === 'online' && process.restartCount === 0) continue;
			const port = eaddrinusePort(headline);
			const evidence = [`error log: ${headline}`];
			if (port !== null) evidence.push(...describeHolders(facts, port, process.pmId));
			evidence.push(`status ${process.status}, ${process.restartCount} restarts`);
			findings.push({
				id: 'port-in-use',
				severity: 'error',
				process: process.name,
				pmId: process.pmId,
				title: port === null ? `${process.name} cannot bind its port (EADDRINUSE)` : `${process.name} cannot listen: port ${port} is in use`,
				evidence,
				flow: 'port-conflict',
			});
		}
		return findings;
	},
};

/** One evidence line per pid listening on the port, classified (this daemon, a PM2 app, an orphan, another daemon, other). */
export function describeHolders(facts: DoctorFacts, port: number, selfPmId: number | null): string[] {
	const sockets = facts.host.listeningSockets.filter(s => s.port === port);
	if (sockets.length === 0) return [`nothing listens on port ${port} now (the holder may have exited, or its socket is not visible to this user)`];
	const pids = [...new Set(sockets.flatMap(s => s.ownerPids))];
	if (pids.length === 0) return [`port ${port} is held by a process this user cannot inspect (no /proc access)`];
	const processes = currentProcesses(facts);
	return pids.map(pid => {
		const info = facts.host.pids[pid];
		const command = info ? toEvidenceText(info.commandLine) : 'unknown command';
		if (pid === facts.host.daemon.pid) return `port ${port} is held by pid ${pid}, the PM2 daemon itself: a cluster-mode app of this PM2 listens on it`;
		const listed = processes.find(p => p.pid === pid);
		if (listed) return `port ${port} is held by pid ${pid}, PM2 process ${listed.name} (id ${listed.pmId})${listed.pmId === selfPmId ? ' (itself)' : ''}`;
		if (info?.pm2Home === facts.pm2Home)
			return `port ${port} is held by pid ${pid} (${command}), an orphan of this PM2 (was ${info.pm2Name ?? '?'} id ${info.pm2PmId ?? '?'}, no longer in the list)`;
		if (info && /God Daemon/.test(info.commandLine)) return `port ${port} is held by pid ${pid}, another PM2 daemon: ${command}`;
		if (info?.pm2Home) return `port ${port} is held by pid ${pid} (${command}), an app of another PM2 home ${info.pm2Home}`;
		return `port ${port} is held by pid ${pid}: ${command}`;
	});
}

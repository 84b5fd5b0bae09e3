// The in-memory PM2 against the installed one, and Node upgraded under the daemon (playbook: daemon-outdated).
import type {Check, Finding} from '../check-types.js';

export const daemonVersionCheck: Check = {
	id: 'daemon-version',
	flows: ['daemon-outdated'],
	description: "The running daemon's version (from its process title) against the installed pm2 package.",
	run(facts) {
		const daemon = facts.host.daemon;
		if (!daemon.running || !daemon.runningVersion || !daemon.installedVersion || daemon.runningVersion === daemon.installedVersion) return [];
		const older = compareVersions(daemon.runningVersion, daemon.installedVersion) < 0;
		return [
			{
				id: 'daemon-version',
				severity: 'warning',
				process: null,
				pmId: null,
				title: `In-memory PM2 ${daemon.runningVersion} is ${older ? 'older' : 'newer'} than the installed ${daemon.installedVersion}`,
				evidence: [
					`daemon pid ${daemon.pid} title: PM2 v${daemon.runningVersion}: God Daemon (${daemon.titleHome ?? facts.pm2Home})`,
					`installed: pm2 ${daemon.installedVersion} at ${daemon.installedPath ?? 'unknown path'}`,
				],
				flow: 'daemon-outdated',
			},
		];
	},
};

export const daemonNodeCheck: Check = {
	id: 'daemon-node',
	flows: ['daemon-outdated'],
	description: "The daemon's Node binary was replaced or deleted on disk (Node upgraded under a running PM2).",
	run(facts) {
		const daemon = facts.host.daemon;
		if (!daemon.running) return [];
		const findings: Finding[] = [];
		if (daemon.nodeExecutableDeleted)
			findings.push({
				id: 'daemon-node',
				severity: 'warning',
				process: null,
				pmId: null,
				title: 'The PM2 daemon runs on a Node binary that was deleted or replaced',
				evidence: [`/proc/${daemon.pid}/exe → ${daemon.nodeExecutable}`, 'cluster apps and `pm2 update` keep using the old Node until the daemon restarts'],
				flow: 'daemon-outdated',
			});
		else if (daemon.daemonNodeVersion && daemon.pathNodeVersion && daemon.daemonNodeVersion !== daemon.pathNodeVersion)
			findings.push({
				id: 'daemon-node',
				severity: 'info',
				process: null,
				pmId: null,
				title: `The PM2 daemon runs Node ${daemon.daemonNodeVersion}, the Node on PATH is ${daemon.pathNodeVersion}`,
				evidence: [`daemon executable ${daemon.nodeExecutable ?? '?'}`],
				flow: 'daemon-outdated',
			});
		return findings;
	},
};

/** Compares dotted numeric versions ("7.0.4" < "7.0.10"). */
export function compareVersions(a: string, b: string): number {
	const pa = a.split(/[.-]/).map(n => Number.parseInt(n, 10) || 0);
	const pb = b.split(/[.-]/).map(n => Number.parseInt(n, 10) || 0);
	for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
		const d = (pa[i] ?? 0) - (pb[i] ?? 0);
		if (d !== 0) return d;
	}
	return 0;
}

// Restarts caused by `watch` (playbook: watch-restart-loop).
import path from 'node:path';
import type {Check, Finding} from '../check-types.js';
import {appProcesses, daemonLogEvents} from '../fact-queries.js';
import {toEvidenceText, withoutDaemonLogPrefix} from '../evidence-text.js';

const recentWindowMs = 5 * 60_000;

export const watchRestartsCheck: Check = {
	id: 'watch-restarts',
	flows: ['watch-restart-loop'],
	description: 'Two or more "Change detected on path" restarts of one app within 5 minutes, with the changed paths.',
	run(facts) {
		const findings: Finding[] = [];
		const changes = daemonLogEvents(facts).filter(e => e.kind === 'watch-change');
		for (const process of appProcesses(facts)) {
			const own = changes.filter(
				e => e.kind === 'watch-change' && e.appName === process.name && (!e.timestamped || facts.nowMs - e.atMs <= recentWindowMs + 1000),
			);
			if (own.length < 2) continue;
			const counts = new Map<string, number>();
			for (const e of own) if (e.kind === 'watch-change') counts.set(e.path, (counts.get(e.path) ?? 0) + 1);
			const byCount = [...counts.entries()].sort((a, b) => b[1] - a[1]);
			const evidence = [
				`${own.length} watch restarts in 5 minutes; changed: ${byCount
					.slice(0, 3)
					.map(([p, n]) => `${toEvidenceText(p)} (×${n})`)
					.join(', ')}`,
				`pm2.log: ${toEvidenceText(withoutDaemonLogPrefix(own.at(-1)!.line))}`,
				`watch ${JSON.stringify(process.watch)}, ignore_watch ${JSON.stringify(process.ignoreWatch)}`,
			];
			const logsInside = [process.outLogPath, process.errLogPath, process.combinedLogPath].filter((p): p is string => p !== null && isInside(p, process.cwd));
			if (logsInside.length > 0) evidence.push(`PM2 writes its own logs inside the watched folder: ${logsInside.join(', ')}`);
			if (byCount.some(([p]) => /(^|[/\\])(logs?|uploads?|tmp|sessions|\.cache)([/\\]|$)|\.(log|sqlite\d?|db)(-\w+)?$/.test(p)))
				evidence.push('the changed file is written by the app itself (logs, uploads, databases): each write restarts it');
			findings.push({
				id: 'watch-restarts',
				severity: 'warning',
				process: process.name,
				pmId: process.pmId,
				title: `${process.name} keeps restarting because of watch`,
				evidence,
				flow: 'watch-restart-loop',
			});
		}
		return findings;
	},
};

/** `ignore_watch` replaces PM2's default ignores, so node_modules and dotfiles are watched again. */
export const watchIgnoreDefaultsCheck: Check = {
	id: 'watch-ignore-defaults',
	flows: ['watch-restart-loop'],
	description: 'watch enabled with an ignore_watch that no longer covers node_modules (PM2 drops its defaults when ignore_watch is set).',
	run(facts) {
		return appProcesses(facts)
			.filter(p => p.watch !== false && p.ignoreWatch.length > 0 && !p.ignoreWatch.some(i => i.includes('node_modules')))
			.map<Finding>(process => ({
				id: 'watch-ignore-defaults',
				severity: 'info',
				process: process.name,
				pmId: process.pmId,
				title: `${process.name}: ignore_watch does not include node_modules`,
				evidence: [`ignore_watch ${JSON.stringify(process.ignoreWatch)} replaces PM2's default (node_modules and dotfiles)`],
				flow: 'watch-restart-loop',
			}));
	},
};

function isInside(file: string, folder: string): boolean {
	const relative = path.relative(folder, file);
	return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

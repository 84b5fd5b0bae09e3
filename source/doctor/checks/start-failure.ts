// Checks for processes that cannot start (playbook: start-failure).
import path from 'node:path';
import type {Check, Finding} from '../check-types.js';
import {appProcesses, daemonLogEvents, exitsOf, lastErrorBlock, lastErrorHeadline, lastNonEmptyLine} from '../fact-queries.js';
import {toEvidenceText, withoutDaemonLogPrefix} from '../evidence-text.js';

/** `errored` (too many unstable restarts) or the masked overlimit (`waiting restart`, no pid, created_at null). */
export const processErroredCheck: Check = {
	id: 'process-errored',
	flows: ['start-failure'],
	description:
		'A process PM2 gave up on (errored, or stuck in "waiting restart" with no pid after too many unstable restarts), with the first line of its error.',
	run(facts) {
		const findings: Finding[] = [];
		for (const process of appProcesses(facts)) {
			const masked = process.status === 'waiting restart' && process.pid === null && process.createdAtMs === null;
			if (process.status !== 'errored' && !masked) continue;
			const tail = facts.errorLogTails[process.pmId];
			const headline = lastErrorHeadline(tail);
			const evidence: string[] = [];
			if (headline) evidence.push(`error log: ${headline}`);
			else if (process.execMode === 'cluster')
				evidence.push('error log is empty: cluster mode loses boot errors; run `node ' + process.scriptPath + '` to see it');
			else {
				const last = lastNonEmptyLine(tail);
				evidence.push(last ? `last error-log line: ${last}` : 'error log is empty');
			}
			evidence.push(`status ${process.status}, exit code ${process.exitCode ?? 'unknown'}, ${process.restartCount} restarts`);
			if (masked)
				evidence.push(
					'"waiting restart" with no pid and no creation time: PM2 stopped it after too many unstable restarts but shows the wrong status (restart_delay set)',
				);
			const overlimit = daemonLogEvents(facts)
				.filter(e => e.kind === 'unstable-overlimit' && e.scriptPath === process.scriptPath)
				.at(-1);
			if (overlimit) evidence.push(`pm2.log: ${toEvidenceText(withoutDaemonLogPrefix(overlimit.line))}`);
			const exits = exitsOf(facts, process);
			const lastExit = exits.at(-1);
			if (lastExit) evidence.push(`pm2.log: ${toEvidenceText(withoutDaemonLogPrefix(lastExit.exitLine))}`);
			evidence.push(`error log path: ${process.errLogPath ?? 'none'}`);
			findings.push({
				id: 'process-errored',
				severity: 'error',
				process: process.name,
				pmId: process.pmId,
				title: headline ? `${process.name} cannot start: ${headline}` : `${process.name} cannot start (${process.status})`,
				evidence,
				flow: 'start-failure',
			});
		}
		return findings;
	},
};

/** `online` without a pid: the spawn itself failed (interpreter or script not executable). */
export const ghostOnlineCheck: Check = {
	id: 'ghost-online',
	flows: ['start-failure'],
	description: 'A process shown online that has no pid: spawning it failed (EACCES/ENOENT on the script or interpreter).',
	run(facts) {
		const spawnErrors = daemonLogEvents(facts).filter(e => e.kind === 'spawn-error');
		return appProcesses(facts)
			.filter(p => (p.status === 'online' || p.status === 'launching') && p.pid === null)
			.map<Finding>(process => {
				const related = spawnErrors
					.filter(e => e.kind === 'spawn-error' && (e.path === process.scriptPath || e.path.endsWith(path.basename(process.scriptPath))))
					.at(-1);
				return {
					id: 'ghost-online',
					severity: 'error',
					process: process.name,
					pmId: process.pmId,
					title: `${process.name} shows online but has no pid: the spawn failed`,
					evidence: [
						related ? `pm2.log: ${toEvidenceText(withoutDaemonLogPrefix(related.line))}` : 'no pid and no memory: PM2 could not spawn it',
						`script ${process.scriptPath}, interpreter ${process.interpreter}`,
					],
					flow: 'start-failure',
				};
			});
	},
};

/** The script was deleted or moved since start (a deploy removed dist/, a symlink swap). */
export const scriptMissingCheck: Check = {
	id: 'script-missing',
	flows: ['start-failure'],
	description: 'The script a process was started from no longer exists, so its next restart fails.',
	run(facts) {
		return appProcesses(facts)
			.filter(p => facts.host.scriptExists[p.pmId] === false)
			.map<Finding>(process => ({
				id: 'script-missing',
				severity: process.status === 'online' ? 'warning' : 'error',
				process: process.name,
				pmId: process.pmId,
				title: `${process.name}: its script ${process.scriptPath} no longer exists`,
				evidence: [`${process.scriptPath} not found (cwd ${process.cwd})`, `status ${process.status}: the next restart will fail with "Cannot find module"`],
				flow: 'start-failure',
			}));
	},
};

const nodeInterpreters = new Set(['node', 'nodejs', 'bun']);
const nodeScriptExtensions = new Set(['.js', '.cjs', '.mjs', '.ts', '.mts', '.cts', '.jsx', '.tsx']);

/** Cluster mode requires the script as JavaScript: a shell/python/binary script dies with a SyntaxError or silently. */
export const clusterNonNodeCheck: Check = {
	id: 'cluster-non-node',
	flows: ['start-failure'],
	description: 'A cluster-mode process whose script is not JavaScript (cluster workers always require() the script).',
	run(facts) {
		return appProcesses(facts)
			.filter(p => {
				if (p.execMode !== 'cluster') return false;
				const interpreter = path.basename(p.interpreter || 'node');
				const extension = path.extname(p.scriptPath).toLowerCase();
				return !nodeInterpreters.has(interpreter) || (extension !== '' && !nodeScriptExtensions.has(extension));
			})
			.map<Finding>(process => ({
				id: 'cluster-non-node',
				severity: 'error',
				process: process.name,
				pmId: process.pmId,
				title: `${process.name} runs a non-Node script in cluster mode`,
				evidence: [
					`exec_mode cluster, interpreter ${process.interpreter}, script ${process.scriptPath}`,
					`status ${process.status}, exit code ${process.exitCode ?? 'unknown'}: cluster workers require() the script as JavaScript`,
				],
				flow: 'start-failure',
			}));
	},
};

/** Stack frames of module loading: the error happened while the script itself was being loaded. */
const moduleLoadFrame = /node:internal\/modules\/|Require stack:|ModuleJob|esm\/translators|ProcessContainerFork/;

/**
 * "online" but its script failed to load. PM2 7 loads scripts under a `"type": "module"` package (and .mjs)
 * with import(); a load error becomes a promise rejection that PM2's injected agent swallows, so the
 * process stays online with 0 restarts and none of the app's code running (measured with pm2 7.0.4).
 */
export const loadFailedOnlineCheck: Check = {
	id: 'load-failed-online',
	flows: ['start-failure'],
	description: 'A process shown online whose script failed to load in the current run (ESM-loaded scripts: PM2 swallows the error).',
	run(facts) {
		const findings: Finding[] = [];
		for (const process of appProcesses(facts)) {
			if (process.status !== 'online' || process.pid === null || process.startedAtMs === null) continue;
			const errLog = facts.host.logFiles.find(f => f.pmId === process.pmId && (f.stream === 'err' || f.stream === 'combined'));
			if (!errLog || errLog.modifiedAtMs === null || errLog.modifiedAtMs < process.startedAtMs - 1000) continue;
			const block = lastErrorBlock(facts.errorLogTails[process.pmId]);
			if (block.length === 0 || !block.some(line => moduleLoadFrame.test(line))) continue;
			const headline = lastErrorHeadline(block)!;
			findings.push({
				id: 'load-failed-online',
				severity: 'error',
				process: process.name,
				pmId: process.pmId,
				title: `${process.name} shows online but its script failed to load: ${headline}`,
				evidence: [
					`error log: ${headline}`,
					`written ${Math.max(0, Math.round((errLog.modifiedAtMs - process.startedAtMs) / 1000))} s after this run started; status online, ${process.restartCount} restarts: PM2 swallowed the load error, the app's code is not running`,
					`error log path: ${errLog.path}`,
				],
				flow: 'start-failure',
			});
		}
		return findings;
	},
};

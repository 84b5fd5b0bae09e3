// The report's ecosystem part and what was done through pm2-doctor: the ecosystem files of the reported
// processes (found as the editor finds them, plus every file saved through pm2-doctor in the window), each
// linted, with the changes saved in the window from the editor's backups; and the actions log's entries.
import {readEcosystemChanges, otherBackedUpFiles, type EcosystemChange} from '../ecosystem/backup-history.js';
import {findEcosystemFile} from '../ecosystem/find-ecosystem-file.js';
import {lintEcosystemFile} from '../ecosystem/lint-ecosystem.js';
import {defaultBackupDir} from '../ecosystem/save-ecosystem-file.js';
import {readActionsLog, type ActionLogEntry} from '../logs/actions-log.js';
import type {ProcessSnapshot} from '../model/types.js';

export type ReportLintFinding = {severity: string; line: number | null; appName: string | null; message: string; ruleId: string};

export type ReportEcosystemFile = {
	file: string;
	/** The processes it was found for. */
	processes: string[];
	lint: {loaded: boolean; counts: {error: number; warning: number; info: number}; findings: ReportLintFinding[]};
};

export type ReportEcosystem = {
	files: ReportEcosystemFile[];
	changes: EcosystemChange[];
	/** Files saved through pm2-doctor in the window that were not found now (their backups' names). */
	otherFiles: string[];
	/** Reported processes whose ecosystem file was not found. */
	notFound: string[];
};

/** How many processes' files are looked for: each search may evaluate a few candidate files in child processes. */
const maxProcessesSearched = 10;
const maxLintFindings = 10;

/** The actions log's entries in the window; with a process, those that name it. */
export function actionsInWindow(home: string, fromMs: number, processName?: string): ActionLogEntry[] {
	const entries = readActionsLog(home, fromMs);
	return processName ? entries.filter(entry => mentionsProcess(entry, processName)) : entries;
}

/** Whether an entry names the process as a whole word: `api` is not `api-worker`. */
export function mentionsProcess(entry: Pick<ActionLogEntry, 'target' | 'result'>, processName: string): boolean {
	const escaped = processName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`(^|[^\\w-])${escaped}($|[^\\w-])`).test(`${entry.target} ${entry.result}`);
}

export async function gatherEcosystem(
	home: string,
	processes: readonly ProcessSnapshot[],
	actions: readonly ActionLogEntry[],
	fromMs: number,
): Promise<ReportEcosystem> {
	const byFile = new Map<string, string[]>();
	const notFound: string[] = [];
	const searched = new Map<string, ProcessSnapshot>();
	for (const process of processes) if (!searched.has(process.name)) searched.set(process.name, process);
	for (const process of [...searched.values()].slice(0, maxProcessesSearched)) {
		const found = await findEcosystemFile(process, {pm2Home: home});
		if (!found.ok) {
			notFound.push(process.name);
			continue;
		}
		byFile.set(found.found.file, [...(byFile.get(found.found.file) ?? []), process.name]);
	}
	for (const entry of actions) if (entry.action === 'ecosystem-save' && entry.file && !byFile.has(entry.file)) byFile.set(entry.file, []);

	const files: ReportEcosystemFile[] = [];
	for (const [file, names] of byFile) {
		const {report} = await lintEcosystemFile(file, {pm2Home: home});
		files.push({
			file,
			processes: names,
			lint: {
				loaded: report.loaded,
				counts: report.counts,
				findings: report.findings
					.slice(0, maxLintFindings)
					.map(finding => ({severity: finding.severity, line: finding.line, appName: finding.appName, message: finding.message, ruleId: finding.ruleId})),
			},
		});
	}
	const backupDir = defaultBackupDir(home);
	const known = [...byFile.keys()];
	return {
		files,
		changes: readEcosystemChanges(backupDir, known, fromMs),
		otherFiles: otherBackedUpFiles(backupDir, known, fromMs),
		notFound,
	};
}

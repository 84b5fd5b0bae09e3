// The report written by the UI's report key (and `:report`): a file in $PM2_HOME/pm2-doctor/reports/, named by
// time and process, mode 0600 in a 0700 folder (it holds log lines), the newest `keep` kept.
import fs from 'node:fs/promises';
import path from 'node:path';
import {buildReport} from './report-command.js';

export const defaultReportsKept = 20;
/** The UI's report covers what an operator opening pm2-doctor after an incident needs: the last two hours. */
export const uiReportWindowMs = 2 * 3_600_000;

export function reportsDir(pm2Home: string): string {
	return path.join(pm2Home, 'pm2-doctor', 'reports');
}

/** Builds the report for `processName` (null: every affected process), writes it and returns its path. */
export async function writeReportFile(pm2Home: string, request: {processName: string | null; nowMs: number; keep?: number}): Promise<string> {
	const document = await buildReport(pm2Home, {windowMs: uiReportWindowMs, processName: request.processName ?? undefined, nowMs: request.nowMs});
	const folder = reportsDir(pm2Home);
	await fs.mkdir(folder, {recursive: true, mode: 0o700});
	const stamp = new Date(request.nowMs).toISOString().replace(/[:.]/g, '-');
	// The name comes from PM2: only portable file-name characters reach the file system.
	const subject = (request.processName ?? 'all').replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60);
	const file = path.join(folder, `report-${stamp}-${subject}.md`);
	await fs.writeFile(file, document, {mode: 0o600, flag: 'wx'});
	await prune(folder, request.keep ?? defaultReportsKept);
	return file;
}

async function prune(folder: string, keep: number): Promise<void> {
	const names = (await fs.readdir(folder)).filter(name => name.startsWith('report-') && name.endsWith('.md')).sort();
	for (const name of names.slice(0, Math.max(0, names.length - Math.max(1, keep)))) await fs.rm(path.join(folder, name), {force: true});
}

// The report's sections for what was done through pm2-doctor and for the ecosystem files (pure; the input is
// gathered by report-ecosystem.ts). Paths, app names, messages and diff lines come from files and PM2: each goes
// through the sanitizer, messages and diff lines through the secret masking too, and every list is bounded.
import type {ActionLogEntry} from '../logs/actions-log.js';
import {toSafeText} from '../logs/sanitize-line.js';
import {maskSecretsInText} from '../model/mask-secrets.js';
import type {ReportEcosystem} from './report-ecosystem.js';

const maxActionsShown = 50;
const maxChangesShown = 20;
const safe = (text: string) => toSafeText(text, {maxBytes: 400});
const safeMessage = (text: string) => toSafeText(maskSecretsInText(text), {maxBytes: 400});
export const reportTime = (atMs: number) =>
	new Date(atMs)
		.toISOString()
		.replace('T', ' ')
		.replace(/\.\d+Z$/, ' UTC');
/** Inline code that a file name cannot break out of. */
const code = (text: string) => '`` ' + text.replace(/`/g, "'") + ' ``';
/** A fence longer than any run of backticks inside the block. */
const fenceFor = (lines: readonly string[]) =>
	'`'.repeat(Math.max(3, ...lines.map(line => Math.max(0, ...(line.match(/`+/g) ?? []).map(run => run.length + 1)))));

export function renderActions(actions: readonly ActionLogEntry[]): string[] {
	const out = ['## Done through pm2-doctor', ''];
	if (actions.length === 0) return [...out, 'Nothing was done through pm2-doctor in this window (actions, ecosystem saves and applies are logged).', ''];
	if (actions.length > maxActionsShown) out.push(`${actions.length} entries; the last ${maxActionsShown}:`, '');
	for (const entry of actions.slice(-maxActionsShown)) {
		out.push(
			`- ${reportTime(entry.atMs)} **${safe(entry.action)}** ${code(safe(entry.target))}: ${entry.ok ? 'done' : 'FAILED'}, ${safeMessage(entry.result)}`,
		);
	}
	return [...out, ''];
}

export function renderEcosystem(ecosystem: ReportEcosystem): string[] {
	const out = ['## Ecosystem files', ''];
	if (ecosystem.files.length === 0) out.push('No ecosystem file found for the processes in this report.', '');
	for (const file of ecosystem.files) {
		const forWhom = file.processes.length > 0 ? ` (defines ${file.processes.map(name => code(safe(name))).join(', ')})` : '';
		out.push(`### ${code(safe(file.file))}${forWhom}`, '');
		const {error, warning, info} = file.lint.counts;
		out.push(file.lint.loaded ? `Lint: ${error} error(s), ${warning} warning(s), ${info} note(s).` : 'Lint: the file does not load.', '');
		for (const finding of file.lint.findings) {
			const where = finding.line === null ? '' : `line ${finding.line}, `;
			const app = finding.appName ? `[${safe(finding.appName)}] ` : '';
			out.push(`- ${finding.severity} (${where}${safe(finding.ruleId)}): ${app}${safeMessage(finding.message)}`);
		}
		if (file.lint.findings.length > 0) out.push('');
	}
	out.push('### Changes in the window', '');
	const changes = ecosystem.changes.slice(-maxChangesShown);
	if (changes.length === 0) out.push('No ecosystem file was saved through pm2-doctor in this window.', '');
	for (const change of changes) {
		const against = {'next-backup': 'up to the next save', 'file-now': 'up to the file as it is now', missing: 'the file is gone now'}[change.after];
		out.push(`- ${reportTime(change.atMs)} saved ${code(safe(change.file))} (the diff runs ${against}):`);
		const lines = change.diffLines.map(line => safe(line));
		if (change.omittedLines > 0) lines.push(`… ${change.omittedLines} more diff lines`);
		const fence = fenceFor(lines);
		out.push(`  ${fence}diff`, ...lines.map(line => `  ${line}`), `  ${fence}`);
	}
	if (changes.length > 0) out.push('');
	if (ecosystem.otherFiles.length > 0)
		out.push(`Also saved in the window, file not found now: ${ecosystem.otherFiles.map(name => code(safe(name))).join(', ')}.`, '');
	return out;
}

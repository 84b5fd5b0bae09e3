// `pm2-doctor lint [FILE] [--json]`: lints an ecosystem file headlessly. Exit 0 clean (notes only), 1 warnings or
// errors, 2 the file cannot be loaded (or usage) — ESLint's convention, and `pm2-doctor check`'s.
import path from 'node:path';
import {toSafeText} from '../logs/sanitize-line.js';
import {findEcosystemFile} from './find-ecosystem-file.js';
import {lintEcosystemFile, type LintFinding, type LintReport} from './lint-ecosystem.js';
import {loadPm2Schema} from './pm2-schema.js';

export type LintCommandOptions = {
	file?: string;
	json: boolean;
	pm2Home?: string;
	/** Output sinks (tests); default process.stdout / process.stderr. */
	write?: (text: string) => void;
	writeError?: (text: string) => void;
};

/** Runs the lint command and returns the process exit code. */
export async function runLintCommand(options: LintCommandOptions): Promise<number> {
	const write = options.write ?? ((text: string) => void process.stdout.write(text));
	const writeError = options.writeError ?? ((text: string) => void process.stderr.write(text));
	let file = options.file;
	if (file === undefined) {
		const found = await findEcosystemFile(null);
		if (!found.ok) {
			if (options.json) write(JSON.stringify({error: found.reason}) + '\n');
			else writeError(`pm2-doctor lint: ${toSafeText(found.reason)} Pass the file: pm2-doctor lint FILE\n`);
			return 2;
		}
		file = found.found.file;
	}
	const {report} = await lintEcosystemFile(file, {pm2Home: options.pm2Home});
	if (options.json) write(JSON.stringify({...report, pm2Version: loadPm2Schema().version}, null, 2) + '\n');
	else write(formatLintReport(report));
	return report.exitCode;
}

/** Formats a report for a terminal: one block per finding, every file-derived string made inert. */
export function formatLintReport(report: LintReport): string {
	const lines: string[] = [];
	const relative = path.relative(process.cwd(), report.file) || report.file;
	lines.push(`${toSafeText(relative)} (checked against the option schema of pm2 ${loadPm2Schema().version})`);
	for (const finding of report.findings) lines.push(...formatFinding(finding));
	const {error, warning, info} = report.counts;
	lines.push('', `${error} error${error === 1 ? '' : 's'}, ${warning} warning${warning === 1 ? '' : 's'}, ${info} note${info === 1 ? '' : 's'}`);
	return lines.join('\n') + '\n';
}

function formatFinding(finding: LintFinding): string[] {
	const where = finding.line === null ? '' : `${finding.line}:${finding.column ?? 1} `;
	const app = finding.appName ? `[${finding.appName}] ` : '';
	const label = {error: 'error  ', warning: 'warning', info: 'note   '}[finding.severity];
	return [
		`  ${label} ${where}${toSafeText(app + finding.message)}  (${finding.ruleId})`,
		`          fix: ${toSafeText(finding.fix)}`,
	];
}

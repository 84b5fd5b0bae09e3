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
			if (options.json) write(JSON.stringify({error: toSafeText(found.reason)}) + '\n');
			else writeError(`pm2-doctor lint: ${toSafeText(found.reason)} Pass the file: pm2-doctor lint FILE\n`);
			return 2;
		}
		file = found.found.file;
	}
	const {report, load} = await lintEcosystemFile(file, {pm2Home: options.pm2Home});
	const consoleOutput = load.ok ? load.consoleOutput : '';
	if (options.json)
		write(JSON.stringify(sanitizeStrings({...report, consoleOutput: outputLines(consoleOutput), pm2Version: loadPm2Schema().version}), null, 2) + '\n');
	else write(formatLintReport(report, consoleOutput));
	return report.exitCode;
}

/** Formats a report for a terminal: one block per finding, every file-derived string made inert. */
export function formatLintReport(report: LintReport, consoleOutput = ''): string {
	const lines: string[] = [];
	const relative = path.relative(process.cwd(), report.file) || report.file;
	lines.push(`${toSafeText(relative)} (checked against the option schema of pm2 ${loadPm2Schema().version})`);
	const printed = outputLines(consoleOutput);
	if (printed.length > 0) lines.push('  the file printed while loading:', ...printed.map(line => `  | ${line}`));
	for (const finding of report.findings) lines.push(...formatFinding(finding));
	const {error, warning, info} = report.counts;
	const suppressed = report.suppressed?.length ?? 0;
	const silenced = suppressed === 0 ? '' : `; ${suppressed} silenced by pm2-doctor-disable comments (listed with --json)`;
	lines.push('', `${error} error${error === 1 ? '' : 's'}, ${warning} warning${warning === 1 ? '' : 's'}, ${info} note${info === 1 ? '' : 's'}${silenced}`);
	return lines.join('\n') + '\n';
}

// What the file printed, line by line, each made inert (a config can print escape sequences like any program).
function outputLines(consoleOutput: string): string[] {
	const lines = consoleOutput.replace(/\r?\n$/, '').split(/\r?\n/);
	return consoleOutput === '' ? [] : lines.map(line => toSafeText(line));
}

// Every string in the JSON report comes from the file or is about it: made inert like the text output.
function sanitizeStrings(value: unknown): unknown {
	if (typeof value === 'string') return toSafeText(value);
	if (Array.isArray(value)) return value.map(sanitizeStrings);
	if (value !== null && typeof value === 'object')
		return Object.fromEntries(Object.entries(value).map(([key, entry]) => [toSafeText(key), sanitizeStrings(entry)]));
	return value;
}

function formatFinding(finding: LintFinding): string[] {
	const where = finding.line === null ? '' : `${finding.line}:${finding.column ?? 1} `;
	const app = finding.appName ? `[${finding.appName}] ` : '';
	const label = {error: 'error  ', warning: 'warning', info: 'note   '}[finding.severity];
	return [`  ${label} ${where}${toSafeText(app + finding.message)}  (${finding.ruleId})`, `          fix: ${toSafeText(finding.fix)}`];
}

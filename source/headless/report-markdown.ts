// The incident report as one Markdown document (pure: report-command.ts gathers the input). Every string from PM2,
// apps or logs goes through the sanitizer, log lines through the secret masking too, and each list is bounded.
import type {Finding} from '../doctor/check-types.js';
import {toSafeText} from '../logs/sanitize-line.js';
import {formatBytes, formatDuration} from '../model/format.js';
import {maskSecretsInText} from '../model/mask-secrets.js';
import type {RestartEvent} from '../model/restart-timeline.js';
import {textChart} from '../model/text-chart.js';
import type {ProcessStatus} from '../model/types.js';
import type {ActionLogEntry} from '../logs/actions-log.js';
import type {ReportEcosystem} from './report-ecosystem.js';
import {renderActions, renderEcosystem} from './report-markdown-actions.js';

export type ReportProcess = {
	name: string;
	pmId: number | null;
	status: ProcessStatus | null;
	restartCount: number | null;
	restarts: RestartEvent[];
	memory: Array<{atMs: number; rssBytes: number; heapUsedBytes: number | null}>;
};

export type ReportFindingChange = {atMs: number; change: string; severity: string; title: string};

export type ReportInput = {
	generatedAtMs: number;
	fromMs: number;
	home: string;
	host: string;
	doctorVersion: string;
	pm2Version: string | null;
	daemonNodeVersion: string | null;
	daemonPid: number | null;
	daemonUptimeMs: number | null;
	/** null: no recorder database. */
	recording: {firstSampleMs: number | null; lastWriteMs: number | null; intervalMs: number | null} | null;
	findings: Finding[];
	findingChanges: ReportFindingChange[];
	processes: ReportProcess[];
	/** The actions log's entries in the window. */
	actions: ActionLogEntry[];
	/** The ecosystem files' lint and their changes; null when not gathered. */
	ecosystem: ReportEcosystem | null;
	/** What the report could not know, one sentence each. */
	lacks: string[];
};

const maxRestartsShown = 10;
const maxStderrLines = 6;
const safe = (text: string) => toSafeText(text, {maxBytes: 400});
const safeLogLine = (text: string) => toSafeText(maskSecretsInText(text), {maxBytes: 400});
const time = (atMs: number) =>
	new Date(atMs)
		.toISOString()
		.replace('T', ' ')
		.replace(/\.\d+Z$/, ' UTC');
/** Inline code that a log line cannot break out of. */
const code = (text: string) => '`` ' + text.replace(/`/g, "'") + ' ``';

export function renderReportMarkdown(input: ReportInput): string {
	const out: string[] = [];
	out.push(`# Incident report: PM2 on ${safe(input.host)}`, '');
	out.push(
		`Window: ${time(input.fromMs)} → ${time(input.generatedAtMs)} (${formatDuration(input.generatedAtMs - input.fromMs)}). Written by pm2-doctor ${input.doctorVersion}.`,
		'',
	);
	out.push('## Host and daemon', '');
	out.push(`- PM2 home: ${code(safe(input.home))}`);
	out.push(`- PM2 daemon: ${input.pm2Version ? `v${safe(input.pm2Version)}` : 'version unknown'}${input.daemonPid ? `, pid ${input.daemonPid}` : ''}`);
	out.push(`- Node (daemon): ${input.daemonNodeVersion ? safe(input.daemonNodeVersion) : 'unknown'}`);
	out.push(`- Daemon uptime: ${input.daemonUptimeMs === null ? 'unknown (no daemon answering)' : formatDuration(input.daemonUptimeMs)}`);
	out.push(`- History: ${historyLine(input)}`, '');

	out.push('## Findings now', '');
	if (input.findings.length === 0) out.push('No findings.', '');
	for (const finding of input.findings) {
		out.push(`- **${finding.severity}** ${safe(finding.title)} (playbook: ${finding.flow})`);
		for (const line of finding.evidence.slice(0, 6)) out.push(`  - ${safe(line)}`);
	}
	if (input.findings.length > 0) out.push('');
	if (input.findingChanges.length > 0) {
		out.push('## Findings in the window', '');
		for (const change of input.findingChanges.slice(-40)) out.push(`- ${time(change.atMs)} ${change.change}: **${change.severity}** ${safe(change.title)}`);
		out.push('');
	}

	for (const process of input.processes) {
		out.push(`## ${safe(process.name)}${process.pmId === null ? '' : ` (id ${process.pmId})`}`, '');
		if (process.status) out.push(`Status now: ${process.status}, ${process.restartCount ?? 0} restarts since it was started.`, '');
		out.push('### Memory', '');
		const rss = process.memory.map(sample => ({atMs: sample.atMs, value: sample.rssBytes}));
		if (rss.length === 0) out.push('No memory samples recorded in this window.', '');
		else {
			const last = process.memory.at(-1)!;
			out.push(
				`RSS from ${time(process.memory[0]!.atMs)} (${rss.length} samples), now ${formatBytes(last.rssBytes)}${last.heapUsedBytes === null ? '' : `, heap used ${formatBytes(last.heapUsedBytes)}`}:`,
				'',
			);
			out.push('```', ...textChart(rss, {fromMs: input.fromMs, toMs: input.generatedAtMs}), '```', '');
		}
		out.push('### Restarts', '');
		const restarts = process.restarts.filter(event => event.exitAtMs >= input.fromMs);
		if (restarts.length === 0) out.push('No restarts recorded in this window.', '');
		if (restarts.length > maxRestartsShown) out.push(`${restarts.length} exits; the last ${maxRestartsShown}:`, '');
		for (const event of restarts.slice(-maxRestartsShown)) {
			const uptime = event.uptimeBeforeExitMs === null ? '' : ` after ${formatDuration(event.uptimeBeforeExitMs)}`;
			const how = event.signal ? `signal ${event.signal}` : event.exitCode === null ? 'exit' : `exit code ${event.exitCode}`;
			out.push(`- ${time(event.exitAtMs)}: ${how}${uptime}, cause: ${causeText(event)}${event.extraExits > 0 ? ` (+${event.extraExits} more exits)` : ''}`);
			const lines = event.stderrTail.slice(-maxStderrLines);
			if (lines.length > 0) out.push('  ```', ...lines.map(line => `  ${safeLogLine(line)}`), '  ```');
		}
		out.push('');
	}
	out.push(...renderActions(input.actions));
	if (input.ecosystem) out.push(...renderEcosystem(input.ecosystem));
	if (input.lacks.length > 0) {
		out.push('## What this report does not know', '');
		for (const lack of input.lacks) out.push(`- ${safe(lack)}`);
		out.push('');
	}
	return out.join('\n');
}

function historyLine(input: ReportInput): string {
	const recording = input.recording;
	if (!recording || recording.lastWriteMs === null) return 'not recorded (run `pm2-doctor record --install` to keep samples, restarts and findings)';
	const interval = recording.intervalMs ? `every ${recording.intervalMs / 1000} s` : '';
	const since = recording.firstSampleMs === null ? '' : ` since ${time(recording.firstSampleMs)}`;
	return `recorded ${interval}${since}, last written ${time(recording.lastWriteMs)}`;
}

function causeText(event: RestartEvent): string {
	const cause = event.cause;
	switch (cause.kind) {
		case 'exception':
			return `uncaught ${safe(cause.name)}: ${safeLogLine(cause.message)}${cause.topFrame ? ` (${safe(cause.topFrame)})` : ''}`;
		case 'memory-limit':
			return `memory limit (RSS ${formatBytes(cause.rssBytes)} over ${formatBytes(cause.limitBytes)})`;
		case 'killed':
			return `killed by ${cause.signal}`;
		case 'watch':
			return `watch restart (${safe(cause.path)})`;
		case 'cron':
			return `cron restart${cause.expression ? ` (${safe(cause.expression)})` : ''}`;
		case 'manual':
			return `manual ${cause.action}`;
		case 'heap-oom':
			return 'V8 heap out of memory';
		case 'clean-exit':
			return 'exited by itself with code 0';
		case 'crash':
			return 'crash';
		default:
			return 'unknown';
	}
}

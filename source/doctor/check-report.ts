// Renders a check report as text (people, cron mail) or OpenMetrics (node_exporter textfile collector).
// Names, titles, evidence and paths come from PM2 and the apps: every one goes through the one sanitizer.
import type {Finding, Severity} from './check-types.js';
import {toSafeText} from '../logs/sanitize-line.js';
import {toEvidenceText} from './evidence-text.js';

export type CheckReport = {
	version: string;
	pm2Home: string;
	sampledSeconds: number;
	processes: Array<{name: string; pmId: number; status: string; restarts: number; rssBytes: number; heapUsedBytes: number | null}>;
	findings: Finding[];
};

/**
 * A finding's title with its process in front ("api: …"), unless the title already starts with the name
 * (most do: "leaky: memory keeps growing" must not become "leaky: leaky: memory keeps growing").
 */
export function findingHeadline(finding: Pick<Finding, 'process' | 'title'>): string {
	if (finding.process === null || finding.title.startsWith(finding.process)) return finding.title;
	return `${finding.process}: ${finding.title}`;
}

const severityLabel: Record<Severity, string> = {error: 'ERROR', warning: 'WARN ', info: 'INFO '};

/** One line per finding, its evidence indented below, then a summary line. */
export function formatFindingsText(report: CheckReport): string {
	const lines: string[] = [];
	for (const finding of report.findings) {
		// Process names and titles come from PM2 and the apps: no raw control characters to the terminal.
		const where = finding.process === null ? '' : ` [${toEvidenceText(finding.process)}${finding.pmId === null ? '' : `:${finding.pmId}`}]`;
		lines.push(`${severityLabel[finding.severity]}${where} ${toEvidenceText(finding.title)}  (${finding.id} → docs/TROUBLESHOOTING.md#${finding.flow})`);
		for (const evidence of finding.evidence) lines.push(`        ${toEvidenceText(evidence)}`);
	}
	const count = (s: Severity) => report.findings.filter(f => f.severity === s).length;
	lines.push(
		`${report.processes.length} process(es) at ${toSafeText(report.pm2Home)}, sampled ${report.sampledSeconds} s: ` +
			`${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info`,
	);
	return lines.join('\n') + '\n';
}

/**
 * An OpenMetrics label value: made inert first (the format allows any UTF-8, but the file is read on terminals
 * and by exporters that choke on controls; no newline is left to escape after that), then quoted.
 */
function label(value: string): string {
	return toSafeText(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** OpenMetrics text: one gauge per finding plus per-process restarts and memory. */
export function formatOpenMetrics(report: CheckReport): string {
	const lines: string[] = [];
	lines.push('# TYPE pm2_doctor_finding gauge', '# HELP pm2_doctor_finding A diagnostic finding (1 while present).');
	for (const f of report.findings)
		lines.push(
			`pm2_doctor_finding{check="${label(f.id)}",flow="${f.flow}",severity="${f.severity}",process="${label(f.process ?? '')}",pm_id="${f.pmId ?? ''}"} 1`,
		);
	lines.push('# TYPE pm2_doctor_findings gauge', '# HELP pm2_doctor_findings Number of findings by severity.');
	for (const s of ['error', 'warning', 'info'] as const)
		lines.push(`pm2_doctor_findings{severity="${s}"} ${report.findings.filter(f => f.severity === s).length}`);
	lines.push('# TYPE pm2_doctor_process_restarts gauge', '# HELP pm2_doctor_process_restarts PM2 restart counter (restart_time).');
	for (const p of report.processes) lines.push(`pm2_doctor_process_restarts{process="${label(p.name)}",pm_id="${p.pmId}"} ${p.restarts}`);
	lines.push('# TYPE pm2_doctor_process_rss_bytes gauge', '# HELP pm2_doctor_process_rss_bytes Resident memory of the process.');
	for (const p of report.processes) lines.push(`pm2_doctor_process_rss_bytes{process="${label(p.name)}",pm_id="${p.pmId}"} ${p.rssBytes}`);
	lines.push('# TYPE pm2_doctor_process_online gauge', '# HELP pm2_doctor_process_online 1 when the process status is online.');
	for (const p of report.processes) lines.push(`pm2_doctor_process_online{process="${label(p.name)}",pm_id="${p.pmId}"} ${p.status === 'online' ? 1 : 0}`);
	lines.push('# EOF');
	return lines.join('\n') + '\n';
}

import {describe, expect, it} from 'vitest';
import {exitCodeFor, renderReport} from '../../../source/doctor/check-command.js';
import {formatFindingsText, formatOpenMetrics, type CheckReport} from '../../../source/doctor/check-report.js';
import type {Finding} from '../../../source/doctor/check-types.js';
import {escapeVectors, expectedVisible, rawControl} from '../../helpers/escape-vectors.js';

const finding = (severity: Finding['severity'], process: string | null = 'api'): Finding => ({
	id: 'restart-rate',
	severity,
	process,
	pmId: process === null ? null : 3,
	title: 'api is in a restart loop',
	evidence: ['6 crash restarts in the last minute', 'last error: Error: boom'],
	flow: 'restart-loop',
});

const report = (findings: Finding[]): CheckReport => ({
	version: '0.1.0',
	pm2Home: '/home/app/.pm2',
	sampledSeconds: 10,
	processes: [{name: 'api "x"', pmId: 3, status: 'online', restarts: 12, rssBytes: 1000, heapUsedBytes: null}],
	findings,
});

describe('check output', () => {
	it('exit code: 0 without errors or warnings, 1 with any', () => {
		expect(exitCodeFor([])).toBe(0);
		expect(exitCodeFor([finding('info')])).toBe(0);
		expect(exitCodeFor([finding('warning')])).toBe(1);
		expect(exitCodeFor([finding('error'), finding('info')])).toBe(1);
	});

	it('text: one line per finding with its flow, evidence indented, a summary line', () => {
		expect(formatFindingsText(report([finding('error')])).split('\n')).toEqual([
			'ERROR [api:3] api is in a restart loop  (restart-rate → docs/TROUBLESHOOTING.md#restart-loop)',
			'        6 crash restarts in the last minute',
			'        last error: Error: boom',
			'1 process(es) at /home/app/.pm2, sampled 10 s: 1 error(s), 0 warning(s), 0 info',
			'',
		]);
	});

	it('openmetrics: escaped labels, counts by severity, # EOF', () => {
		const text = formatOpenMetrics(report([finding('warning'), finding('info', null)]));
		expect(text).toContain('pm2_doctor_finding{check="restart-rate",flow="restart-loop",severity="warning",process="api",pm_id="3"} 1');
		expect(text).toContain('pm2_doctor_findings{severity="warning"} 1');
		expect(text).toContain('pm2_doctor_process_restarts{process="api \\"x\\"",pm_id="3"} 12');
		expect(text.endsWith('# EOF\n')).toBe(true);
	});
});

describe('check text output safety', () => {
	it('never prints raw control characters from process names or titles', () => {
		const hostile = {...finding('error', 'evil\x1b]0;pwned\x07'), title: 'evil\x1b[2J is in a restart loop'};
		const text = formatFindingsText(report([hostile]));
		expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
		expect(text).toContain('[evil^[]0;pwned^G:3] evil^[[2J is in a restart loop');
	});
});

describe('check output over the escape corpus (names, titles, evidence, home)', () => {
	const hostileReport = (input: string): CheckReport => ({
		version: '0.1.0',
		pm2Home: `/srv/${input}/.pm2`,
		sampledSeconds: 1,
		processes: [{name: input, pmId: 3, status: 'online', restarts: 1, rssBytes: 1, heapUsedBytes: null}],
		findings: [{...finding('error', input), title: `${input} is in a restart loop`, evidence: [`last error: ${input}`]}],
	});

	it.each(escapeVectors.map(v => [v.name, v] as const))('%s: text, openmetrics and json hold no raw control', (_name, vector) => {
		const report = hostileReport(vector.input);
		const visible = expectedVisible(vector);
		const text = renderReport(report, 'text');
		expect(text).not.toMatch(rawControl);
		expect(text).toContain(`ERROR [${visible}:3] ${visible} is in a restart loop`.replace(/\t/g, ' '));

		const metrics = renderReport(report, 'openmetrics');
		expect(metrics).not.toMatch(rawControl);
		const quoted = visible.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
		expect(metrics).toContain(`pm2_doctor_process_restarts{process="${quoted}",pm_id="3"} 1`);
		// One sample per line: nothing in a label breaks a line.
		for (const line of metrics.trimEnd().split('\n')) expect(line).toMatch(/^(# .*|pm2_doctor_\w+\{.*\} \d+)$/);

		const json = renderReport(report, 'json');
		expect(json.replaceAll('\n', '')).not.toMatch(rawControl);
		const parsed = JSON.parse(json) as CheckReport;
		expect(parsed.processes[0]!.name).toBe(vector.input);
		expect(parsed.findings[0]!.process).toBe(vector.input);
	});
});

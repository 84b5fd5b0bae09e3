// Lint rules fit the app: a sane file with services, cron jobs, a one-shot task and a Python service gets no
// warnings; and a pm2-doctor-disable comment silences a rule for one app or for the file, reported in --json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runLintCommand} from '../../../source/ecosystem/lint-command.js';
import {lintEcosystemFile} from '../../../source/ecosystem/lint-ecosystem.js';

let folder: string;
const scripts = ['server.js', 'ws.js', 'worker.js', 'ml/serve.py', 'jobs/report.js', 'jobs/cleanup.js', 'scripts/backup.sh', 'jobs/migrate.js'];

// Eight apps as a careful team writes them: services fully configured, jobs (autorestart: false) without the
// options that only matter for long-running processes.
const saneConfig = `const logDate = 'YYYY-MM-DD HH:mm:ss Z';
const service = {exp_backoff_restart_delay: 100, max_restarts: 10, min_uptime: '10s', kill_timeout: 5000, log_date_format: logDate};
module.exports = {
  apps: [
    {...service, name: 'api', script: './server.js', exec_mode: 'cluster', instances: 2, max_memory_restart: '512M', merge_logs: true, env: {NODE_ENV: 'production', PORT: 3000}},
    {...service, name: 'ws', script: './ws.js', max_memory_restart: '256M', env: {NODE_ENV: 'production', PORT: 3001}},
    {...service, name: 'worker', script: './worker.js', max_memory_restart: '300M', env: {NODE_ENV: 'production'}},
    {...service, name: 'ml-service', script: './ml/serve.py', interpreter: 'python3', env: {PYTHONUNBUFFERED: '1'}},
    {name: 'nightly-report', script: './jobs/report.js', cron_restart: '0 3 * * *', autorestart: false, log_date_format: logDate, env: {NODE_ENV: 'production'}},
    {name: 'cleanup', script: './jobs/cleanup.js', cron_restart: '*/15 * * * *', autorestart: false, log_date_format: logDate, env: {NODE_ENV: 'production'}},
    {name: 'backup', script: './scripts/backup.sh', cron_restart: '0 2 * * *', autorestart: false, log_date_format: logDate, env: {BACKUP_DIR: '/var/backups/app'}},
    {name: 'migrate', script: './jobs/migrate.js', autorestart: false, log_date_format: logDate, env: {NODE_ENV: 'production'}},
  ],
};
`;

const write = (name: string, text: string) => {
	const file = path.join(folder, name);
	fs.writeFileSync(file, text);
	return file;
};

beforeAll(() => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'eco-lint-fit-'));
	for (const script of scripts) {
		fs.mkdirSync(path.dirname(path.join(folder, script)), {recursive: true});
		fs.writeFileSync(path.join(folder, script), '');
	}
});
afterAll(() => fs.rmSync(folder, {recursive: true, force: true}));

describe('rules fit the kind of app', () => {
	it('a sane 8-app file (services, cron jobs, a one-shot task, a Python service) has no warnings and exits 0', async () => {
		const {report} = await lintEcosystemFile(write('ecosystem.config.js', saneConfig), {cpuCount: 4});
		expect(report.appNames).toHaveLength(8);
		expect(report.findings.filter(finding => finding.severity !== 'info').map(finding => `${finding.appName}: ${finding.ruleId}`)).toEqual([]);
		expect(report.exitCode).toBe(0);
	});

	it('a cron job with autorestart: false is not told to set max_memory_restart or a longer kill_timeout; a service is', async () => {
		const config = {
			apps: [
				{name: 'job', script: './jobs/report.js', cron_restart: '0 3 * * *', autorestart: false, env: {}},
				{name: 'service', script: './server.js', env: {}},
			],
		};
		const {report} = await lintEcosystemFile(write('kinds.config.js', `module.exports = ${JSON.stringify(config)};\n`), {cpuCount: 4});
		const rulesOf = (appName: string) =>
			report.findings.filter(finding => finding.appName === appName).map(finding => `${finding.ruleId}:${finding.message.slice(0, 20)}`);
		expect(rulesOf('job').some(rule => rule.startsWith('max-memory-restart') || rule.includes('kill_timeout'))).toBe(false);
		expect(rulesOf('service').some(rule => rule.startsWith('max-memory-restart'))).toBe(true);
		expect(rulesOf('service').some(rule => rule.includes('kill_timeout'))).toBe(true);
	});
});

describe('pm2-doctor-disable comments', () => {
	const source = `// pm2-doctor-disable env-block
module.exports = {
  apps: [
    {
      // pm2-doctor-disable max-memory-restart, restart-policy
      name: 'legacy',
      script: './server.js',
    },
    {name: 'other', script: './worker.js'},
  ],
};
`;

	it('silence a rule for one app (comment inside it) or the whole file (comment outside the apps)', async () => {
		const {report} = await lintEcosystemFile(write('silenced.config.js', source), {cpuCount: 4});
		const kept = report.findings.map(finding => `${finding.appName}:${finding.ruleId}`);
		expect(kept).not.toContain('legacy:max-memory-restart');
		expect(kept).not.toContain('legacy:restart-policy');
		expect(kept).toContain('other:max-memory-restart');
		expect(kept).toContain('other:restart-policy');
		expect(kept.filter(entry => entry.endsWith(':env-block'))).toEqual([]);
		// Silenced findings do not count.
		expect(report.counts.warning).toBe(report.findings.filter(finding => finding.severity === 'warning').length);
	});

	it('--json lists what was silenced, by which comment and in which scope', async () => {
		let out = '';
		const code = await runLintCommand({file: write('silenced-json.config.js', source), json: true, write: text => (out += text)});
		const report = JSON.parse(out);
		const suppressed = (report.suppressed as Array<{appName: string; ruleId: string; suppressedBy: {line: number; scope: string}}>)
			.map(entry => `${entry.appName}:${entry.ruleId}@${entry.suppressedBy.line}/${entry.suppressedBy.scope}`)
			.sort();
		expect(suppressed).toEqual(
			[
				'legacy:env-block@1/file',
				'legacy:max-memory-restart@5/app',
				'legacy:restart-policy@5/app',
				'legacy:restart-policy@5/app',
				'other:env-block@1/file',
			].sort(),
		);
		expect(code).toBe(report.exitCode);
	});

	it('silences every warning of a file: exit 0, and the text output says how many were silenced', async () => {
		const file = write('all-silenced.config.js', `// pm2-doctor-disable\nmodule.exports = {apps: [{name: 'x', script: './server.js'}]};\n`);
		let out = '';
		expect(await runLintCommand({file, json: false, write: text => (out += text)})).toBe(0);
		expect(out).toMatch(/0 errors, 0 warnings, 0 notes; \d+ silenced by pm2-doctor-disable comments/);
	});

	it('warns about a rule name that does not exist, instead of silencing nothing without a word', async () => {
		const file = write(
			'typo.config.js',
			`module.exports = {apps: [{\n  // pm2-doctor-disable max-memory-restrat\n  name: 'x', script: './server.js', env: {}}]};\n`,
		);
		const {report} = await lintEcosystemFile(file, {cpuCount: 4});
		expect(report.findings.find(finding => finding.ruleId === 'unknown-rule')).toMatchObject({severity: 'warning', line: 2});
		expect(report.findings.some(finding => finding.ruleId === 'max-memory-restart')).toBe(true);
	});

	it('work in YAML with # comments', async () => {
		const file = write(
			'ecosystem.yml',
			'apps:\n  - name: y\n    # pm2-doctor-disable env-block\n    script: ./server.js\n  - name: z\n    script: ./worker.js\n',
		);
		const {report} = await lintEcosystemFile(file, {cpuCount: 4});
		const envBlock = report.findings.filter(finding => finding.ruleId === 'env-block').map(finding => finding.appName);
		expect(envBlock).toEqual(['z']);
		expect(report.suppressed?.map(entry => entry.appName)).toContain('y');
	});
});

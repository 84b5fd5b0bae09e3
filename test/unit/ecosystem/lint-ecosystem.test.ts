import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {lintLoadedEcosystem, type LintReport} from '../../../source/ecosystem/lint-ecosystem.js';
import type {LoadedEcosystem} from '../../../source/ecosystem/load-ecosystem-file.js';

let folder: string;
beforeAll(() => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'eco-lint-'));
	fs.writeFileSync(path.join(folder, 'app.js'), '');
	fs.writeFileSync(path.join(folder, 'run.sh'), '#!/bin/sh\n');
});
afterAll(() => fs.rmSync(folder, {recursive: true, force: true}));

// A config that follows every rule: the baseline each case changes one thing in.
const cleanApp: Record<string, unknown> = {
	name: 'api',
	script: 'app.js',
	exec_mode: 'cluster',
	instances: 2,
	max_memory_restart: '300M',
	node_args: '--max-old-space-size=200',
	max_restarts: 10,
	min_uptime: '10s',
	exp_backoff_restart_delay: 100,
	kill_timeout: 5000,
	wait_ready: true,
	listen_timeout: 10_000,
	log_date_format: 'YYYY-MM-DD HH:mm:ss Z',
	merge_logs: true,
	env: {NODE_ENV: 'development'},
};

function lint(patch: Record<string, unknown>, options: {source?: string; fileName?: string; extraApps?: Array<Record<string, unknown>>} = {}): LintReport {
	const app: Record<string, unknown> = {...cleanApp, ...patch};
	for (const key of Object.keys(app)) if (app[key] === undefined) delete app[key];
	const apps = [app, ...(options.extraApps ?? [])];
	const loaded: LoadedEcosystem = {
		ok: true,
		file: path.join(folder, options.fileName ?? 'ecosystem.config.js'),
		format: 'js',
		isNameRecognizedByPm2: !options.fileName || /\.config\.c?js$/.test(options.fileName),
		source: options.source ?? `module.exports = ${JSON.stringify({apps}, null, 2)};\n`,
		config: {apps},
		apps,
		consoleOutput: '',
		durationMs: 0,
	};
	return lintLoadedEcosystem(loaded, {cpuCount: 4, isOnPath: command => command === 'python3'});
}

const ids = (report: LintReport, severity?: string) =>
	report.findings.filter(finding => !severity || finding.severity === severity).map(finding => finding.ruleId);

describe('lint: the clean baseline', () => {
	it('has no findings at all and exits 0', () => {
		const report = lint({});
		expect(report.findings).toEqual([]);
		expect(report.exitCode).toBe(0);
	});
});

// Each rule: a config that trips it and a close variant that does not.
const cases: Array<{rule: string; severity: 'error' | 'warning' | 'info'; failing: Record<string, unknown>; passing: Record<string, unknown>; match?: RegExp}> =
	[
		{rule: 'name-missing', severity: 'warning', failing: {name: undefined}, passing: {name: 'worker'}},
		{
			rule: 'script-exists',
			severity: 'error',
			failing: {script: 'missing.js'},
			passing: {script: 'python3', exec_mode: 'fork', instances: 1, max_memory_restart: '300M'},
		},
		{rule: 'cluster-node-only', severity: 'error', failing: {script: 'run.sh'}, passing: {script: 'run.sh', exec_mode: 'fork', instances: 1}},
		{
			rule: 'cluster-node-only',
			severity: 'error',
			failing: {script: 'app.js', interpreter: 'python3'},
			passing: {script: 'app.js', interpreter: '/usr/bin/node'},
		},
		{rule: 'instances-cpus', severity: 'warning', failing: {instances: 8}, passing: {instances: 'max'}, match: /8 instances on 4 CPU/},
		{rule: 'instances-cpus', severity: 'error', failing: {instances: 'four'}, passing: {instances: '4'}, match: /one process per CPU/},
		{rule: 'instances-cpus', severity: 'warning', failing: {exec_mode: 'fork', instances: 3}, passing: {exec_mode: 'fork', instances: 1}, match: /EADDRINUSE/},
		{
			rule: 'restart-policy',
			severity: 'warning',
			failing: {exp_backoff_restart_delay: undefined},
			passing: {exp_backoff_restart_delay: undefined, restart_delay: 500},
			match: /restarted immediately/,
		},
		{
			rule: 'restart-policy',
			severity: 'warning',
			failing: {restart_delay: 2000, min_uptime: 1000},
			passing: {restart_delay: 2000, min_uptime: '5s'},
			match: /never counts/,
		},
		{rule: 'restart-policy', severity: 'info', failing: {min_uptime: undefined}, passing: {min_uptime: 3000}, match: /min_uptime not set/},
		{
			rule: 'max-memory-restart',
			severity: 'warning',
			failing: {max_memory_restart: undefined},
			passing: {max_memory_restart: 314572800},
			match: /No max_memory_restart/,
		},
		{
			rule: 'max-memory-restart',
			severity: 'warning',
			failing: {max_memory_restart: '150M'},
			passing: {max_memory_restart: '1G'},
			match: /max-old-space-size=200/,
		},
		{
			rule: 'max-memory-restart',
			severity: 'warning',
			failing: {max_memory_restart: '20M', node_args: undefined},
			passing: {max_memory_restart: '200M', node_args: undefined},
			match: /idle Node process/,
		},
		{
			rule: 'shutdown-timing',
			severity: 'warning',
			failing: {listen_timeout: undefined},
			passing: {listen_timeout: 8000},
			match: /wait_ready without listen_timeout/,
		},
		{rule: 'shutdown-timing', severity: 'warning', failing: {kill_timeout: 300}, passing: {kill_timeout: 3000}, match: /before SIGKILL/},
		{rule: 'shutdown-timing', severity: 'info', failing: {kill_timeout: undefined}, passing: {kill_timeout: 1600}, match: /kill_timeout not set/},
		{
			rule: 'shutdown-timing',
			severity: 'warning',
			failing: {script: 'run.sh', exec_mode: 'fork', instances: 1},
			passing: {script: 'run.sh', exec_mode: 'fork', instances: 1, wait_ready: undefined, listen_timeout: undefined},
			match: /app Node does not run/,
		},
		{
			rule: 'shutdown-timing',
			severity: 'warning',
			failing: {script: 'app.js', interpreter: 'python3', exec_mode: 'fork', instances: 1},
			passing: {script: 'app.js', interpreter: 'node', exec_mode: 'fork', instances: 1},
			match: /app Node does not run/,
		},
		{rule: 'logs', severity: 'info', failing: {log_date_format: undefined}, passing: {log_date_format: undefined, time: true}, match: /log_date_format/},
		{rule: 'logs', severity: 'info', failing: {merge_logs: undefined}, passing: {merge_logs: undefined, instances: 1}, match: /merge_logs/},
		{rule: 'logs', severity: 'warning', failing: {error_file: '/dev/null'}, passing: {error_file: 'logs/err.log'}, match: /stderr is discarded/},
		{rule: 'watch', severity: 'warning', failing: {watch: true}, passing: {watch: true, ignore_watch: ['node_modules', 'logs']}, match: /without ignore_watch/},
		{
			rule: 'watch',
			severity: 'warning',
			failing: {watch: true, ignore_watch: ['logs']},
			passing: {watch: true, ignore_watch: ['logs', 'node_modules']},
			match: /replaces PM2's default/,
		},
		{
			rule: 'watch',
			severity: 'error',
			failing: {watch: ['.'], ignore_watch: ['node_modules'], out_file: 'logs/out.log'},
			passing: {watch: ['.'], ignore_watch: ['node_modules', 'logs'], out_file: 'logs/out.log'},
			match: /every log line restarts/,
		},
		{rule: 'env-block', severity: 'warning', failing: {env: undefined}, passing: {env: {}}},
		{rule: 'env-secrets', severity: 'warning', failing: {env: {API_TOKEN: 'abcdef123456'}}, passing: {env: {API_TOKEN: 'changeme'}}},
		{
			rule: 'env-secrets',
			severity: 'error',
			failing: {env: {DATABASE_URL: 'postgres://app:hunter22@db/app'}},
			passing: {env: {DATABASE_URL: 'postgres://db/app'}},
		},
		{rule: 'env-secrets', severity: 'error', failing: {env_production: {STRIPE: 'sk_live_0123456789abcdef'}}, passing: {env_production: {STRIPE: 'sk_live'}}},
		{
			rule: 'env-production',
			severity: 'warning',
			failing: {env: {NODE_ENV: 'production'}, env_production: {NODE_ENV: 'production'}},
			passing: {env: {NODE_ENV: 'development'}, env_production: {NODE_ENV: 'production'}},
		},
		{rule: 'cron-restart', severity: 'error', failing: {cron_restart: '61 * * * *'}, passing: {cron_restart: '0 3 * * *'}},
		{rule: 'cron-restart', severity: 'error', failing: {cron_restart: 'every day'}, passing: {cron_restart: 0}},
		{
			rule: 'schema-unknown-key',
			severity: 'warning',
			failing: {max_memory_restar: '1G'},
			passing: {maxMemoryRestart: '1G'},
			match: /did you mean "max_memory_restart"/,
		},
		{rule: 'schema', severity: 'error', failing: {max_memory_restart: '500MB'}, passing: {max_memory_restart: '500M'}, match: /"500MB" is rejected by PM2/},
		{rule: 'schema', severity: 'error', failing: {min_uptime: '10 s'}, passing: {min_uptime: '10s'}},
		{rule: 'schema', severity: 'error', failing: {min_uptime: 50}, passing: {min_uptime: 100}, match: /at least 100/},
		{rule: 'schema', severity: 'error', failing: {autorestart: 'false'}, passing: {autorestart: false}, match: /must be boolean/},
		{rule: 'schema', severity: 'error', failing: {kill_timeout: '5s'}, passing: {kill_timeout: '5000'}, match: /must be number/},
		{rule: 'schema', severity: 'error', failing: {exec_mode: 'clustered'}, passing: {exec_mode: 'cluster_mode'}},
	];

describe.each(cases)('lint rule $rule ($severity)', ({rule, severity, failing, passing, match}) => {
	it('reports the failing config', () => {
		const report = lint(failing);
		const hits = report.findings.filter(finding => finding.ruleId === rule && finding.severity === severity && (!match || match.test(finding.message)));
		expect(hits, JSON.stringify(report.findings, null, 1)).not.toHaveLength(0);
		expect(hits[0]!.fix).not.toBe('');
		expect(hits[0]!.line).not.toBeNull();
	});
	it('accepts the passing config', () => {
		const report = lint(passing);
		const hits = report.findings.filter(finding => finding.ruleId === rule && finding.severity === severity && (!match || match.test(finding.message)));
		expect(hits, JSON.stringify(hits, null, 1)).toEqual([]);
	});
});

describe('lint: file-level rules, lines and exit codes', () => {
	it('flags a file name PM2 would run as a script', () => {
		expect(ids(lint({}, {fileName: 'ecosystem.js'}))).toContain('file-name');
	});

	it('flags duplicate app names', () => {
		expect(ids(lint({}, {extraApps: [{...cleanApp}]}), 'error')).toContain('duplicate-name');
	});

	it('does not call a secret read from the environment a literal', () => {
		const source = `module.exports = {apps: [{name: 'api', env: {API_TOKEN: process.env.API_TOKEN}}]};`;
		expect(ids(lint({env: {API_TOKEN: 'value-from-env'}}, {source}))).not.toContain('env-secrets');
		const literal = `module.exports = {apps: [{name: 'api', env: {API_TOKEN: 'value-from-env'}}]};`;
		expect(ids(lint({env: {API_TOKEN: 'value-from-env'}}, {source: literal}))).toContain('env-secrets');
	});

	it('points findings at the line of their key', () => {
		const source = ['module.exports = {', '  apps: [{', "    name: 'api',", "    max_memory_restart: '500MB',", '  }]', '};'].join('\n');
		const finding = lint({max_memory_restart: '500MB'}, {source}).findings.find(entry => entry.ruleId === 'schema');
		expect(finding).toMatchObject({line: 4, column: 5, key: 'max_memory_restart'});
	});

	it('exits 1 on warnings or errors, 0 on notes only', () => {
		expect(lint({name: undefined}).exitCode).toBe(1);
		expect(lint({max_memory_restart: '500MB'}).exitCode).toBe(1);
		expect(lint({kill_timeout: undefined}).exitCode).toBe(0); // info only
	});
});

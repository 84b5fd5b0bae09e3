import {describe, expect, it} from 'vitest';
import {applyConfigEdit} from '../../../source/ecosystem/edit-config.js';
import {lintLoadedEcosystem} from '../../../source/ecosystem/lint-ecosystem.js';
import type {LoadedEcosystem} from '../../../source/ecosystem/load-ecosystem-file.js';
import {unifiedDiff} from '../../../source/ecosystem/save-ecosystem-file.js';

const source = `// Production services — reviewed 2024-05
module.exports = {
  apps: [
    {
      name: 'api', // public HTTP API
      script: './server.js',
      /* keep at 1s until the cache warm-up is fixed */
      min_uptime: 1000,
      env: {NODE_ENV: 'production'},
    },
    {
      name: "worker",
      script: "worker.js"
    },
  ],
};
`;

describe('applyConfigEdit', () => {
	it('replaces an existing value in place and keeps every comment (the expected diff is one line)', () => {
		const result = applyConfigEdit(source, 'js', {appName: 'api', key: 'min_uptime', value: '10s', description: ''});
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(
			unifiedDiff('ecosystem.config.js', source, result.text)
				.split('\n')
				.filter(line => /^[-+][^-+]/.test(line)),
		).toEqual(['-      min_uptime: 1000,', "+      min_uptime: '10s',"]);
		expect(result.text).toContain('/* keep at 1s until the cache warm-up is fixed */');
	});

	it('adds a missing key after the last property, with its indentation and the trailing comma style', () => {
		const withComma = applyConfigEdit(source, 'js', {appName: 'api', key: 'max_memory_restart', value: '512M', description: ''});
		expect(withComma.ok && withComma.text).toContain("      env: {NODE_ENV: 'production'},\n      max_memory_restart: '512M',\n    },");
		const withoutComma = applyConfigEdit(source, 'js', {appName: 'worker', key: 'ignore_watch', value: ['node_modules', 'logs'], description: ''});
		// The worker block uses double quotes: the new value follows the file's majority quote style.
		expect(withoutComma.ok && withoutComma.text).toContain("      script: \"worker.js\",\n      ignore_watch: ['node_modules', 'logs']\n    },");
	});

	it('writes JSON syntax into .json files', () => {
		const json = '{\n  "apps": [{\n    "name": "a",\n    "script": "a.js"\n  }]\n}\n';
		const result = applyConfigEdit(json, 'json', {appName: 'a', key: 'kill_timeout', value: 5000, description: ''});
		expect(result.ok && JSON.parse(result.text)).toEqual({apps: [{name: 'a', script: 'a.js', kill_timeout: 5000}]});
		const replaced = applyConfigEdit(json, 'json', {appName: 'a', key: 'script', value: 'b.js', description: ''});
		expect(replaced.ok && replaced.text).toBe(json.replace('"a.js"', '"b.js"'));
	});

	it('refuses to guess when the app is not a literal or the file does not parse', () => {
		expect(applyConfigEdit('const apps = makeApps();\nmodule.exports = {apps};\n', 'js', {appName: 'api', key: 'x', value: 1, description: ''}).ok).toBe(false);
		expect(applyConfigEdit('module.exports = {', 'js', {appName: 'api', key: 'x', value: 1, description: ''}).ok).toBe(false);
		expect(applyConfigEdit('apps: []', 'yaml', {appName: 'api', key: 'x', value: 1, description: ''}).ok).toBe(false);
	});

	it('each one-key fix of the linter makes its own finding go away', () => {
		const text =
			"module.exports = {apps: [{\n  name: 'api',\n  script: 'node',\n  exec_mode: 'cluster',\n  instances: 64,\n  watch: true,\n  node_args: '--max-old-space-size=400',\n  restart_delay: 2000,\n  env: {},\n}]};\n";
		const lintText = (current: string) => {
			const module = {exports: {} as {apps: Array<Record<string, unknown>>}};
			new Function('module', current)(module);
			const loaded: LoadedEcosystem = {
				ok: true,
				file: '/tmp/ecosystem.config.js',
				format: 'js',
				isNameRecognizedByPm2: true,
				source: current,
				config: module.exports,
				apps: module.exports.apps,
				consoleOutput: '',
				durationMs: 0,
			};
			return lintLoadedEcosystem(loaded, {cpuCount: 2, isOnPath: () => true});
		};
		let current = text;
		const fixable = lintText(current).findings.filter(finding => finding.edit);
		expect(fixable.map(finding => finding.edit!.key).sort()).toEqual(
			['ignore_watch', 'instances', 'kill_timeout', 'log_date_format', 'max_memory_restart', 'merge_logs', 'min_uptime', 'min_uptime'].sort(),
		);
		for (const finding of fixable) {
			const result = applyConfigEdit(current, 'js', finding.edit!);
			expect(result.ok).toBe(true);
			if (!result.ok) continue;
			current = result.text;
			const still = lintText(current).findings.filter(other => other.ruleId === finding.ruleId && other.message === finding.message);
			expect(still, finding.message).toEqual([]);
		}
	});
});

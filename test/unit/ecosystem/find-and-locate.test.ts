import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {describeAppChanges, explainApply, verifyAppliedChanges} from '../../../source/ecosystem/apply-ecosystem.js';
import {detectConfigFormat, isEcosystemCandidateName} from '../../../source/ecosystem/config-format.js';
import {findEcosystemFile, type EcosystemTarget} from '../../../source/ecosystem/find-ecosystem-file.js';
import {createKeyLocator} from '../../../source/ecosystem/locate-keys.js';
import {parsePm2Units, suggestKey, validateAppAgainstSchema} from '../../../source/ecosystem/pm2-schema.js';
import {unifiedDiff} from '../../../source/ecosystem/save-ecosystem-file.js';
import {makeProcess} from '../../helpers/process-fixture.js';

let root: string;
beforeEach(() => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'eco-find-'));
	fs.mkdirSync(path.join(root, '.git')); // the search stops at the repository root
});
afterEach(() => fs.rmSync(root, {recursive: true, force: true}));

const target = (overrides: Partial<EcosystemTarget>): EcosystemTarget => ({
	name: 'api',
	cwd: root,
	launchPwd: null,
	env: {},
	fromConfigFile: true,
	scriptPath: path.join(root, 'server.js'),
	...overrides,
});

const write = (relative: string, text: string) => {
	const file = path.join(root, relative);
	fs.mkdirSync(path.dirname(file), {recursive: true});
	fs.writeFileSync(file, text);
	return file;
};

describe('findEcosystemFile', () => {
	it('prefers --ecosystem over everything', async () => {
		const file = write('custom.config.js', 'module.exports = {apps: []}');
		const result = await findEcosystemFile(target({}), {explicitFile: file});
		expect(result).toMatchObject({ok: true, found: {file, how: 'flag'}});
	});

	it('uses PM2_ECOSYSTEM_FILE from the app env', async () => {
		const file = write('deploy/pm2.config.js', 'module.exports = {apps: [{name: "other"}]}');
		const result = await findEcosystemFile(target({env: {PM2_ECOSYSTEM_FILE: file}}));
		expect(result).toMatchObject({ok: true, found: {file, how: 'env'}});
	});

	it('searches cwd and its parents and matches by app name, skipping files that define other apps', async () => {
		write('app/ecosystem.config.js', 'module.exports = {apps: [{name: "worker", script: "w.js"}]}');
		const parentFile = write('ecosystem.json', '{"apps": [{"name": "api", "script": "app/server.js"}]}');
		write('app/vite.config.js', 'throw new Error("never loaded")');
		// A generic *.config.js that does not look like a PM2 config is not executed at all.
		const marker = path.join(root, 'executed');
		write('app/tool.config.js', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'); module.exports = {};`);
		const result = await findEcosystemFile(target({cwd: path.join(root, 'app')}));
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.found).toMatchObject({file: parentFile, how: 'name-match', appIndex: 0});
		expect(result.found.reason).toContain('"api"');
		expect(result.searched).toEqual([path.join(root, 'app'), root]);
		expect(fs.existsSync(marker)).toBe(false);
	});

	it('falls back to the script path when the name differs, and searches the launch PWD', async () => {
		const file = write('ops/process.yml', 'apps:\n  - name: api-renamed\n    script: ../server.js\n');
		const result = await findEcosystemFile(target({cwd: path.join(root, 'nowhere'), launchPwd: path.join(root, 'ops')}));
		expect(result).toMatchObject({ok: true, found: {file, how: 'script-match'}});
	});

	it('explains what was searched when nothing matches, including files that failed to load', async () => {
		write('ecosystem.config.js', 'module.exports = {apps: [');
		const result = await findEcosystemFile(target({}));
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.reason).toContain('could not load: ecosystem.config.js');
		expect(result.reason).toContain('PM2_ECOSYSTEM_FILE');
	});
});

describe('config names', () => {
	it.each([
		['ecosystem.config.js', 'js'],
		['ecosystem.config.cjs', 'js'],
		['app.config.mjs', 'mjs'],
		['process.json', 'json'],
		['pm2.yaml', 'yaml'],
		['app.json.config.js', 'json'], // PM2 tests ".json" first
		['ecosystem.js', null],
	])('%s is read by PM2 as %s', (name, format) => {
		expect(detectConfigFormat(name)).toBe(format);
	});

	it('skips tool configs when searching', () => {
		expect(isEcosystemCandidateName('vite.config.js')).toBe(false);
		expect(isEcosystemCandidateName('api.config.cjs')).toBe(true);
		expect(isEcosystemCandidateName('package.json')).toBe(false);
	});
});

describe('createKeyLocator', () => {
	it('locates keys of each app and nested env keys in JS, and knows computed values', () => {
		const source = [
			'const base = {kill_timeout: 3000};',
			'module.exports = {',
			'  apps: [',
			"    {name: 'a', script: 'a.js'},",
			'    {',
			"      name: 'b',",
			'      env: {TOKEN: process.env.TOKEN, PLAIN: `x`},',
			'    },',
			'  ],',
			'};',
		].join('\n');
		const locator = createKeyLocator(source, 'js');
		expect(locator.locate(0, ['script'])).toMatchObject({line: 4, column: 17});
		expect(locator.locate(1, ['env', 'TOKEN'])).toMatchObject({line: 7, isLiteralValue: false});
		expect(locator.locate(1, ['env', 'PLAIN'])).toMatchObject({line: 7, isLiteralValue: true});
		expect(locator.locateApp(1)).toEqual({line: 5, column: 5});
		expect(locator.locate(1, ['kill_timeout'])).toMatchObject({line: 1}); // fallback: first property of that name
	});

	it('locates keys in JSON (evaluated wrapped in parentheses) and YAML', () => {
		const json = createKeyLocator('{"apps": [{"name": "a",\n "script": "a.js"}]}', 'json');
		expect(json.locate(0, ['name'])).toMatchObject({line: 1, column: 12});
		expect(json.locate(0, ['script'])).toMatchObject({line: 2, column: 2});
		const yaml = createKeyLocator('apps:\n  - name: a\n    env:\n      TOKEN: x\n', 'yaml');
		expect(yaml.locate(0, ['env', 'TOKEN'])).toMatchObject({line: 4, column: 7});
	});

	it('finds nothing (instead of throwing) in a file that does not parse', () => {
		expect(createKeyLocator('module.exports = {apps: [', 'js').locate(0, ['name'])).toBeNull();
	});
});

describe('PM2 schema check', () => {
	it('converts and rejects unit strings like PM2', () => {
		expect(parsePm2Units('200M', 'sbyte')).toBe(200 * 1024 * 1024);
		expect(parsePm2Units('1G', 'sbyte')).toBe(1024 ** 3);
		expect(parsePm2Units('500MB', 'sbyte')).toBeNull();
		expect(parsePm2Units('10s', 'stime')).toBe(10_000);
		expect(parsePm2Units('1500', 'stime')).toBe(1500);
	});

	it('suggests the unit spelling PM2 accepts', () => {
		const [problem] = validateAppAgainstSchema({script: 'a.js', max_memory_restart: '500MB'});
		expect(problem).toMatchObject({kind: 'regex', suggestedValue: '500M'});
		expect(validateAppAgainstSchema({script: 'a.js', min_uptime: '10 sec'})[0]).toMatchObject({suggestedValue: '10s'});
		expect(validateAppAgainstSchema({script: 'a.js', min_uptime: '1500ms'})[0]).toMatchObject({suggestedValue: 1500});
		expect(validateAppAgainstSchema({script: 'a.js', max_memory_restart: 'lots'})[0]!.suggestedValue).toBeUndefined();
	});

	it('accepts aliases and camelCase spellings, suggests names for typos', () => {
		expect(validateAppAgainstSchema({script: 'a.js', maxMemoryRestart: '1G', out: 'x.log', interpreter_args: '--inspect'})).toEqual([]);
		expect(suggestKey('max_memroy_restart')).toBe('max_memory_restart');
		expect(suggestKey('ignoreWatch')).toBe('ignore_watch');
		expect(suggestKey('completely_unrelated_option')).toBeNull();
	});

	it('requires a script and accepts PM2-only preprocessing such as instances "max"', () => {
		expect(validateAppAgainstSchema({name: 'x'}).map(problem => problem.kind)).toEqual(['required']);
		expect(validateAppAgainstSchema({script: 'a.js', instances: 'max', exec_mode: 'cluster'})).toEqual([]);
	});
});

describe('what an apply changes', () => {
	it('classifies each changed field by what a reload does with it', () => {
		const before = {name: 'api', script: 'a.js', max_memory_restart: '200M', instances: 2, env: {PORT: '1', API_TOKEN: 'old'}, env_production: {X: '1'}};
		const after = {name: 'api', script: 'b.js', max_memory_restart: '300M', instances: 4, env: {PORT: '2', API_TOKEN: 'new'}, env_production: {X: '2'}};
		const changes = describeAppChanges(before, after);
		expect(changes).toEqual([
			{key: 'env.API_TOKEN', before: '****', after: '****', effect: 'applied'},
			{key: 'env.PORT', before: '1', after: '2', effect: 'applied'},
			{key: 'env_production.X', before: '1', after: '2', effect: 'needs-env-flag'},
			{key: 'instances', before: '2', after: '4', effect: 'needs-delete-start'},
			{key: 'max_memory_restart', before: '200M', after: '300M', effect: 'applied'},
			{key: 'script', before: 'a.js', after: 'b.js', effect: 'needs-delete-start'},
		]);
		const explanation = explainApply(changes, {execMode: 'cluster', appName: 'api'}).join('\n');
		expect(explanation).toContain('NOT applied by a reload: instances, script');
		expect(explanation).toContain('pm2 delete api');
		expect(explanation).toContain('--env');
	});

	it('masks secret-looking args and node_args in the changes, as the env', () => {
		const changes = describeAppChanges(
			{name: 'api', args: ['--password=old'], node_args: '--token abc'},
			{name: 'api', args: ['--password=new', '--port', '80'], node_args: '--token def'},
		);
		expect(changes).toEqual([
			{key: 'args', before: '["--password=****"]', after: '["--password=****","--port","80"]', effect: 'applied'},
			{key: 'node_args', before: '--token ****', after: '--token ****', effect: 'applied'},
		]);
	});

	it('checks the changed fields against what the daemon reports for the process', () => {
		const after = {name: 'api', max_memory_restart: '300M', min_uptime: '10s', instances: 4, env: {PORT: '2'}};
		const changes = describeAppChanges({name: 'api', max_memory_restart: '200M', min_uptime: 1000, instances: 2, env: {PORT: '1'}}, after);
		const applied = makeProcess({pmId: 0, name: 'api', maxMemoryRestartBytes: 300 * 1024 * 1024, minUptimeMs: 1000, env: {PORT: '2'}});
		expect(verifyAppliedChanges(changes, after, applied)).toEqual([
			'env.PORT: daemon has the new value ✓',
			'instances: not applied by a reload (needs pm2 delete + start)',
			'max_memory_restart: daemon reports 300 MB ✓',
			'min_uptime: daemon reports 1000 ✗ (expected 10000)',
		]);
		expect(verifyAppliedChanges(changes, after, null)[0]).toContain('not in the daemon');
	});

	it('produces a unified diff, empty when nothing changed', () => {
		expect(unifiedDiff('e.js', 'a\nb\n', 'a\nb\n')).toBe('');
		const diff = unifiedDiff('e.js', 'a\nb\n', 'a\nc\n');
		expect(diff).toContain('-b');
		expect(diff).toContain('+c');
	});
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runInitCommand} from '../../../source/ecosystem/init-command.js';
import {lintEcosystemFile} from '../../../source/ecosystem/lint-ecosystem.js';

let folder: string;
beforeEach(() => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'eco-init-'));
});
afterEach(() => fs.rmSync(folder, {recursive: true, force: true}));

describe('pm2-doctor init', () => {
	it('writes a commented ecosystem.config.js for the package entry point that lints clean (exit 0)', async () => {
		fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify({name: '@acme/billing-api', main: 'lib/server.js'}));
		fs.mkdirSync(path.join(folder, 'lib'));
		fs.writeFileSync(path.join(folder, 'lib', 'server.js'), '');
		let out = '';
		expect(await runInitCommand({cwd: folder, write: text => (out += text)})).toBe(0);
		const file = path.join(folder, 'ecosystem.config.js');
		expect(out).toContain(file);
		const {report, load} = await lintEcosystemFile(file, {cpuCount: 2});
		expect(load.ok && load.apps[0]).toMatchObject({name: 'billing-api', script: './lib/server.js', env: {PM2_ECOSYSTEM_FILE: file}});
		expect(
			report.findings.filter(finding => finding.severity !== 'info'),
			JSON.stringify(report.findings, null, 1),
		).toEqual([]);
		expect(report.exitCode).toBe(0);
		expect(fs.readFileSync(file, 'utf8')).toContain('// Restart policy that cannot loop forever');
	});

	it('refuses to overwrite an existing file', async () => {
		fs.writeFileSync(path.join(folder, 'ecosystem.config.js'), '// mine\n');
		let error = '';
		expect(await runInitCommand({cwd: folder, writeError: text => (error += text)})).toBe(2);
		expect(error).toContain('already exists');
		expect(fs.readFileSync(path.join(folder, 'ecosystem.config.js'), 'utf8')).toBe('// mine\n');
	});
});

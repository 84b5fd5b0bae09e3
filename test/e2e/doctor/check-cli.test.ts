// `pm2-doctor check` through the built CLI (dist/source/bin.js): valid JSON on stdout and the exit-code rule.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createPm2Sandbox, demoAppsDir, repoRoot, run, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';

const bin = path.join(repoRoot, 'dist', 'source', 'bin.js');
let sandbox: Pm2Sandbox;

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-e2e-check-');
	expect((await sandbox.pm2(['start', path.join(demoAppsDir, 'crash-loop.cjs'), '--name', 'looper'])).code).toBe(0);
}, 60_000);

afterAll(async () => {
	await sandbox?.destroy();
}, 60_000);

describe('pm2-doctor check (CLI)', () => {
	it('prints one JSON document with the findings and exits 1 on a crash loop', async () => {
		const result = await run(process.execPath, [bin, 'check', '--json', '--pm2-home', sandbox.home], {env: sandbox.env, timeoutMs: 60_000});
		expect(result.stdout, `stderr: ${result.stderr}`).not.toBe('');
		const report = JSON.parse(result.stdout);
		expect(report.pm2Home).toBe(sandbox.home);
		expect(report.processes).toEqual([expect.objectContaining({name: 'looper', pmId: 0})]);
		expect(report.findings.find((f: {id: string}) => f.id === 'restart-rate')?.process).toBe('looper');
		expect(result.code).toBe(1);
		// Secrets of the shell that started the apps never reach the report.
		expect(result.stdout).not.toContain(process.env.PATH ?? 'PATH-not-set');
	});

	it('exits 2 when no daemon runs, and starts none', async () => {
		const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-e2e-check-empty-'));
		try {
			const result = await run(process.execPath, [bin, 'check', '--pm2-home', home], {env: sandbox.env, timeoutMs: 30_000});
			expect(result.code).toBe(2);
			expect(result.stderr).toContain(`No PM2 daemon is running at ${home}`);
			expect(fs.existsSync(path.join(home, 'pm2.pid'))).toBe(false);
		} finally {
			fs.rmSync(home, {recursive: true, force: true});
		}
	});
});

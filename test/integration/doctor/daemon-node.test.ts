// Node upgraded under a running daemon: the daemon is started on a copy of the node binary, the copy is
// then deleted (what a package upgrade does to the old binary), and the doctor sees "(deleted)" in /proc.
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCheckCommand} from '../../../source/doctor/check-command.js';
import type {CheckReport} from '../../../source/doctor/check-report.js';
import {createPm2Sandbox, demoAppsDir, repoRoot, run, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {capture} from './doctor-helpers.js';

const pm2Bin = path.join(repoRoot, 'node_modules', 'pm2', 'bin', 'pm2');

describe('daemon-outdated: Node replaced under the running daemon', () => {
	let sandbox: Pm2Sandbox;
	let oldNode: string;

	beforeAll(async () => {
		sandbox = await createPm2Sandbox('pm2doc-doctor-node-');
		oldNode = path.join(sandbox.workDir, 'old-node');
		fs.copyFileSync(process.execPath, oldNode);
		fs.chmodSync(oldNode, 0o755);
		// The daemon is spawned with the CLI's own node binary.
		const started = await run(oldNode, [pm2Bin, 'start', path.join(demoAppsDir, 'sleeper.cjs'), '--name', 'app'], {env: sandbox.env, cwd: sandbox.workDir});
		expect(started.code).toBe(0);
		await waitFor(() => sandbox.daemonPid(), {what: 'daemon pid'});
		expect(fs.readlinkSync(`/proc/${sandbox.daemonPid()}/exe`)).toBe(oldNode);
		fs.rmSync(oldNode);
	}, 60_000);

	afterAll(async () => {
		await sandbox?.destroy();
	});

	it('reports the deleted Node binary with the /proc evidence', async () => {
		const stdout = capture();
		await runCheckCommand({pm2Home: sandbox.home, format: 'json', sampleSeconds: 0, stdout: stdout.stream, host: {startupUnitDirs: []}});
		const report = JSON.parse(stdout.text()) as CheckReport;
		const finding = report.findings.find(f => f.id === 'daemon-node');
		expect(finding?.severity).toBe('warning');
		expect(finding?.flow).toBe('daemon-outdated');
		expect(finding?.evidence[0]).toBe(`/proc/${sandbox.daemonPid()}/exe → ${oldNode} (deleted)`);
	});
});

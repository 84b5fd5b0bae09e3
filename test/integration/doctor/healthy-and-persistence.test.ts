// A healthy app gets a clean bill (exit 0); the dump comparison follows `pm2 save`; no daemon means exit 2
// and no daemon started.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCheckCommand} from '../../../source/doctor/check-command.js';
import type {CheckReport} from '../../../source/doctor/check-report.js';
import {findPm2Daemons} from '../../../source/host/pm2-daemons.js';
import {createPm2Sandbox, demoAppsDir, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {capture, writeHttpAppEcosystem} from './doctor-helpers.js';
import {freeLoopbackPorts} from '../../helpers/free-port.js';

let port: number;

describe('pm2-doctor check on a healthy daemon', () => {
	let sandbox: Pm2Sandbox;
	let unitDir: string;

	beforeAll(async () => {
		sandbox = await createPm2Sandbox('pm2doc-doctor-healthy-');
		[port] = await freeLoopbackPorts(1);
		writeHttpAppEcosystem(sandbox.workDir, 'ecosystem.config.js', 'web', port);
		await sandbox.pm2(['start', 'ecosystem.config.js']);
		await waitFor(async () => (await sandbox.jlist()).find(p => p.name === 'web' && p.pm2_env.status === 'online' && p.pid > 0), {what: 'web online'});
		await sandbox.pm2(['save']);
		// A boot unit as `pm2 startup systemd` writes it, for this home.
		unitDir = path.join(sandbox.workDir, 'systemd');
		fs.mkdirSync(unitDir);
		fs.writeFileSync(path.join(unitDir, 'pm2-root.service'), `[Service]\nEnvironment=PM2_HOME=${sandbox.home}\nExecStart=${process.execPath} resurrect\n`);
	}, 60_000);

	afterAll(async () => {
		await sandbox?.destroy();
	});

	it('exits 0 with no error or warning finding, and prints a text summary', async () => {
		const stdout = capture();
		const code = await runCheckCommand({pm2Home: sandbox.home, sampleSeconds: 12, stdout: stdout.stream, host: {startupUnitDirs: [unitDir]}});
		const text = stdout.text();
		expect(text, text).not.toMatch(/^(ERROR|WARN)/m);
		expect(code).toBe(0);
		expect(text).toMatch(/1 process\(es\) at .*, sampled 1\d(\.\d)? s: 0 error\(s\), 0 warning\(s\)/);
	});

	it('flags an app started after `pm2 save` as lost at reboot, and prints OpenMetrics', async () => {
		await sandbox.pm2(['start', path.join(demoAppsDir, 'sleeper.cjs'), '--name', 'unsaved']);
		const json = capture();
		const code = await runCheckCommand({pm2Home: sandbox.home, format: 'json', sampleSeconds: 1, stdout: json.stream, host: {startupUnitDirs: [unitDir]}});
		const report = JSON.parse(json.text()) as CheckReport;
		const dump = report.findings.find(f => f.id === 'dump-sync');
		expect(dump?.title).toBe('A reboot would lose 1 running app(s): unsaved');
		expect(dump?.evidence[0]).toMatch(/not in .*dump\.pm2 \(saved .* ago\): unsaved/);
		expect(code).toBe(1);

		const metrics = capture();
		await runCheckCommand({pm2Home: sandbox.home, format: 'openmetrics', sampleSeconds: 0, stdout: metrics.stream, host: {startupUnitDirs: [unitDir]}});
		expect(metrics.text()).toContain('pm2_doctor_finding{check="dump-sync",flow="not-persisted",severity="warning",process="",pm_id=""} 1');
		expect(metrics.text()).toMatch(/pm2_doctor_process_online\{process="web",pm_id="0"\} 1/);
		expect(metrics.text().trimEnd().endsWith('# EOF')).toBe(true);
	});
});

describe('pm2-doctor check without a daemon', () => {
	it('exits 2, explains, and starts no daemon', async () => {
		const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-doctor-empty-'));
		try {
			const stdout = capture();
			const stderr = capture();
			const code = await runCheckCommand({pm2Home: home, format: 'json', stdout: stdout.stream, stderr: stderr.stream, host: {startupUnitDirs: []}});
			expect(code).toBe(2);
			expect(stderr.text()).toContain(`No PM2 daemon is running at ${home}`);
			const report = JSON.parse(stdout.text()) as CheckReport;
			expect(report.findings.map(f => [f.id, f.flow])).toEqual([['daemon-running', 'no-daemon']]);
			expect(fs.existsSync(path.join(home, 'pm2.pid'))).toBe(false);
			expect(fs.existsSync(path.join(home, 'rpc.sock'))).toBe(false);
			expect((await findPm2Daemons()).filter(d => d.home === home)).toEqual([]);
		} finally {
			fs.rmSync(home, {recursive: true, force: true});
		}
	});

	it('rejects a bad --format or --sample with exit 2', async () => {
		const stderr = capture();
		expect(await runCheckCommand({pm2Home: '/nonexistent', format: 'xml' as never, stderr: stderr.stream})).toBe(2);
		expect(await runCheckCommand({pm2Home: '/nonexistent', sampleSeconds: -1, stderr: stderr.stream})).toBe(2);
		expect(stderr.text()).toContain('unknown --format "xml"');
	});
});

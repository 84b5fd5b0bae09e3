// Every playbook problem, triggered by a real misbehaving app under a real PM2 daemon, then diagnosed
// by `pm2-doctor check --json` (runCheckCommand through the real DaemonClient, 20 s of sampling).
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Finding} from '../../../source/doctor/check-types.js';
import type {CheckReport} from '../../../source/doctor/check-report.js';
import {createPm2Sandbox, demoAppsDir, fixtureAppsDir, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {failsAtStartOptions, runJsonCheck, writeAppEcosystem, writeHttpAppEcosystem} from './doctor-helpers.js';
import {freeLoopbackPorts} from '../../helpers/free-port.js';

let portHeld: number;
let portHealthy: number;
const mib = 1024 * 1024;

describe('pm2-doctor check on misbehaving fixture apps', () => {
	let sandbox: Pm2Sandbox;
	let report: CheckReport;
	let exitCode: number;
	let stderrText = '';
	const findingsFor = (process: string | null, id?: string): Finding[] =>
		report.findings.filter(f => f.process === process && (id === undefined || f.id === id));

	beforeAll(async () => {
		sandbox = await createPm2Sandbox('pm2doc-doctor-');
		[portHeld, portHealthy] = await freeLoopbackPorts(2);
		const start = async (args: string[], options: {cwd?: string} = {}) => {
			const result = await sandbox.pm2(['start', ...args], options);
			if (result.code !== 0 && !/errored|EADDRINUSE/.test(result.stdout)) throw new Error(`pm2 start ${args.join(' ')}: ${result.stdout}${result.stderr}`);
		};
		const onlineWithPid = (name: string) => async () => (await sandbox.jlist()).find(p => p.name === name && p.pm2_env.status === 'online' && p.pid > 0);

		// start-failure: a missing module and a syntax error, loaded with require() (outside any "type": "module"
		// package): PM2 restarts them until errored.
		fs.copyFileSync(path.join(demoAppsDir, 'fails-at-start.cjs'), path.join(sandbox.workDir, 'fails-at-start.cjs'));
		fs.copyFileSync(path.join(fixtureAppsDir, 'doctor-syntax-error.cjs'), path.join(sandbox.workDir, 'syntax-error.cjs'));
		writeAppEcosystem(sandbox.workDir, 'missing-module.config.js', {
			name: 'missing-module',
			script: path.join(sandbox.workDir, 'fails-at-start.cjs'),
			...failsAtStartOptions,
		});
		writeAppEcosystem(sandbox.workDir, 'syntax-error.config.js', {
			name: 'syntax-error',
			script: path.join(sandbox.workDir, 'syntax-error.cjs'),
			...failsAtStartOptions,
		});
		await start(['missing-module.config.js']);
		await start(['syntax-error.config.js']);
		// The same failure inside this repository ("type": "module"): PM2 7 import()s it, swallows the error, shows it online.
		await start([path.join(demoAppsDir, 'fails-at-start.cjs'), '--name', 'esm-missing-module']);
		// restart-loop: crashes after 1.5 s (longer than min_uptime: PM2 never counts it unstable), and with restart_delay.
		await sandbox.pm2(['start', path.join(demoAppsDir, 'crash-loop.cjs'), '--name', 'late-loop'], {});
		await start([path.join(demoAppsDir, 'crash-loop.cjs'), '--name', 'delay-loop', '--restart-delay', '1500']);
		// memory-growth: about 1 MB/s retained, limit far away.
		await start([path.join(demoAppsDir, 'slow-leak.cjs'), '--name', 'leaky', '--max-memory-restart', '1G']);
		// port-conflict: two servers on one port.
		writeHttpAppEcosystem(sandbox.workDir, 'ports.config.js', 'port-a', portHeld);
		await start(['ports.config.js']);
		await waitFor(onlineWithPid('port-a'), {what: 'port-a online'});
		writeHttpAppEcosystem(sandbox.workDir, 'ports-b.config.js', 'port-b', portHeld, failsAtStartOptions);
		await start(['ports-b.config.js']);
		// log-bloat: a 150 MiB (sparse) log and a fast-growing one; no pm2-logrotate in the sandbox.
		await start([path.join(demoAppsDir, 'sleeper.cjs'), '--name', 'bloated']);
		fs.writeFileSync(
			path.join(sandbox.workDir, 'noisy.config.js'),
			`module.exports = {apps: [{name: 'noisy', script: ${JSON.stringify(path.join(demoAppsDir, 'noisy-logger.cjs'))}, env: {LINES_PER_SECOND: '400'}}]};\n`,
		);
		await start(['noisy.config.js']);
		// watch-restart-loop: an app writing into its own watched folder.
		const watchDir = path.join(sandbox.workDir, 'watched');
		fs.mkdirSync(watchDir);
		fs.copyFileSync(path.join(fixtureAppsDir, 'doctor-watch-writer.cjs'), path.join(watchDir, 'app.cjs'));
		await start([path.join(watchDir, 'app.cjs'), '--name', 'watcher', '--watch'], {cwd: watchDir});
		// kill-timeout: ignores SIGINT; a restart ends in SIGKILL after 800 ms.
		await start([path.join(fixtureAppsDir, 'doctor-ignores-sigint.cjs'), '--name', 'stubborn', '--kill-timeout', '800']);
		// A healthy neighbour that must stay clean.
		writeHttpAppEcosystem(sandbox.workDir, 'healthy.config.js', 'healthy', portHealthy);
		await start(['healthy.config.js']);

		await waitFor(onlineWithPid('stubborn'), {what: 'stubborn online'});
		await sandbox.pm2(['restart', 'stubborn'], {timeoutMs: 20_000});
		const bloated = await waitFor(onlineWithPid('bloated'), {what: 'bloated online'});
		fs.truncateSync(bloated.pm2_env.pm_out_log_path, 150 * mib);
		for (const name of ['port-b', 'missing-module', 'syntax-error'])
			await waitFor(async () => (await sandbox.jlist()).find(p => p.name === name && p.pm2_env.status === 'errored'), {
				what: `${name} errored`,
				timeoutMs: 40_000,
			});

		// The installed pm2 the operator would use is newer than the daemon: a stand-in package.json.
		const installed = path.join(sandbox.workDir, 'installed-pm2');
		fs.mkdirSync(installed);
		fs.writeFileSync(path.join(installed, 'package.json'), JSON.stringify({name: 'pm2', version: '7.1.0'}));

		({exitCode, report, stderrText} = await runJsonCheck(sandbox.home, {
			sampleSeconds: 20,
			host: {startupUnitDirs: [], installedPm2PackageJson: path.join(installed, 'package.json')},
		}));
		if (process.env.DOCTOR_DEBUG_REPORT) fs.writeFileSync(process.env.DOCTOR_DEBUG_REPORT, JSON.stringify(report, null, 2));
	}, 300_000);

	afterAll(async () => {
		await sandbox?.destroy();
	});

	it('prints one JSON document and exits 1', () => {
		expect(stderrText).toBe('');
		expect(exitCode).toBe(1);
		expect(report.pm2Home).toBe(sandbox.home);
		expect(report.version).toMatch(/^\d+\.\d+\.\d+/);
		expect(report.sampledSeconds).toBeGreaterThanOrEqual(20);
		expect(report.processes.map(p => p.name)).toEqual(expect.arrayContaining(['late-loop', 'healthy', 'port-b']));
	});

	it('start-failure: the first line of the error (Cannot find module, SyntaxError)', () => {
		const [missing] = findingsFor('missing-module', 'process-errored');
		expect(missing?.severity).toBe('error');
		expect(missing?.flow).toBe('start-failure');
		expect(missing?.evidence[0]).toMatch(/^error log: Error: Cannot find module 'a-module-that-is-not-installed'/);
		const [syntax] = findingsFor('syntax-error', 'process-errored');
		expect(syntax?.evidence[0]).toMatch(/^error log: SyntaxError: /);
		const [swallowed] = findingsFor('esm-missing-module', 'load-failed-online');
		expect(swallowed?.severity).toBe('error');
		expect(swallowed!.evidence[0]).toMatch(/^error log: Error: Cannot find module 'a-module-that-is-not-installed'/);
		expect(report.processes.find(p => p.name === 'esm-missing-module')?.status).toBe('online');
	});

	it('restart-loop: a late loop and a restart_delay loop, whatever unstable_restarts says', () => {
		for (const name of ['late-loop', 'delay-loop']) {
			const [loop] = findingsFor(name, 'restart-rate');
			expect(loop, name).toBeDefined();
			expect(loop!.severity).toBe('error');
			expect(loop!.flow).toBe('restart-loop');
			const text = loop!.evidence.join('\n');
			expect(text).toMatch(/exited with code \[1\]/);
			expect(text).toContain('last error: Error: ECONNREFUSED 127.0.0.1:5432 (simulated)');
			expect(text).toMatch(/PM2 will never stop this loop/);
		}
		expect(findingsFor('delay-loop', 'restart-rate')[0]!.evidence.join('\n')).toContain('restart_delay 1500 ms');
	});

	it('memory-growth: heap growth below the limit within the sampling window', () => {
		const [leak] = findingsFor('leaky', 'heap-growth');
		expect(leak?.severity).toBe('warning');
		expect(leak!.evidence[0]).toMatch(/^heap \+[\d.]+ MB\/min \(fit [\d.]+\) — reaches the 1 GB limit in/);
		expect(leak!.evidence.join('\n')).toContain('below max_memory_restart 1 GB');
	});

	it('port-conflict: EADDRINUSE with the port and the PM2 process holding it', () => {
		const [conflict] = findingsFor('port-b', 'port-in-use');
		expect(conflict?.title).toBe(`port-b cannot listen: port ${portHeld} is in use`);
		const holder = report.processes.find(p => p.name === 'port-a')!;
		expect(conflict!.evidence.join('\n')).toMatch(new RegExp(`port ${portHeld} is held by pid \\d+, PM2 process port-a \\(id ${holder.pmId}\\)`));
	});

	it('log-bloat: a 150 MB log file, and a fast-growing one without rotation', () => {
		const [big] = findingsFor('bloated', 'log-size');
		expect(big?.evidence[0]).toMatch(/bloated-out\.log: 150 MB$/);
		expect(big!.evidence.join('\n')).toContain('no rotation');
		const [fast] = findingsFor('noisy', 'log-growth');
		expect(fast?.evidence[0]).toMatch(/noisy-out\.log: .* growing [\d.]+ KB\/s/);
	});

	it('watch-restart-loop: restarts caused by watch, with the changed path', () => {
		const [watch] = findingsFor('watcher', 'watch-restarts');
		expect(watch?.severity).toBe('warning');
		expect(watch!.evidence[0]).toMatch(/changed: logs\/app\.log \(×\d+\)/);
		// Watch restarts are not crashes.
		expect(findingsFor('watcher', 'restart-rate')).toEqual([]);
	});

	it('kill-timeout: the SIGKILL after kill_timeout', () => {
		const [kill] = findingsFor('stubborn', 'sigkill-escalation');
		expect(kill?.evidence[0]).toMatch(/^pm2\.log: Process with pid \d+ still alive after 800ms, sending SIGKILL/);
		expect(kill!.evidence[2]).toContain('kill_timeout 800 ms');
	});

	it('not-persisted: no dump and no startup unit', () => {
		const [dump] = findingsFor(null, 'dump-sync');
		expect(dump?.severity).toBe('warning');
		expect(dump!.evidence[0]).toContain('dump.pm2 does not exist');
		expect(dump!.evidence[1]).toContain('healthy');
		expect(findingsFor(null, 'startup-unit')).toHaveLength(1);
	});

	it('daemon-outdated: the daemon title version against the installed pm2', () => {
		const [version] = findingsFor(null, 'daemon-version');
		expect(version?.title).toBe('In-memory PM2 7.0.4 is older than the installed 7.1.0');
		expect(version!.evidence[0]).toContain(`God Daemon (${sandbox.home})`);
	});

	it('reports nothing serious about the healthy neighbour', () => {
		expect(findingsFor('healthy').filter(f => f.severity !== 'info')).toEqual([]);
	});
});

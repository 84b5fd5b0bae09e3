// The recorder beside a slow leak (~2 MB/min, below what a 20 s sample can call) and a crash loop, then `check
// --json` calls the leak with its rate from the recorded window, and `report --since 10m` holds the crash loop's
// error line and a memory series that starts before the report was asked for.
//
// RECORDER_SOAK_SECONDS sets how long the recorder runs first (the figure is 300 s; the default, 150 s,
// still gives the leak rule 30 recorded samples over 2.5 min, five times its 45 s minimum, at the recorder's real
// 5 s interval and the real 2 MB/min leak).
import {spawn, type ChildProcess} from 'node:child_process';
import path from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {createPm2Sandbox, demoAppsDir, fixtureAppsDir, isAlive, repoRoot, run, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';

const cliPath = path.join(repoRoot, 'dist', 'source', 'bin.js');
const soakSeconds = Number(process.env.RECORDER_SOAK_SECONDS ?? 150);
let sandbox: Pm2Sandbox;
let recorder: ChildProcess | null = null;

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-soak-');
	expect((await sandbox.pm2(['start', path.join(fixtureAppsDir, 'recorder-slow-leak.cjs'), '--name', 'slow-leak'])).code).toBe(0);
	expect((await sandbox.pm2(['start', path.join(demoAppsDir, 'crash-loop.cjs'), '--name', 'crash-loop'])).code).toBe(0);
});

afterAll(async () => {
	if (recorder?.pid && isAlive(recorder.pid)) recorder.kill('SIGKILL');
	await sandbox.destroy();
});

it(
	`after ${soakSeconds} s of recording, check calls the slow leak with its rate and the report tells the story`,
	{timeout: (soakSeconds + 180) * 1000},
	async () => {
		recorder = spawn(process.execPath, [cliPath, 'record'], {env: sandbox.env, stdio: 'ignore'});
		const recordingFromMs = Date.now();
		await new Promise(resolve => setTimeout(resolve, soakSeconds * 1000));
		expect(recorder.exitCode).toBeNull();

		const check = await run(process.execPath, [cliPath, 'check', '--json'], {env: sandbox.env, timeoutMs: 60_000});
		const findings = JSON.parse(check.stdout).findings as Array<{id: string; process: string | null; title: string; evidence: string[]}>;
		const leak = findings.find(finding => finding.id === 'heap-growth' && finding.process === 'slow-leak');
		expect(leak, JSON.stringify(findings.map(f => f.title))).toBeDefined();
		const rateMBPerMin = Number(/\(([\d.]+) MB\/min\)/.exec(leak!.title)?.[1]);
		expect(rateMBPerMin).toBeGreaterThanOrEqual(1);
		expect(rateMBPerMin).toBeLessThanOrEqual(4);
		expect(findings.some(finding => finding.id === 'restart-rate' && finding.process === 'crash-loop')).toBe(true);

		const reportAskedAtMs = Date.now();
		const report = await run(process.execPath, [cliPath, 'report', '--since', '10m'], {env: sandbox.env, timeoutMs: 60_000});
		expect(report.code).toBe(0);
		expect(report.stdout).toContain('## crash-loop');
		expect(report.stdout).toContain('Error: ECONNREFUSED 127.0.0.1:5432 (simulated)');
		const leakSection = report.stdout.slice(report.stdout.indexOf('## slow-leak'));
		const seriesStart = /RSS from (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC \((\d+) samples\)/.exec(leakSection);
		expect(seriesStart).not.toBeNull();
		const seriesStartMs = Date.parse(seriesStart![1]!.replace(' ', 'T') + 'Z');
		expect(seriesStartMs).toBeLessThan(reportAskedAtMs - (soakSeconds - 30) * 1000);
		expect(seriesStartMs).toBeGreaterThanOrEqual(Math.floor(recordingFromMs / 1000) * 1000);
		expect(Number(seriesStart![2])).toBeGreaterThanOrEqual(Math.floor(soakSeconds / 5) - 3);
	},
);

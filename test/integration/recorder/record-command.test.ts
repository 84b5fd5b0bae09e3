// The recorder against a real daemon, through the built CLI: --install starts it as a PM2-managed app (over the
// RPC socket, never starting a daemon) that records without recording itself, --uninstall removes it; the
// foreground recorder re-attaches after the daemon restarts; SIGKILL during writes, 20 times, leaves a database
// that opens and holds every sample written before each kill.
import {spawn, type ChildProcess} from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createPm2Sandbox, demoAppsDir, isAlive, repoRoot, run, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {historyTablesExist} from '../../helpers/history-tables.js';

const cliPath = path.join(repoRoot, 'dist', 'source', 'bin.js');
let sandbox: Pm2Sandbox;
let databasePath: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-rec-');
	databasePath = path.join(sandbox.home, 'pm2-doctor', 'history.sqlite');
	const started = await sandbox.pm2(['start', path.join(demoAppsDir, 'sleeper.cjs'), '--name', 'sleeper']);
	expect(started.code).toBe(0);
});

afterEach(() => {
	for (const child of children.splice(0)) if (child.pid && isAlive(child.pid)) child.kill('SIGKILL');
});

afterAll(async () => sandbox.destroy());

const cli = (args: string[]) => run(process.execPath, [cliPath, ...args], {env: sandbox.env});

function startForeground(args: string[] = []): ChildProcess {
	const child = spawn(process.execPath, [cliPath, 'record', '--interval', '1', ...args], {env: sandbox.env, stdio: ['ignore', 'pipe', 'pipe']});
	children.push(child);
	return child;
}

/** Samples in the database (opened read-write, as the next recorder would: that also replays its WAL). */
function readSamples(upToMs = 0): {count: number; newestMs: number; countUpTo: number; names: string[]; integrity: string} {
	const db = new Database(databasePath);
	try {
		const row = db.prepare('SELECT count(*) AS count, coalesce(max(at_ms), 0) AS newestMs FROM samples').get() as {count: number; newestMs: number};
		const countUpTo = db.prepare('SELECT count(*) FROM samples WHERE at_ms <= ?').pluck().get(upToMs) as number;
		const names = db.prepare('SELECT name FROM processes ORDER BY name').pluck().all() as string[];
		const integrity = db.pragma('integrity_check', {simple: true}) as string;
		return {...row, names, integrity, countUpTo};
	} finally {
		db.close();
	}
}

describe('record', () => {
	it('--install starts the recorder under PM2, which records the apps but not itself; --uninstall removes it', async () => {
		const installed = await cli(['record', '--install', '--interval', '1']);
		expect(installed.stderr).toBe('');
		expect(installed.code).toBe(0);
		expect(installed.stdout).toContain('pm2-doctor-recorder started under PM2');
		const recorder = await waitFor(async () => (await sandbox.jlist()).find(p => p.name === 'pm2-doctor-recorder' && p.pm2_env.status === 'online'), {
			what: 'the recorder online in PM2',
		});
		expect(recorder.pm2_env.args).toEqual(['record', '--interval=1']);
		// Interpreter only, on node's command line (source/recorder/recorder-v8.ts): PM2 starts node with its node_args.
		expect(recorder.pm2_env.node_args).toEqual(['--no-opt', '--no-sparkplug', '--optimize-for-size']);
		// Without PM2's metrics agent inside it (its timers and IPC cost more than the recorder's own work).
		expect(recorder.pm2_env.pmx).toBe(false);
		await waitFor(() => historyTablesExist(databasePath) && readSamples().count >= 3, {what: 'three samples', timeoutMs: 30_000});
		expect(readSamples().names).toEqual(['sleeper']);
		// Installing twice does not start a second one.
		expect((await cli(['record', '--install'])).stdout).toContain('already runs under PM2');

		const uninstalled = await cli(['record', '--uninstall']);
		expect(uninstalled.code).toBe(0);
		expect((await sandbox.jlist()).map(p => p.name)).toEqual(['sleeper']);
	});

	it('in the foreground, re-attaches after the daemon restarts and goes on recording', async () => {
		const child = startForeground();
		await waitFor(() => historyTablesExist(databasePath) && readSamples().newestMs > Date.now() - 3000, {what: 'a fresh sample', timeoutMs: 30_000});
		const oldDaemon = sandbox.daemonPid();
		await sandbox.pm2(['kill']);
		const killedAtMs = Date.now();
		await sandbox.pm2(['start', path.join(demoAppsDir, 'sleeper.cjs'), '--name', 'sleeper']);
		expect(sandbox.daemonPid()).not.toBe(oldDaemon);
		await waitFor(() => readSamples().newestMs > killedAtMs + 1000, {what: 'a sample from the new daemon', timeoutMs: 40_000});
		expect(child.exitCode).toBeNull();
		child.kill('SIGTERM');
		await new Promise(resolve => child.once('exit', resolve));
	});

	it('killed with SIGKILL during writes 20 times, leaves a database that opens and holds every earlier sample', {timeout: 240_000}, async () => {
		let previous = historyTablesExist(databasePath) ? readSamples() : null;
		for (let round = 0; round < 20; round++) {
			const child = startForeground();
			const before = previous?.count ?? 0;
			// Wait for this run to write, then kill it at a random moment of its next interval.
			await waitFor(() => historyTablesExist(databasePath) && readSamples().count > before, {what: `a write in round ${round + 1}`, timeoutMs: 30_000});
			await new Promise(resolve => setTimeout(resolve, Math.random() * 1000));
			child.kill('SIGKILL');
			await new Promise(resolve => child.once('exit', resolve));
			const after = readSamples(previous?.newestMs ?? 0);
			expect(after.integrity).toBe('ok');
			if (previous) expect(after.countUpTo).toBe(previous.count);
			expect(after.count).toBeGreaterThan(before);
			previous = after;
		}
	});
});

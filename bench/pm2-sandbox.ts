// An isolated PM2 daemon for the benchmark: its own temporary PM2_HOME, and a cleanup that kills
// only what this run started (pm2 kill on that home, then by pid whatever still carries the home
// in its environment). Every pm2 CLI call runs with PM2_HOME set to the temporary folder.
import {execFile, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {pidsWithEnvironment} from './proc-stat.js';

export type CommandResult = {code: number; stdout: string; stderr: string; wallMs: number};

export type BenchDaemon = {
	root: string;
	home: string;
	workDir: string;
	env: NodeJS.ProcessEnv;
	pm2(args: string[], timeoutMs?: number): Promise<CommandResult>;
	/** Runs `pm2 ARGS` under bash and returns its wall time and CPU time (bash's `times` for children). */
	timedPm2(args: string[]): Promise<{wallMs: number; cpuMs: number | null; code: number}>;
	daemonPid(): number | null;
	/** Waits until `pm2 jlist` shows `count` processes online. */
	waitOnline(count: number, timeoutMs: number): Promise<void>;
	/** Synchronous so that it can run from a signal handler. */
	destroySync(): void;
};

/** The environment of every child: no CI (Ink then draws only the last frame), no programmatic PM2. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {...process.env, ...extra};
	delete env.CI;
	delete env.CONTINUOUS_INTEGRATION;
	delete env.PM2_PROGRAMMATIC;
	delete env.NODE_OPTIONS;
	return env;
}

export function createBenchDaemon(pm2Bin: string): BenchDaemon {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2-doctor-bench-'));
	const home = path.join(root, 'pm2-home');
	const workDir = path.join(root, 'work');
	fs.mkdirSync(home);
	fs.mkdirSync(workDir);
	const env = cleanEnv({PM2_HOME: home});
	let destroyed = false;

	const daemon: BenchDaemon = {
		root,
		home,
		workDir,
		env,
		pm2(args, timeoutMs = 120_000) {
			const startedAt = performance.now();
			return new Promise(resolve => {
				execFile(process.execPath, [pm2Bin, ...args], {env, cwd: workDir, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024}, (error, stdout, stderr) => {
					const code = error ? (typeof (error as any).code === 'number' ? (error as any).code : 1) : 0;
					resolve({code, stdout: String(stdout), stderr: String(stderr), wallMs: performance.now() - startedAt});
				}).stdin?.end();
			});
		},
		timedPm2(args) {
			const startedAt = performance.now();
			const quoted = [process.execPath, pm2Bin, ...args].map(arg => `'${arg.replaceAll("'", `'\\''`)}'`).join(' ');
			return new Promise(resolve => {
				execFile('bash', ['-c', `${quoted} > /dev/null 2>&1; code=$?; times; exit $code`], {env, cwd: workDir, timeout: 120_000}, (error, stdout) => {
					const wallMs = performance.now() - startedAt;
					// `times` prints the shell's user/sys, then its children's: "0m0.310s 0m0.102s".
					const children = String(stdout).trim().split('\n')[1] ?? '';
					const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map(match => Number(match[1]) * 60 + Number(match[2]));
					const code = error ? (typeof (error as any).code === 'number' ? (error as any).code : 1) : 0;
					resolve({wallMs, cpuMs: seconds.length === 2 ? (seconds[0]! + seconds[1]!) * 1000 : null, code});
				}).stdin?.end();
			});
		},
		daemonPid() {
			try {
				const pid = Number(fs.readFileSync(path.join(home, 'pm2.pid'), 'utf8').trim());
				return Number.isInteger(pid) && pid > 0 ? pid : null;
			} catch {
				return null;
			}
		},
		async waitOnline(count, timeoutMs) {
			const deadline = Date.now() + timeoutMs;
			let online = 0;
			while (Date.now() < deadline) {
				const result = await daemon.pm2(['jlist'], 60_000);
				try {
					const list = JSON.parse(result.stdout.slice(result.stdout.indexOf('['))) as any[];
					online = list.filter(entry => entry.pm2_env?.status === 'online').length;
					if (online >= count) return;
				} catch {
					// a partial answer while the daemon is busy: try again
				}
				await new Promise(resolve => setTimeout(resolve, 1000));
			}
			throw new Error(`only ${online} of ${count} processes online after ${timeoutMs} ms`);
		},
		destroySync() {
			if (destroyed) return;
			destroyed = true;
			const daemonPid = daemon.daemonPid();
			spawnSync(process.execPath, [pm2Bin, 'kill'], {env, cwd: workDir, stdio: 'ignore', timeout: 30_000});
			// Whatever survived pm2 kill and carries this run's PM2_HOME was started by this run.
			const leftovers = new Set(pidsWithEnvironment('PM2_HOME', home));
			if (daemonPid !== null && isAlive(daemonPid) && pidsWithEnvironment('PM2_HOME', home).includes(daemonPid)) leftovers.add(daemonPid);
			for (const pid of leftovers) {
				try {
					process.kill(pid, 'SIGKILL');
				} catch {
					// already gone
				}
			}
			fs.rmSync(root, {recursive: true, force: true});
		},
	};
	return daemon;
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

// A real PM2 daemon in a temporary PM2_HOME, for integration and end-to-end tests.
// Every command runs the pm2 CLI with PM2_HOME set to the sandbox: the CLI starts a
// daemon for almost any command, so it must never run against a real home.
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pm2Bin = path.join(repoRoot, 'node_modules', 'pm2', 'bin', 'pm2');
/** The built CLI the integration and end-to-end tests run. */
export const cliBin = path.join(repoRoot, 'dist', 'source', 'bin.js');
export const demoAppsDir = path.join(repoRoot, 'source', 'demo', 'apps');
export const fixtureAppsDir = path.join(repoRoot, 'test', 'fixtures', 'apps');

export type CommandResult = {code: number; stdout: string; stderr: string};

export type Pm2Sandbox = {
	/** The temporary PM2_HOME. */
	home: string;
	/** A scratch folder next to it for apps, ecosystem files, logs. */
	workDir: string;
	/** Environment for child processes: PM2_HOME set, CI removed (Ink draws only the last frame under CI). */
	env: NodeJS.ProcessEnv;
	pm2(args: string[], options?: {cwd?: string; timeoutMs?: number}): Promise<CommandResult>;
	jlist(): Promise<any[]>;
	daemonPid(): number | null;
	/** `pm2 kill` for this home, then SIGKILL of the daemon pid if it is still there, then remove the folder. */
	destroy(): Promise<void>;
};

export function cleanChildEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {...process.env, ...extra};
	// Ink 6 decides "CI mode" from the mere presence of CI; an empty value is not enough.
	delete env.CI;
	delete env.CONTINUOUS_INTEGRATION;
	delete env.PM2_PROGRAMMATIC;
	return env;
}

export function run(
	command: string,
	args: string[],
	options: {env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; input?: string} = {},
): Promise<CommandResult> {
	return new Promise(resolve => {
		const child = execFile(
			command,
			args,
			{env: options.env, cwd: options.cwd, timeout: options.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024},
			(error, stdout, stderr) => {
				const code = error ? (typeof (error as any).code === 'number' ? (error as any).code : 1) : 0;
				resolve({code, stdout: String(stdout), stderr: String(stderr)});
			},
		);
		if (options.input !== undefined) child.stdin?.end(options.input);
		else child.stdin?.end();
	});
}

export async function createPm2Sandbox(prefix = 'pm2doc-'): Promise<Pm2Sandbox> {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	const home = path.join(root, 'home');
	const workDir = path.join(root, 'work');
	fs.mkdirSync(home);
	fs.mkdirSync(workDir);
	const env = cleanChildEnv({PM2_HOME: home});
	const pidFile = path.join(home, 'pm2.pid');

	const sandbox: Pm2Sandbox = {
		home,
		workDir,
		env,
		pm2: (args, options = {}) => run(process.execPath, [pm2Bin, ...args], {env, cwd: options.cwd ?? workDir, timeoutMs: options.timeoutMs}),
		async jlist() {
			const result = await sandbox.pm2(['jlist']);
			const start = result.stdout.indexOf('[');
			return JSON.parse(result.stdout.slice(start));
		},
		daemonPid() {
			try {
				const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
				return Number.isInteger(pid) && pid > 0 ? pid : null;
			} catch {
				return null;
			}
		},
		async destroy() {
			const pid = sandbox.daemonPid();
			if (pid !== null) {
				await sandbox.pm2(['kill'], {timeoutMs: 20_000});
				if (isAlive(pid)) {
					try {
						process.kill(pid, 'SIGKILL');
					} catch {
						// Already gone.
					}
				}
			}
			fs.rmSync(root, {recursive: true, force: true});
		},
	};
	return sandbox;
}

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Polls `probe` until it returns a truthy value or the deadline passes. */
/** `pm2 start SCRIPT --name NAME ...extraArgs` in the sandbox; throws with PM2's output when it does not start. */
export async function startScript(sandbox: Pm2Sandbox, script: string, name: string, extraArgs: string[] = []): Promise<void> {
	const started = await sandbox.pm2(['start', script, '--name', name, ...extraArgs]);
	if (started.code !== 0) throw new Error(`pm2 start ${name}: ${started.stdout}${started.stderr}`);
}

export async function waitFor<T>(
	probe: () => T | Promise<T>,
	{timeoutMs = 15_000, intervalMs = 100, what = 'condition'}: {timeoutMs?: number; intervalMs?: number; what?: string} = {},
): Promise<NonNullable<T>> {
	const deadline = Date.now() + timeoutMs;
	let last: T | undefined;
	while (Date.now() < deadline) {
		last = await probe();
		if (last) return last as NonNullable<T>;
		await new Promise(r => setTimeout(r, intervalMs));
	}
	throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last value: ${String(last)})`);
}

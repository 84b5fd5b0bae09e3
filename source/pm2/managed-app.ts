// Starting and deleting one PM2-managed app over the daemon's RPC socket (what `pm2 start` and `pm2 delete` send),
// for `pm2-doctor record --install / --uninstall`. Like every call here it attaches to a running daemon and never
// starts one: no daemon, no install.
import path from 'node:path';
import {actionTimeoutMs, describeProbe, readTimeoutMs} from './daemon-client.js';
import {openDaemonLink, type DaemonLink} from './daemon-link.js';
import {pm2HomePaths} from './pm2-home.js';
import {probeDaemon} from './probe-daemon.js';

export type ManagedAppSpec = {
	name: string;
	/** Absolute path of the Node script. */
	scriptPath: string;
	args: string[];
	cwd: string;
	env: Record<string, string>;
	maxMemoryRestartBytes: number;
	/** Options for node itself (pm2's node_args), before the script. */
	nodeArgs?: string[];
};

export type ManagedAppOutcome = {ok: true; message: string} | {ok: false; message: string};

type ListedApp = {pm_id: number; name?: string; pm2_env?: {status?: string}};

async function withLink<T>(home: string, work: (link: DaemonLink) => Promise<T>): Promise<T | {ok: false; message: string}> {
	const probe = await probeDaemon(home);
	if (probe.kind !== 'alive') return {ok: false, message: describeProbe(probe)};
	let link: DaemonLink;
	try {
		link = await openDaemonLink(pm2HomePaths(home).rpcSocketPath, 3000);
	} catch (error) {
		return {ok: false, message: `cannot reach the PM2 daemon at ${home}: ${(error as Error).message}`};
	}
	try {
		return await work(link);
	} finally {
		link.close();
	}
}

async function appsNamed(link: DaemonLink, name: string): Promise<ListedApp[]> {
	const list = await link.call<ListedApp[]>('getMonitorData', [{}], readTimeoutMs);
	return list.filter(app => app.name === name);
}

/** Starts the app unless one of that name exists (then it is restarted if it is not online). */
export function startManagedApp(home: string, spec: ManagedAppSpec): Promise<ManagedAppOutcome> {
	return withLink(home, async link => {
		try {
			const existing = await appsNamed(link, spec.name);
			if (existing.length > 0) {
				const app = existing[0]!;
				if (app.pm2_env?.status === 'online') return {ok: true, message: `${spec.name} already runs under PM2 (id ${app.pm_id})`};
				await link.call('restartProcessId', [{id: app.pm_id, env: {}}], actionTimeoutMs);
				return {ok: true, message: `${spec.name} (id ${app.pm_id}) started again`};
			}
			const logBase = path.join(home, 'logs', spec.name);
			// The fields `pm2 start` resolves before it sends "prepare" (pm2's Common.prepareAppConf), for one fork-mode Node app.
			const appConf = {
				name: spec.name,
				namespace: 'default',
				pm_exec_path: spec.scriptPath,
				pm_cwd: spec.cwd,
				exec_interpreter: process.execPath,
				exec_mode: 'fork_mode',
				node_args: spec.nodeArgs ?? [],
				args: spec.args,
				env: {...spec.env, PM2_HOME: home},
				pm_out_log_path: `${logBase}-out.log`,
				pm_err_log_path: `${logBase}-error.log`,
				pm_pid_path: path.join(home, 'pids', `${spec.name}.pid`),
				autostart: true,
				autorestart: true,
				max_memory_restart: spec.maxMemoryRestartBytes,
				exp_backoff_restart_delay: 1000,
				merge_logs: false,
				vizion: false,
				km_link: false,
				// No @pm2/io agent inside pm2-doctor's own app: its metric timers and IPC cost the installed recorder
				// about 0.15 % of a core and 4 MB RSS (measured beside 50 apps, two recorders at once, 120 s).
				pmx: false,
				treekill: true,
				windowsHide: true,
			};
			const started = await link.call<ListedApp[]>('prepare', [appConf], actionTimeoutMs);
			const id = started[0]?.pm2_env ? (started[0] as {pm2_env: {pm_id?: number}}).pm2_env.pm_id : undefined;
			return {ok: true, message: `${spec.name} started under PM2${id === undefined ? '' : ` (id ${id})`}`};
		} catch (error) {
			return {ok: false, message: `starting ${spec.name} failed: ${(error as Error).message}`};
		}
	});
}

/** Stops and deletes every app of that name; ok with a note when there is none. */
export function deleteManagedApp(home: string, name: string): Promise<ManagedAppOutcome> {
	return withLink(home, async link => {
		try {
			const existing = await appsNamed(link, name);
			if (existing.length === 0) return {ok: true, message: `no app named ${name} runs under PM2 at ${home}`};
			for (const app of existing) await link.call('deleteProcessId', [app.pm_id], actionTimeoutMs);
			return {ok: true, message: `${name} removed from PM2 (id ${existing.map(app => app.pm_id).join(', ')})`};
		} catch (error) {
			return {ok: false, message: `removing ${name} failed: ${(error as Error).message}`};
		}
	});
}

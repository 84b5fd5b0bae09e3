// Maps one entry of PM2's getMonitorData/list() answer to our ProcessSnapshot.
// This is the only place that knows PM2's field names. Absent fields stay absent; axm_monitor values are
// strings for some keys and numbers for others, in MiB; the status "waiting restart" has a space.
import type {ExecMode, ProcessSnapshot, ProcessStatus} from '../model/types.js';

const knownStatuses = new Set<ProcessStatus>(['online', 'launching', 'stopping', 'stopped', 'errored', 'waiting restart', 'one-launch-status']);

const runningStatuses = new Set<string>(['online', 'launching', 'stopping', 'one-launch-status']);

const bytesPerMebibyte = 1024 * 1024;

type Raw = Record<string, any>;

export function mapProcess(entry: Raw): ProcessSnapshot {
	const env: Raw = isObject(entry.pm2_env) ? entry.pm2_env : {};
	const monit: Raw = isObject(entry.monit) ? entry.monit : {};
	const axm: Raw = isObject(env.axm_monitor) ? env.axm_monitor : {};
	const appEnv: Raw = isObject(env.env) ? env.env : {};
	const status = String(env.status ?? 'unknown') as ProcessStatus;
	const pid = toNumber(entry.pid);

	return {
		pmId: toNumber(entry.pm_id ?? env.pm_id) ?? -1,
		name: String(entry.name ?? env.name ?? '?'),
		namespace: String(env.namespace ?? 'default'),
		// PM2 keeps the dead process's pid while waiting to restart it; only a running status has a live pid.
		pid: pid && pid > 0 && runningStatuses.has(status) ? pid : null,
		status: knownStatuses.has(status) ? status : 'unknown',
		execMode: (env.exec_mode === 'cluster_mode' ? 'cluster' : 'fork') satisfies ExecMode,
		instances: toNumber(env.instances),
		startedAtMs: toNumber(env.pm_uptime),
		createdAtMs: toNumber(env.created_at),
		restartCount: toNumber(env.restart_time) ?? 0,
		unstableRestartCount: toNumber(env.unstable_restarts) ?? 0,
		exitCode: toNumber(env.exit_code),
		cpuPercent: toNumber(monit.cpu) ?? 0,
		rssBytes: toNumber(monit.memory) ?? 0,
		heapUsedBytes: mebibytesToBytes(axm['Used Heap Size']?.value),
		heapTotalBytes: mebibytesToBytes(axm['Heap Size']?.value),
		eventLoopP95Ms: toNumber(axm['Event Loop Latency p95']?.value),
		scriptPath: String(env.pm_exec_path ?? ''),
		cwd: String(env.pm_cwd ?? ''),
		interpreter: String(env.exec_interpreter ?? 'node'),
		nodeArgs: toStringArray(env.node_args),
		args: toStringArray(env.args),
		nodeVersion: typeof env.node_version === 'string' ? env.node_version : null,
		autorestart: env.autorestart !== false,
		maxMemoryRestartBytes: toNumber(env.max_memory_restart),
		minUptimeMs: toNumber(env.min_uptime),
		maxRestarts: toNumber(env.max_restarts),
		killTimeoutMs: toNumber(env.kill_timeout),
		restartDelayMs: toNumber(env.restart_delay),
		expBackoffRestartDelayMs: toNumber(env.exp_backoff_restart_delay),
		listenTimeoutMs: toNumber(env.listen_timeout),
		waitReady: env.wait_ready === true,
		watch: Array.isArray(env.watch) ? toStringArray(env.watch) : env.watch === true || env.watch === 'true',
		ignoreWatch: toStringArray(env.ignore_watch),
		cronRestart: typeof env.cron_restart === 'string' && env.cron_restart !== '' ? env.cron_restart : null,
		outLogPath: typeof env.pm_out_log_path === 'string' ? env.pm_out_log_path : null,
		errLogPath: typeof env.pm_err_log_path === 'string' ? env.pm_err_log_path : null,
		combinedLogPath: typeof env.pm_log_path === 'string' ? env.pm_log_path : null,
		mergeLogs: env.merge_logs === true,
		logDateFormat: typeof env.log_date_format === 'string' ? env.log_date_format : null,
		env: stringifyValues(appEnv),
		launchPwd: typeof env.PWD === 'string' ? env.PWD : typeof appEnv.PWD === 'string' ? appEnv.PWD : null,
		fromConfigFile: env.PM2_JSON_PROCESSING === 'true' || appEnv.PM2_JSON_PROCESSING === 'true',
		username: typeof env.username === 'string' ? env.username : null,
		version: typeof env.version === 'string' && env.version !== 'N/A' ? env.version : null,
	};
}

export function mapProcessList(list: unknown): ProcessSnapshot[] {
	if (!Array.isArray(list)) return [];
	return list.filter(isObject).map(mapProcess);
}

function isObject(value: unknown): value is Raw {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toNumber(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'string' && value.trim() !== '') {
		const parsed = Number(value);
		return Number.isFinite(parsed) ? parsed : null;
	}
	return null;
}

function mebibytesToBytes(value: unknown): number | null {
	const mebibytes = toNumber(value);
	return mebibytes === null ? null : Math.round(mebibytes * bytesPerMebibyte);
}

function toStringArray(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String);
	if (typeof value === 'string' && value !== '') return [value];
	return [];
}

function stringifyValues(record: Raw): Record<string, string> {
	// Every value is usually a string already, except the one PM2 keeps under the app's own name (an object):
	// the freshly decoded record, which nothing else holds, is converted in place instead of being copied for
	// every process on every poll (the copy was most of what a quiet poll allocated).
	for (const key in record) {
		const value: unknown = record[key];
		if (typeof value !== 'string') record[key] = JSON.stringify(value);
	}
	return record as Record<string, string>;
}

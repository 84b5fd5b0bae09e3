import {describe, expect, it} from 'vitest';
import {mapProcess, mapProcessList} from '../../../source/pm2/map-process.js';

const entry = (pm2Env: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
	pid: 4242,
	name: 'api',
	pm_id: 3,
	monit: {memory: 52_428_800, cpu: 12.5},
	pm2_env: {status: 'online', pm_uptime: 1000, restart_time: 2, exec_mode: 'fork_mode', ...pm2Env},
	...extra,
});

describe('mapProcess', () => {
	it('reads heap metrics whether PM2 sends them as strings or numbers, in MiB', () => {
		const process = mapProcess(
			entry({axm_monitor: {'Used Heap Size': {value: '4.5', unit: 'MiB'}, 'Heap Size': {value: 8, unit: 'MiB'}, 'Event Loop Latency p95': {value: '12.54'}}}),
		);
		expect(process.heapUsedBytes).toBe(Math.round(4.5 * 1024 * 1024));
		expect(process.heapTotalBytes).toBe(8 * 1024 * 1024);
		expect(process.eventLoopP95Ms).toBe(12.54);
		expect(process.rssBytes).toBe(52_428_800);
		expect(process.cpuPercent).toBe(12.5);
	});

	it('gives the app environment as strings, whether PM2 sent strings or other JSON values', () => {
		expect(mapProcess(entry({env: {PORT: '3000', NODE_ENV: 'production'}})).env).toEqual({PORT: '3000', NODE_ENV: 'production'});
		expect(mapProcess(entry({env: {PORT: 3000, DEBUG: true, LIST: ['a'], NAME: 'x'}})).env).toEqual({PORT: '3000', DEBUG: 'true', LIST: '["a"]', NAME: 'x'});
		expect(mapProcess(entry({})).env).toEqual({});
	});

	it("does not copy the environment on every poll, though PM2 keeps an object under the app's own name in it", () => {
		// What getMonitorData sends: strings, plus `api: {}` for the app itself. A copy per process per poll was most
		// of what a quiet poll allocated; the freshly decoded record is converted where it is instead.
		const decodedEnv: Record<string, unknown> = {PORT: '3000', NODE_ENV: 'production', api: {}};
		const mapped = mapProcess(entry({env: decodedEnv}));
		expect(mapped.env).toBe(decodedEnv);
		expect(mapped.env).toEqual({PORT: '3000', NODE_ENV: 'production', api: '{}'});
	});

	it('keeps absent settings absent instead of inventing PM2 defaults', () => {
		const process = mapProcess(entry({}));
		expect(process.maxMemoryRestartBytes).toBeNull();
		expect(process.minUptimeMs).toBeNull();
		expect(process.maxRestarts).toBeNull();
		expect(process.killTimeoutMs).toBeNull();
		expect(process.exitCode).toBeNull();
		expect(process.heapUsedBytes).toBeNull();
	});

	it('maps statuses, the space in "waiting restart" included, and drops the stale pid of a process that is not running', () => {
		const waiting = mapProcess(entry({status: 'waiting restart', exit_code: 1}));
		expect(waiting.status).toBe('waiting restart');
		expect(waiting.pid).toBeNull();
		expect(waiting.exitCode).toBe(1);
		expect(mapProcess(entry({status: 'online'})).pid).toBe(4242);
		expect(mapProcess(entry({status: 'something-new'})).status).toBe('unknown');
	});

	it('reads cluster mode, limits and log paths', () => {
		const process = mapProcess(
			entry({exec_mode: 'cluster_mode', instances: 2, max_memory_restart: 83_886_080, pm_out_log_path: '/l/api-out-3.log', watch: ['src']}),
		);
		expect(process.execMode).toBe('cluster');
		expect(process.instances).toBe(2);
		expect(process.maxMemoryRestartBytes).toBe(83_886_080);
		expect(process.outLogPath).toBe('/l/api-out-3.log');
		expect(process.watch).toEqual(['src']);
	});

	it('ignores malformed entries', () => {
		expect(mapProcessList(undefined)).toEqual([]);
		expect(mapProcessList([null, 'x', entry({})]).map(p => p.name)).toEqual(['api']);
	});
});

// Rules about an app at run time: its memory limit, how it shuts down, and its logs.
import fs from 'node:fs';
import path from 'node:path';
import {appCwd, instanceCount, isClusterMode, isJob, oldSpaceSizeMb, runsOnNode} from './lint-app-facts.js';
import {parsePm2Units} from './pm2-schema.js';
import {hit, mib, type AppRule, type RuleHit} from './lint-rule-kit.js';

export const runtimeRules: AppRule[] = [
	{
		id: 'max-memory-restart',
		check(app) {
			if (!runsOnNode(app)) return [];
			const limitBytes = app.max_memory_restart === undefined ? null : parsePm2Units(app.max_memory_restart, 'sbyte');
			const heapMb = oldSpaceSizeMb(app);
			if (app.max_memory_restart === undefined) {
				if (isJob(app)) return []; // a job exits by design: it cannot grow for long, and a restart would rerun it
				return [
					hit(
						'max-memory-restart',
						'warning',
						[],
						'No max_memory_restart: a leaking app grows until the machine swaps or the OOM killer picks a process.',
						heapMb === null
							? 'Add max_memory_restart (e.g. "512M") above the app\'s normal RSS.'
							: `Add max_memory_restart above the V8 heap limit, e.g. "${Math.ceil(heapMb * 1.25)}M".`,
						{key: 'max_memory_restart', value: heapMb === null ? '512M' : `${Math.ceil(heapMb * 1.25)}M`},
					),
				];
			}
			if (limitBytes === null) return []; // unit errors are reported by the schema check
			const hits: RuleHit[] = [];
			if (limitBytes < 64 * mib) {
				hits.push(
					hit(
						'max-memory-restart',
						'warning',
						['max_memory_restart'],
						`max_memory_restart is ${Math.round(limitBytes / mib)} MB: an idle Node process already uses ~40–60 MB RSS, so PM2 would restart it in a loop.`,
						'Set it above the normal RSS seen in pm2-doctor (e.g. "256M").',
					),
				);
			}
			if (heapMb !== null && limitBytes <= heapMb * mib) {
				hits.push(
					hit(
						'max-memory-restart',
						'warning',
						['max_memory_restart'],
						`max_memory_restart (${Math.round(limitBytes / mib)} MiB) is not above --max-old-space-size=${heapMb}: RSS includes the heap plus code and buffers, so PM2 restarts the app before V8 can use the heap it was given.`,
						`Set max_memory_restart to about "${Math.ceil(heapMb * 1.25)}M", or lower --max-old-space-size.`,
						{key: 'max_memory_restart', value: `${Math.ceil(heapMb * 1.25)}M`},
					),
				);
			}
			return hits;
		},
	},
	{
		id: 'shutdown-timing',
		check(app) {
			const hits: RuleHit[] = [];
			const killTimeoutMs = typeof app.kill_timeout === 'number' ? app.kill_timeout : null;
			if (killTimeoutMs === null) {
				// A job has no in-flight requests to drain: PM2's default is fine for it.
				if (!isJob(app))
					hits.push(
						hit(
							'shutdown-timing',
							'info',
							[],
							'kill_timeout not set: PM2 sends SIGKILL 1600 ms after SIGINT, cutting off in-flight requests of an app that drains longer.',
							"Set kill_timeout above the app's longest graceful shutdown (e.g. 5000).",
							{key: 'kill_timeout', value: 5000},
						),
					);
			} else if (killTimeoutMs < 1000) {
				hits.push(
					hit(
						'shutdown-timing',
						'warning',
						['kill_timeout'],
						`kill_timeout ${killTimeoutMs} ms leaves almost no time to close connections and flush before SIGKILL.`,
						'Raise kill_timeout to at least 3000.',
						{key: 'kill_timeout', value: 3000},
					),
				);
			}
			if (app.wait_ready === true && !runsOnNode(app)) {
				hits.push(
					hit(
						'shutdown-timing',
						'warning',
						['wait_ready'],
						'wait_ready on an app Node does not run: "ready" must come as process.send("ready") over Node\'s IPC channel, which this program will not send, so every start and reload waits the whole listen_timeout (3000 ms by default).',
						'Remove wait_ready (PM2 then treats the app as up once started).',
						{key: 'wait_ready', value: false},
					),
				);
			}
			if (app.wait_ready === true && app.listen_timeout === undefined) {
				hits.push(
					hit(
						'shutdown-timing',
						'warning',
						['wait_ready'],
						'wait_ready without listen_timeout: PM2 waits only 3000 ms for process.send("ready") and then treats the new process as up anyway (a reload can kill the old worker before the new one is ready).',
						"Set listen_timeout above the app's worst startup time (e.g. 10000).",
						{key: 'listen_timeout', value: 10_000},
					),
				);
			}
			const listenTimeoutMs = typeof app.listen_timeout === 'number' ? app.listen_timeout : null;
			if (listenTimeoutMs !== null && app.wait_ready !== true && !isClusterMode(app)) {
				hits.push(
					hit(
						'shutdown-timing',
						'info',
						['listen_timeout'],
						'listen_timeout has an effect only with wait_ready or in cluster mode (waiting for "listening").',
						'Add wait_ready: true and call process.send("ready") when the app is ready, or remove listen_timeout.',
					),
				);
			}
			return hits;
		},
	},
	{
		id: 'logs',
		check(app, context) {
			const hits: RuleHit[] = [];
			if (app.log_date_format === undefined && app.time !== true) {
				hits.push(
					hit(
						'logs',
						'info',
						[],
						'No log_date_format: log lines carry no timestamp, so a crash cannot be lined up with restarts.',
						'Add log_date_format: "YYYY-MM-DD HH:mm:ss Z".',
						{key: 'log_date_format', value: 'YYYY-MM-DD HH:mm:ss Z'},
					),
				);
			}
			const count = instanceCount(app, context.cpuCount);
			if (isClusterMode(app) && (count === null || count > 1) && app.merge_logs !== true && app.combine_logs !== true) {
				hits.push(
					hit(
						'logs',
						'info',
						[],
						'Cluster mode without merge_logs: every instance writes its own files (name-out-0.log, name-out-1.log…), and rotation/tailing must follow all of them.',
						'Add merge_logs: true.',
						{key: 'merge_logs', value: true},
					),
				);
			}
			for (const key of ['error_file', 'err_file', 'error', 'err']) {
				if (app[key] === '/dev/null' || app[key] === 'NULL') {
					hits.push(
						hit('logs', 'warning', [key], 'stderr is discarded: crash stack traces will be lost.', 'Log stderr to a file (or leave error_file unset).'),
					);
				}
			}
			for (const key of ['out_file', 'error_file', 'log_file']) {
				const value = app[key];
				if (typeof value !== 'string' || value === '/dev/null' || value === 'NULL') continue;
				const directory = path.dirname(path.resolve(appCwd(app, context), value.replace(/^~(?=\/)/, process.env.HOME ?? '~')));
				if (fs.existsSync(directory)) {
					try {
						fs.accessSync(directory, fs.constants.W_OK);
					} catch {
						hits.push(
							hit('logs', 'error', [key], `${directory} is not writable: PM2 fails to start the app with EACCES.`, 'Use a folder the PM2 user can write to.'),
						);
					}
				}
			}
			return hits;
		},
	},
];

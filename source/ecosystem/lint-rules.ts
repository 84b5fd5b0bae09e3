// Best-practice rules for PM2 ecosystem apps. Each rule looks at one loaded app (plus the file it came from) and
// returns hits with an id, severity, message and a concrete fix, relying on PM2 7's behaviour. Rules fit the kind
// of app (lint-app-facts.ts): a job (`autorestart: false`, one-shot or cron) exits by design, so advice about
// restarting and draining a long-running service does not apply to it.
import fs from 'node:fs';
import path from 'node:path';
import {
	appCwd,
	envBlocks,
	instanceCount,
	isClusterMode,
	isJob,
	looksLikeSecretValue,
	oldSpaceSizeMb,
	runsOnNode,
	scriptOf,
	validateCronPattern,
} from './lint-app-facts.js';
import {isSecretName} from '../model/mask-secrets.js';
import {isTagged, parsePm2Units} from './pm2-schema.js';

export {appCwd, instanceCount, isClusterMode, isJob, looksLikeSecretValue, runsOnNode, validateCronPattern} from './lint-app-facts.js';

export type LintSeverity = 'error' | 'warning' | 'info';

export type RuleHit = {
	ruleId: string;
	severity: LintSeverity;
	/** Where to point in the file: a key path inside the app (e.g. ['env', 'API_TOKEN']); [] = the app itself. */
	keyPath: string[];
	message: string;
	fix: string;
	/** The fix as a config change, when it is one (applied as a one-key fix in the editor). */
	edit?: {key: string; value: unknown};
};

export type RuleContext = {
	/** Absolute path of the ecosystem file; relative paths resolve against its folder (pm2-doctor applies from there). */
	file: string;
	cpuCount: number;
	/** Whether a key's value is written literally in the file (from the source locator); null when unknown. */
	isLiteralValue(keyPath: string[]): boolean | null;
	/** Lookup of a bare command in PATH (injected for tests). */
	isOnPath(command: string): boolean;
};

export type AppRule = {id: string; check(app: Record<string, unknown>, context: RuleContext): RuleHit[]};

const hit = (ruleId: string, severity: LintSeverity, keyPath: string[], message: string, fix: string, edit?: RuleHit['edit']): RuleHit => ({
	ruleId,
	severity,
	keyPath,
	message,
	fix,
	...(edit ? {edit} : {}),
});

const mib = 1024 * 1024;

export const appRules: AppRule[] = [
	{
		id: 'name-missing',
		check(app) {
			if (typeof app.name === 'string' && app.name !== '') return [];
			return [
				hit(
					'name-missing',
					'warning',
					[],
					'The app has no "name": PM2 derives one from the script file name, and `--only`, `startOrReload` and pm2-doctor match apps by name.',
					'Add name: "<app-name>".',
				),
			];
		},
	},
	{
		id: 'script-exists',
		check(app, context) {
			const script = scriptOf(app);
			if (script === null || script.includes(' ')) return [];
			const resolved = path.resolve(appCwd(app, context), script);
			if (fs.existsSync(resolved)) return [];
			if (!script.includes('/') && context.isOnPath(script)) return [];
			return [
				hit(
					'script-exists',
					'error',
					['script'],
					`Script not found: ${resolved} (PM2 resolves "script" against "cwd", or the folder pm2 runs in).`,
					'Fix the path, or set "cwd" to the folder the script is relative to.',
				),
			];
		},
	},
	{
		id: 'cluster-node-only',
		check(app) {
			if (!isClusterMode(app) || runsOnNode(app)) return [];
			return [
				hit(
					'cluster-node-only',
					'error',
					['exec_mode'],
					'Cluster mode only works for Node.js scripts (it uses the Node cluster module); with another interpreter or a shell command the app errors with an empty error log.',
					'Use exec_mode: "fork" (and one app per port if you need several copies).',
					{key: 'exec_mode', value: 'fork'},
				),
			];
		},
	},
	{
		id: 'instances-cpus',
		check(app, context) {
			const hits: RuleHit[] = [];
			const raw = app.instances;
			if (typeof raw === 'string' && raw !== 'max' && Number.isNaN(Number.parseInt(raw, 10))) {
				hits.push(
					hit(
						'instances-cpus',
						'error',
						['instances'],
						`instances: ${JSON.stringify(raw)} is not a number; PM2 turns it into 0, which means one process per CPU (${context.cpuCount}).`,
						'Use a number, or "max" if one per CPU is intended.',
						{key: 'instances', value: 'max'},
					),
				);
				return hits;
			}
			const count = instanceCount(app, context.cpuCount);
			if (count === null) return hits;
			if (count > context.cpuCount) {
				hits.push(
					hit(
						'instances-cpus',
						'warning',
						['instances'],
						`${count} instances on ${context.cpuCount} CPU(s): more workers than cores only adds memory and context switches for CPU-bound Node apps.`,
						`Use instances: "max" (or -1 to keep a core free), or at most ${context.cpuCount}.`,
						{key: 'instances', value: 'max'},
					),
				);
			}
			if (count > 1 && typeof app.exec_mode === 'string' && app.exec_mode.startsWith('fork')) {
				hits.push(
					hit(
						'instances-cpus',
						'warning',
						['instances'],
						`exec_mode "fork" with ${count} instances starts ${count} independent copies: they cannot share a port (EADDRINUSE).`,
						'Use exec_mode: "cluster" for a Node server, or give each copy its own port.',
					),
				);
			}
			return hits;
		},
	},
	{
		id: 'restart-policy',
		check(app) {
			if (app.autorestart === false) return [];
			const hits: RuleHit[] = [];
			const hasDelay = app.restart_delay !== undefined || app.exp_backoff_restart_delay !== undefined;
			if (!hasDelay) {
				hits.push(
					hit(
						'restart-policy',
						'warning',
						[],
						'No restart_delay or exp_backoff_restart_delay: a crashing app is restarted immediately, hammering its dependencies, and gives up ("errored") after max_restarts fast crashes.',
						'Add exp_backoff_restart_delay: 100 (grows up to 15 s and resets after 30 s of uptime).',
						{key: 'exp_backoff_restart_delay', value: 100},
					),
				);
			}
			const missing = ['max_restarts', 'min_uptime'].filter(key => app[key] === undefined);
			if (missing.length > 0) {
				hits.push(
					hit(
						'restart-policy',
						'info',
						[],
						`${missing.join(' and ')} not set: PM2's defaults apply (max_restarts 16, min_uptime 1000 ms); a crash later than min_uptime counts as a stable run, so an app that dies after startup loops forever.`,
						'Set min_uptime above the app\'s startup time (e.g. "10s") and max_restarts (e.g. 10) explicitly.',
						missing.includes('min_uptime') ? {key: 'min_uptime', value: '10s'} : {key: 'max_restarts', value: 10},
					),
				);
			}
			const minUptimeMs = parsePm2Units(app.min_uptime ?? 1000, 'stime');
			const delayMs = typeof app.restart_delay === 'number' ? app.restart_delay : null;
			if (delayMs !== null && minUptimeMs !== null && delayMs >= minUptimeMs) {
				hits.push(
					hit(
						'restart-policy',
						'warning',
						['restart_delay'],
						`restart_delay (${delayMs} ms) ≥ min_uptime (${minUptimeMs} ms): PM2 never counts these restarts as unstable, so max_restarts never stops a crash loop.`,
						'Raise min_uptime above restart_delay, or use exp_backoff_restart_delay instead.',
						{key: 'min_uptime', value: delayMs + 1000},
					),
				);
			}
			return hits;
		},
	},
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
	{
		id: 'watch',
		check(app, context) {
			const watch = app.watch;
			if (watch === undefined || watch === false || (Array.isArray(watch) && watch.length === 0)) return [];
			const hits: RuleHit[] = [];
			const ignore = app.ignore_watch;
			// The current entries when they are all plain strings (a fix rewrites the list; regexps cannot be kept safely).
			const plainIgnore =
				Array.isArray(ignore) && ignore.every(entry => typeof entry === 'string') ? (ignore as string[]) : typeof ignore === 'string' ? [ignore] : null;
			const ignoreList = (Array.isArray(ignore) ? ignore : typeof ignore === 'string' ? [ignore] : []).map(entry =>
				isTagged(entry) ? entry.value : String(entry),
			);
			if (ignore === undefined) {
				hits.push(
					hit(
						'watch',
						'warning',
						['watch'],
						'watch without ignore_watch: PM2 ignores only dotfiles and node_modules, so any log, upload, cache or database file the app writes under its folder restarts it — a restart loop.',
						'Add ignore_watch: ["node_modules", "logs", "data", "tmp", "*.log"].',
						{key: 'ignore_watch', value: ['node_modules', '\\.git', 'logs', 'data', 'tmp', '*.log']},
					),
				);
			} else if (!ignoreList.some(entry => entry.includes('node_modules'))) {
				hits.push(
					hit(
						'watch',
						'warning',
						['ignore_watch'],
						"ignore_watch replaces PM2's default (dotfiles and node_modules): node_modules is now watched, and an npm install restarts the app many times.",
						'Add "node_modules" (and "\\.git") to ignore_watch.',
						plainIgnore ? {key: 'ignore_watch', value: [...plainIgnore, 'node_modules', '\\.git']} : undefined,
					),
				);
			}
			// Log files inside the watched folder must be covered by an ignore entry.
			const cwd = appCwd(app, context);
			for (const key of ['out_file', 'error_file', 'log_file']) {
				const value = app[key];
				if (typeof value !== 'string' || value.startsWith('/dev/')) continue;
				const relative = path.relative(cwd, path.resolve(cwd, value));
				if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
				const covered = ignoreList.some(
					entry => relative.includes(entry.replace(/^\.?\//, '').replace(/\*+/g, '')) || (entry.includes('*.log') && relative.endsWith('.log')),
				);
				if (!covered) {
					hits.push(
						hit(
							'watch',
							'error',
							[key],
							`${key} (${relative}) is inside the watched folder and not in ignore_watch: every log line restarts the app.`,
							`Add "${path.dirname(relative) === '.' ? relative : path.dirname(relative)}" to ignore_watch, or log outside the app folder.`,
							plainIgnore ? {key: 'ignore_watch', value: [...plainIgnore, path.dirname(relative) === '.' ? relative : path.dirname(relative)]} : undefined,
						),
					);
				}
			}
			return hits;
		},
	},
	{
		id: 'env-block',
		check(app) {
			if (app.env !== undefined) return [];
			return [
				hit(
					'env-block',
					'warning',
					[],
					'No env block: on startOrReload PM2 merges the whole environment of the shell that runs pm2 into the app (SSH variables, tokens, NODE_OPTIONS…).',
					'Add an env block (even env: { NODE_ENV: "production" }); pm2-doctor applies with a minimal environment anyway.',
				),
			];
		},
	},
	{
		id: 'env-secrets',
		check(app, context) {
			const hits: RuleHit[] = [];
			for (const [blockName, block] of envBlocks(app)) {
				for (const [name, value] of Object.entries(block)) {
					if (typeof value !== 'string' || value.length < 6) continue;
					const keyPath = [blockName, name];
					if (context.isLiteralValue(keyPath) === false) continue; // computed, e.g. process.env.X
					if (looksLikeSecretValue(value)) {
						hits.push(
							hit(
								'env-secrets',
								'error',
								keyPath,
								`${blockName}.${name} holds what looks like a real credential, written in the file: anyone with read access to the file, the repository or \`pm2 env\` sees it.`,
								`Read it at load time instead: ${name}: process.env.${name} (or from a file outside the repository).`,
							),
						);
					} else if (isSecretName(name) && !/^(changeme|placeholder|xxx+|\*+|<.*>|\$\{.*\})$/i.test(value)) {
						hits.push(
							hit(
								'env-secrets',
								'warning',
								keyPath,
								`${blockName}.${name} is a literal secret in the ecosystem file.`,
								`Use ${name}: process.env.${name} and provide it from the deploy environment or a secrets file with mode 0600.`,
							),
						);
					}
				}
			}
			return hits;
		},
	},
	{
		id: 'env-production',
		check(app) {
			const env = app.env as Record<string, unknown> | undefined;
			const production = app.env_production as Record<string, unknown> | undefined;
			if (typeof production !== 'object' || production === null) return [];
			const hits: RuleHit[] = [];
			if (env && typeof env === 'object' && env.NODE_ENV === 'production') {
				hits.push(
					hit(
						'env-production',
						'warning',
						['env', 'NODE_ENV'],
						'The default env block already says NODE_ENV=production while env_production exists: a plain start runs production settings by accident.',
						'Keep env for development defaults and put production values only in env_production.',
					),
				);
			}
			hits.push(
				hit(
					'env-production',
					'info',
					['env_production'],
					'env_production is applied only with `--env production` (also on startOrReload); a reload without it keeps the current values.',
					'Apply with --env production when production values changed.',
				),
			);
			return hits;
		},
	},
	{
		id: 'cron-restart',
		check(app) {
			const pattern = app.cron_restart ?? app.cron;
			if (pattern === undefined || pattern === 0 || pattern === '0') return [];
			const error = validateCronPattern(String(pattern));
			if (error === null) return [];
			return [
				hit(
					'cron-restart',
					'error',
					[app.cron_restart === undefined ? 'cron' : 'cron_restart'],
					`cron_restart ${JSON.stringify(pattern)} is invalid: ${error} (PM2 refuses the file).`,
					'Use five or six fields, e.g. "0 3 * * *" for 03:00 every day.',
				),
			];
		},
	},
];

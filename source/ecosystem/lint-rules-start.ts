// Rules about how an app starts and restarts: its name, its script, cluster mode, instances and the restart policy.
import fs from 'node:fs';
import path from 'node:path';
import {appCwd, instanceCount, isClusterMode, runsOnNode, scriptOf} from './lint-app-facts.js';
import {parsePm2Units} from './pm2-schema.js';
import {hit, type AppRule, type RuleHit} from './lint-rule-kit.js';

export const startRules: AppRule[] = [
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
];

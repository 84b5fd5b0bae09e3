// Rules about what the file configures around the app: watching, env blocks, secrets, production mode and cron.
import path from 'node:path';
import {appCwd, envBlocks, looksLikeSecretValue, validateCronPattern} from './lint-app-facts.js';
import {isSecretName} from '../model/mask-secrets.js';
import {isTagged} from './pm2-schema.js';
import {hit, type AppRule, type RuleHit} from './lint-rule-kit.js';

export const configRules: AppRule[] = [
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

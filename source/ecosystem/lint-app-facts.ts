// Facts about one app that several lint rules need: what runs it, how many processes it asks for, what kind of
// app it is. Pure functions of the loaded app, apart from the cron check, which uses the library PM2 itself uses.
import {createRequire} from 'node:module';
import path from 'node:path';
import type {RuleContext} from './lint-rules.js';

/** The folder PM2 resolves the app's relative paths against (app.cwd, else the folder we run pm2 from). */
export function appCwd(app: Record<string, unknown>, context: RuleContext): string {
	const fileDir = path.dirname(context.file);
	return typeof app.cwd === 'string' ? path.resolve(fileDir, app.cwd) : fileDir;
}

export function scriptOf(app: Record<string, unknown>): string | null {
	for (const key of ['script', 'exec', 'cmd', 'command']) if (typeof app[key] === 'string') return app[key] as string;
	return null;
}

/** Returns true when PM2 would run the app with Node (the only runtime cluster mode works with, besides bun). */
export function runsOnNode(app: Record<string, unknown>): boolean {
	const interpreter = app.interpreter ?? app.exec_interpreter;
	const script = scriptOf(app) ?? '';
	if (script.includes(' ')) return false; // PM2 wraps commands with spaces in `bash -c`
	if (typeof interpreter === 'string') return /(^|\/)(node|nodejs|bun)$/.test(interpreter);
	// Without an interpreter PM2 picks one from the extension (Common.sink.resolveInterpreter).
	const extension = path.extname(script);
	if (['.sh', '.py', '.rb', '.php', '.pl', '.coffee', '.ls', '.bash'].includes(extension)) return false;
	return extension === '' ? !/^(python3?|ruby|php|bash|sh|java|go|perl)$/.test(script) : true;
}

export function isClusterMode(app: Record<string, unknown>): boolean {
	return typeof app.exec_mode === 'string' && app.exec_mode.startsWith('cluster');
}

/** Returns how many processes the app asks for (`max`/0 = all CPUs, -1 = CPUs − 1); null if unset. */
export function instanceCount(app: Record<string, unknown>, cpuCount: number): number | null {
	const raw = app.instances;
	if (raw === undefined || raw === null) return null;
	const value = raw === 'max' ? 0 : typeof raw === 'string' ? Number.parseInt(raw, 10) || 0 : Number(raw);
	if (value === 0) return cpuCount;
	if (value < 0) return Math.max(1, cpuCount + value);
	return value;
}

export function envBlocks(app: Record<string, unknown>): Array<[string, Record<string, unknown>]> {
	return Object.entries(app).filter(
		(entry): entry is [string, Record<string, unknown>] =>
			(entry[0] === 'env' || entry[0].startsWith('env_')) && typeof entry[1] === 'object' && entry[1] !== null && !Array.isArray(entry[1]),
	);
}

export function oldSpaceSizeMb(app: Record<string, unknown>): number | null {
	const args = app.node_args ?? app.interpreter_args ?? app.interpreterArgs;
	const text = Array.isArray(args) ? args.join(' ') : typeof args === 'string' ? args : '';
	const env = app.env as Record<string, unknown> | undefined;
	const nodeOptions = typeof env?.NODE_OPTIONS === 'string' ? env.NODE_OPTIONS : '';
	const match = `${text} ${nodeOptions}`.match(/--max[-_]old[-_]space[-_]size[= ](\d+)/);
	return match ? Number(match[1]) : null;
}

/**
 * True for a job rather than a service: `autorestart: false` (a one-shot task, or a cron job started by
 * `cron_restart`). It exits by design, so it cannot leak for long, has no connections to drain, and is not
 * restarted on a crash.
 */
export function isJob(app: Record<string, unknown>): boolean {
	return app.autorestart === false;
}

/** Recognises credential formats that are never placeholders (API keys of common providers, PEM blocks, URLs with passwords). */
export function looksLikeSecretValue(value: string): boolean {
	return /^(sk_live_|rk_live_|sk-[A-Za-z0-9]{20}|ghp_|gho_|github_pat_|glpat-|xox[abpr]-|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{30})|-----BEGIN [A-Z ]*PRIVATE KEY-----|^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/.test(
		value,
	);
}

const requireFromPm2 = createRequire(createRequire(import.meta.url).resolve('pm2/package.json'));

/** Checks a cron pattern with the same library (croner) PM2 uses; returns the error text or null. */
export function validateCronPattern(pattern: string): string | null {
	try {
		const Croner = requireFromPm2('croner') as (pattern: string) => {stop?: () => void};
		const job = Croner(pattern);
		job.stop?.();
		return null;
	} catch (error) {
		return (error as Error).message;
	}
}

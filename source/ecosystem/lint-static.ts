// Lint of PM2's `static` entries: `{static: [{path, port}]}` makes `pm2 start` add one app per entry that runs
// PM2's own file server (lib/API/Serve.js, the same as `pm2 serve`), configured through PM2_SERVE_* variables.
// They have no `script` of their own; what can go wrong is the folder, the port and keys PM2 never reads.
import fs from 'node:fs';
import path from 'node:path';
import type {LintSeverity} from './lint-rules.js';

export type StaticHit = {ruleId: string; severity: LintSeverity; key: string | null; message: string; fix: string};

// The keys `_startJson` copies into the serve app's environment (pm2 7 lib/API.js).
const staticKeys = new Set(['name', 'path', 'port', 'host', 'spa', 'ftp', 'directory', 'basic_auth', 'monitor']);

export const staticRuleIds = ['static-port', 'static-path', 'static-auth', 'static-unknown-key'];

/** The name PM2 gives the serve app of a `static` entry. */
export function staticServerName(entry: Record<string, unknown>): string {
	return typeof entry.name === 'string' && entry.name !== '' ? entry.name : `static-page-server-${String(entry.port)}`;
}

/** Checks one `static` entry; `fileDir` is where pm2-doctor applies from (relative paths resolve there). */
export function lintStaticServer(entry: Record<string, unknown>, fileDir: string): StaticHit[] {
	const hits: StaticHit[] = [];
	const port = entry.port;
	const portNumber = typeof port === 'number' ? port : typeof port === 'string' ? Number.parseInt(port, 10) : Number.NaN;
	if (port === undefined) {
		hits.push({
			ruleId: 'static-port',
			severity: 'warning',
			key: null,
			message: 'Static server without "port": PM2 serves on 8080 and names the app "static-page-server-undefined".',
			fix: 'Add port: <number> (and a name).',
		});
	} else if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65_535) {
		hits.push({
			ruleId: 'static-port',
			severity: 'error',
			key: 'port',
			message: `Static server port ${JSON.stringify(port)} is not a port number (1–65535): PM2's file server falls back to 8080 or fails to listen.`,
			fix: 'Use a whole number from 1 to 65535.',
		});
	}
	const servedPath = typeof entry.path === 'string' ? entry.path : '.';
	const resolved = path.resolve(fileDir, servedPath);
	let isFolder = false;
	try {
		isFolder = fs.statSync(resolved).isDirectory();
	} catch {
		// Missing: reported below.
	}
	if (!isFolder) {
		hits.push({
			ruleId: 'static-path',
			severity: 'error',
			key: entry.path === undefined ? null : 'path',
			message: `Static server path ${resolved} is not a folder: every request gets a 404.`,
			fix: 'Point "path" at the folder to serve (relative paths resolve against the ecosystem file\'s folder).',
		});
	}
	if (entry.basic_auth !== undefined) {
		const auth = entry.basic_auth as Record<string, unknown> | null;
		if (typeof auth !== 'object' || auth === null || typeof auth.username !== 'string' || typeof auth.password !== 'string') {
			hits.push({
				ruleId: 'static-auth',
				severity: 'error',
				key: 'basic_auth',
				message: 'basic_auth needs a "username" and a "password" string: otherwise PM2 compares against "undefined"/null and nobody can log in.',
				fix: 'Write basic_auth: { username: "…", password: process.env.STATIC_PASSWORD }.',
			});
		}
	}
	for (const key of Object.keys(entry)) {
		if (!staticKeys.has(key)) {
			hits.push({
				ruleId: 'static-unknown-key',
				severity: 'warning',
				key,
				message: `"${key}" is not read for static servers (PM2 reads ${[...staticKeys].join(', ')}): it is ignored.`,
				fix: `Remove "${key}", or move the app to "apps" if it needs app options.`,
			});
		}
	}
	return hits;
}

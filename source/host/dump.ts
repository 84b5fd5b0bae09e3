// $PM2_HOME/dump.pm2: the list `pm2 resurrect` restores at boot.
import fs from 'node:fs/promises';
import type {DumpFact} from '../doctor/check-types.js';
import {pm2HomePaths} from '../pm2/pm2-home.js';

/** Parses dump.pm2 (a JSON array of pm2_env objects). */
export function parseDump(text: string): {entries: DumpFact['entries']; error: string | null} {
	try {
		const data = JSON.parse(text) as unknown;
		if (!Array.isArray(data)) return {entries: [], error: 'not a JSON array'};
		return {
			entries: data
				.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
				.map(e => ({name: String(e.name ?? '?'), scriptPath: typeof e.pm_exec_path === 'string' ? e.pm_exec_path : null})),
			error: null,
		};
	} catch (error) {
		return {entries: [], error: (error as Error).message};
	}
}

export async function readDumpFact(pm2Home: string): Promise<DumpFact> {
	const file = pm2HomePaths(pm2Home).dumpFilePath;
	try {
		const stat = await fs.stat(file);
		const parsed = parseDump(await fs.readFile(file, 'utf8'));
		return {path: file, exists: true, entries: parsed.entries, mtimeMs: stat.mtimeMs, parseError: parsed.error};
	} catch {
		return {path: file, exists: false, entries: [], mtimeMs: null, parseError: null};
	}
}

// Whether anything rotates the logs: the pm2-logrotate module (and its settings) or a system logrotate file.
import fs from 'node:fs/promises';
import path from 'node:path';
import type {LogrotateFact} from '../doctor/check-types.js';
import type {ProcessSnapshot} from '../model/types.js';
import {pm2HomePaths} from '../pm2/pm2-home.js';
import {exists} from './exists.js';
import {hostReadConcurrency, mapBounded} from './bounded.js';

export async function readLogrotateFact(pm2Home: string, processes: ProcessSnapshot[], logrotateDir = '/etc/logrotate.d'): Promise<LogrotateFact> {
	const moduleProcess = processes.find(p => p.name === 'pm2-logrotate');
	const moduleDirExists = await exists(path.join(pm2Home, 'modules', 'pm2-logrotate'));
	let settings: Record<string, string> = {};
	try {
		const conf = JSON.parse(await fs.readFile(pm2HomePaths(pm2Home).moduleConfPath, 'utf8')) as Record<string, unknown>;
		const own = conf['pm2-logrotate'];
		if (own && typeof own === 'object') settings = Object.fromEntries(Object.entries(own).map(([k, v]) => [k, String(v)]));
	} catch {
		// no module_conf.json
	}
	let entries: string[] = [];
	try {
		entries = await fs.readdir(logrotateDir);
	} catch {
		// no logrotate.d
	}
	const mentions = await mapBounded(entries, hostReadConcurrency, async entry => {
		const file = path.join(logrotateDir, entry);
		try {
			return (await fs.readFile(file, 'utf8')).includes(pm2Home) ? file : null;
		} catch {
			return null; // unreadable
		}
	});
	const systemLogrotateFiles = mentions.filter((file): file is string => file !== null);
	return {installed: moduleDirExists || moduleProcess !== undefined, moduleStatus: moduleProcess?.status ?? null, settings, systemLogrotateFiles};
}

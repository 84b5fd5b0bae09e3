// Boot-time units that would resurrect a PM2 daemon (systemd, init.d, rc.d, launchd), as `pm2 startup` writes them.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {StartupUnit} from '../doctor/check-types.js';
import {exists} from './exists.js';

export function defaultStartupUnitDirs(homeDir = os.homedir()): string[] {
	return [
		'/etc/systemd/system',
		'/lib/systemd/system',
		'/usr/lib/systemd/system',
		path.join(homeDir, '.config', 'systemd', 'user'),
		'/etc/init.d',
		'/etc/rc.d',
		path.join(homeDir, 'Library', 'LaunchAgents'),
	];
}

/** Parses a systemd unit / init script written by `pm2 startup` for PM2_HOME and the executable it runs. */
export async function parseStartupUnit(file: string, text: string): Promise<StartupUnit> {
	const home = /(?:Environment=|export\s+)"?PM2_HOME=([^\s"]+)"?/.exec(text)?.[1] ?? /<key>PM2_HOME<\/key>\s*<string>([^<]+)<\/string>/.exec(text)?.[1] ?? null;
	const exec = /^ExecStart=(\S+)/m.exec(text)?.[1] ?? /^PM2=(\S+)/m.exec(text)?.[1] ?? null;
	return {path: file, pm2Home: home, execPath: exec, execPathExists: exec === null ? null : await exists(exec)};
}

export async function readStartupUnits(dirs: string[]): Promise<StartupUnit[]> {
	const units: StartupUnit[] = [];
	for (const dir of dirs) {
		let entries: string[];
		try {
			entries = await fs.readdir(dir);
		} catch {
			continue;
		}
		for (const entry of entries) {
			if (!/^pm2([-.].*)?$/.test(entry) && !/^pm2-.*\.service$/.test(entry)) continue;
			const file = path.join(dir, entry);
			try {
				units.push(await parseStartupUnit(file, await fs.readFile(file, 'utf8')));
			} catch {
				units.push({path: file, pm2Home: null, execPath: null, execPathExists: null});
			}
		}
	}
	return units;
}

// The daemon and the versions around it: is it running, which PM2 and Node it runs, which pm2 the operator's
// CLI would use, the Node on PATH, and other God daemons on the host.
import fs from 'node:fs/promises';
import {createRequire} from 'node:module';
import path from 'node:path';
import type {DaemonFact} from '../doctor/check-types.js';
import {daemonHomeMatches, parseDaemonTitle} from '../pm2/find-other-daemons.js';
import {hostReadDeadlineMs, withDeadline} from './bounded.js';
import {findPm2Daemons} from './pm2-daemons.js';
import {nodeVersionOnPath} from './path-node-version.js';
import {pm2HomePaths} from '../pm2/pm2-home.js';

export type DaemonFactOptions = {
	pm2Home: string;
	procRoot?: string;
	/** package.json of the pm2 the operator's CLI uses; default: `pm2` on PATH, else the one bundled with pm2-doctor. */
	installedPm2PackageJson?: string;
	/** Whether to run `node --version` from PATH (skipped in unit tests). Default true. */
	probePathNode?: boolean;
	/** The daemon log tail, to read the daemon's Node version from its start banner (awaited last: it may still be read). */
	daemonLogLines?: readonly string[] | Promise<readonly string[]>;
};

/** The pm2 package.json the operator's `pm2` command runs from: PATH first, then the bundled one. */
export async function findInstalledPm2PackageJson(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
	for (const dir of (env.PATH ?? '').split(path.delimiter)) {
		if (!dir) continue;
		try {
			let folder = path.dirname(await fs.realpath(path.join(dir, 'pm2')));
			for (let i = 0; i < 4; i++) {
				const pkg = path.join(folder, 'package.json');
				try {
					if (JSON.parse(await fs.readFile(pkg, 'utf8')).name === 'pm2') return pkg;
				} catch {
					// no package.json here, or not JSON
				}
				folder = path.dirname(folder);
			}
		} catch {
			// not here
		}
	}
	try {
		return createRequire(import.meta.url).resolve('pm2/package.json');
	} catch {
		return null;
	}
}

/** Node version from the daemon's start banner in pm2.log ("Node.js version      : 20.20.2"). */
export function daemonNodeVersionFromLog(lines: readonly string[]): string | null {
	for (let i = lines.length - 1; i >= 0; i--) {
		const match = /Node\.js version\s*:\s*v?(\S+)/.exec(lines[i]!);
		if (match) return `v${match[1]}`;
	}
	return null;
}

export function isPidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

async function readDaemonPid(pidFilePath: string): Promise<number | null> {
	try {
		const pid = Number((await fs.readFile(pidFilePath, 'utf8')).trim());
		return Number.isInteger(pid) && pid > 0 ? pid : null;
	} catch {
		return null;
	}
}

export async function readDaemonFact(options: DaemonFactOptions): Promise<DaemonFact> {
	const procRoot = options.procRoot ?? '/proc';
	const pid = await readDaemonPid(pm2HomePaths(options.pm2Home).pidFilePath);
	const running = pid !== null && isPidAlive(pid);
	let runningVersion: string | null = null;
	let titleHome: string | null = null;
	let nodeExecutable: string | null = null;
	if (running && pid !== null) {
		try {
			const title = parseDaemonTitle(await fs.readFile(path.join(procRoot, String(pid), 'cmdline'), 'utf8'));
			runningVersion = title?.version ?? null;
			titleHome = title?.home ?? null;
		} catch {
			// unreadable
		}
		try {
			nodeExecutable = await fs.readlink(path.join(procRoot, String(pid), 'exe'));
		} catch {
			// another user's daemon
		}
	}
	const packageJson = options.installedPm2PackageJson ?? (await findInstalledPm2PackageJson());
	let installedVersion: string | null = null;
	if (packageJson) {
		try {
			installedVersion = String(JSON.parse(await fs.readFile(packageJson, 'utf8')).version);
		} catch {
			// unreadable
		}
	}
	const [pathNodeVersion, daemons] = await Promise.all([
		options.probePathNode === false ? null : nodeVersionOnPath(),
		withDeadline(findPm2Daemons(procRoot), hostReadDeadlineMs, []),
	]);
	return {
		running,
		pid,
		runningVersion,
		titleHome,
		installedVersion,
		installedPath: packageJson ? path.dirname(packageJson) : null,
		nodeExecutable,
		nodeExecutableDeleted: nodeExecutable?.endsWith(' (deleted)') ?? false,
		pathNodeVersion,
		daemonNodeVersion: daemonNodeVersionFromLog((await options.daemonLogLines) ?? []),
		otherDaemons: daemons.filter(d => d.pid !== pid && !daemonHomeMatches(d, options.pm2Home)).map(d => ({pid: d.pid, version: d.version, home: d.home})),
	};
}

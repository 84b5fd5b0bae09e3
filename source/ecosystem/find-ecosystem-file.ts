// Finds the ecosystem file that defines a running app. PM2 does not record which file an app came from, so: an
// explicit --ecosystem FILE wins; then PM2_ECOSYSTEM_FILE from the app's env (a convention we recommend); then
// the PM2 config file names in the app's cwd, the PWD of the CLI that started it, and their parents — each
// candidate loaded (in a child process) and matched by app name, then by script path.
import fs from 'node:fs';
import path from 'node:path';
import type {ProcessSnapshot} from '../model/types.js';
import {candidatePriority, isEcosystemCandidateName} from './config-format.js';
import {loadEcosystemFile, type LoadOptions, type LoadResult} from './load-ecosystem-file.js';
import {compareCodeUnits} from '../model/compare-text.js';

export type EcosystemTarget = Pick<ProcessSnapshot, 'name' | 'cwd' | 'launchPwd' | 'env' | 'fromConfigFile' | 'scriptPath'>;

export type FoundEcosystemFile = {
	file: string;
	/** One sentence for the user: why this file. */
	reason: string;
	how: 'flag' | 'env' | 'name-match' | 'script-match' | 'only-candidate';
	/** Index of the matching app inside the file, when matched. */
	appIndex: number | null;
};

export type FindResult = {ok: true; found: FoundEcosystemFile; searched: string[]} | {ok: false; reason: string; searched: string[]; candidates: string[]};

export type FindOptions = LoadOptions & {
	/** `--ecosystem FILE` from the command line. */
	explicitFile?: string;
	/** Stop walking up at this folder (default: the filesystem root); also stops at a folder holding `.git`. */
	stopAt?: string;
	/** Cap on how many candidate files are evaluated (each one is a child process). */
	maxCandidates?: number;
};

/** Finds the ecosystem file for a process (or, without a process, in the current folder). Never throws. */
export async function findEcosystemFile(target: EcosystemTarget | null, options: FindOptions = {}): Promise<FindResult> {
	if (options.explicitFile) {
		const file = path.resolve(options.explicitFile);
		if (!fs.existsSync(file)) return {ok: false, reason: `--ecosystem ${file} does not exist.`, searched: [], candidates: []};
		return {ok: true, found: {file, reason: `Given with --ecosystem.`, how: 'flag', appIndex: null}, searched: []};
	}
	const fromEnv = target?.env.PM2_ECOSYSTEM_FILE;
	if (fromEnv) {
		const file = path.resolve(target!.cwd || '/', fromEnv);
		if (fs.existsSync(file)) {
			return {ok: true, found: {file, reason: `The app's environment names it (PM2_ECOSYSTEM_FILE).`, how: 'env', appIndex: null}, searched: []};
		}
	}
	const startFolders = target ? [target.cwd, target.launchPwd].filter((folder): folder is string => Boolean(folder)) : [process.cwd()];
	const folders = foldersToSearch(startFolders, options.stopAt);
	const candidates = folders.flatMap(folder => listCandidates(folder)).slice(0, options.maxCandidates ?? 30);
	if (!target) {
		// `pm2-doctor lint` without FILE: the best-named file in the current folder.
		const local = candidates.filter(candidate => path.dirname(candidate) === folders[0]);
		if (local.length === 0) return {ok: false, reason: `No ecosystem file in ${folders[0]}.`, searched: folders, candidates};
		return {ok: true, found: {file: local[0]!, reason: `Found in the current folder.`, how: 'only-candidate', appIndex: null}, searched: folders};
	}
	const loaded: Array<{file: string; result: LoadResult}> = [];
	for (const file of candidates) {
		// Loading executes the file: other `*.config.js` files are only run when they look like PM2 configs.
		if (!looksLikePm2Config(file)) continue;
		loaded.push({file, result: await loadEcosystemFile(file, {...options, timeoutMs: options.timeoutMs ?? 3000})});
	}
	for (const {file, result} of loaded) {
		if (!result.ok) continue;
		const appIndex = result.apps.findIndex(app => app.name === target.name);
		if (appIndex >= 0) {
			return {
				ok: true,
				found: {file, reason: `Defines an app named "${target.name}" (searched from ${describeStart(target)}).`, how: 'name-match', appIndex},
				searched: folders,
			};
		}
	}
	for (const {file, result} of loaded) {
		if (!result.ok) continue;
		const appIndex = result.apps.findIndex(app => {
			const script = app.script ?? app.exec ?? app.cmd ?? app.command;
			if (typeof script !== 'string') return false;
			const cwd = typeof app.cwd === 'string' ? path.resolve(path.dirname(file), app.cwd) : path.dirname(file);
			return path.resolve(cwd, script) === target.scriptPath;
		});
		if (appIndex >= 0) {
			return {
				ok: true,
				found: {
					file,
					reason: `Its app #${appIndex + 1} runs the same script (${target.scriptPath}); the name differs (renamed, or name_prefix/append_env_to_name).`,
					how: 'script-match',
					appIndex,
				},
				searched: folders,
			};
		}
	}
	const failures = loaded.filter(entry => !entry.result.ok).map(entry => path.basename(entry.file));
	return {
		ok: false,
		reason: `No ecosystem file defining "${target.name}" found in ${folders.join(', ')}${failures.length > 0 ? ` (could not load: ${failures.join(', ')})` : ''}.${target.fromConfigFile ? '' : ' PM2 says the app was started without a config file.'} Pass --ecosystem FILE, or add env: { PM2_ECOSYSTEM_FILE: __filename } to the file.`,
		searched: folders,
		candidates,
	};
}

function describeStart(target: EcosystemTarget): string {
	return target.launchPwd && target.launchPwd !== target.cwd ? `${target.cwd} and ${target.launchPwd}` : target.cwd;
}

/** Returns the start folders and their parents, nearest first, without duplicates. */
export function foldersToSearch(startFolders: string[], stopAt?: string): string[] {
	const result: string[] = [];
	for (const start of startFolders) {
		let folder = path.resolve(start);
		for (;;) {
			if (!result.includes(folder)) result.push(folder);
			if (stopAt && folder === path.resolve(stopAt)) break;
			if (fs.existsSync(path.join(folder, '.git'))) break; // the repository root is as far as a project goes
			const parent = path.dirname(folder);
			if (parent === folder) break;
			folder = parent;
		}
	}
	return result;
}

/** Lists the ecosystem-like files of one folder, PM2's default names first. */
export function listCandidates(folder: string): string[] {
	let names: string[];
	try {
		names = fs.readdirSync(folder);
	} catch {
		return [];
	}
	return names
		.filter(isEcosystemCandidateName)
		.filter(name => {
			try {
				return fs.statSync(path.join(folder, name)).isFile();
			} catch {
				return false;
			}
		})
		.sort((a, b) => candidatePriority(a) - candidatePriority(b) || compareCodeUnits(a, b))
		.map(name => path.join(folder, name));
}

/** PM2's own names always qualify; a generic `*.config.js` must at least mention `apps` and `script`. */
export function looksLikePm2Config(file: string): boolean {
	const name = path.basename(file);
	if (/^(ecosystem|pm2|process)\b/.test(name)) return true;
	try {
		const text = fs.readFileSync(file, 'utf8').slice(0, 256 * 1024);
		return /\bapps\b/.test(text) && /\bscript\b/.test(text);
	} catch {
		return false;
	}
}

// What was done through pm2-doctor (process actions, ecosystem saves and applies), one JSON object per line in
// $PM2_HOME/pm2-doctor/actions.jsonl, for the incident report. Append-only and bounded: past `maxBytes` the
// file becomes actions.1.jsonl (replacing the previous one), so the two together stay under twice that.
// Nothing is created before the first entry, and a failed write never fails the action it records.
import fs from 'node:fs';
import path from 'node:path';

export type ActionLogEntry = {
	atMs: number;
	/** restart, reload, stop, start, flush, reset, scale, signal, delete, ecosystem-save, ecosystem-apply. */
	action: string;
	/** What was acted on: an app or instance, or an ecosystem file (and its apps). */
	target: string;
	ok: boolean;
	/** The message the user saw. */
	result: string;
	/** An ecosystem save: the saved file and the backup of its previous version. */
	file?: string;
	backupPath?: string | null;
};

export type ActionsLog = {append(entry: ActionLogEntry): void};

/** Logs nothing: --read-only, and a UI mounted on its own (tests). */
export const noActionsLog: ActionsLog = {append: () => {}};

export const defaultActionsLogMaxBytes = 1024 * 1024;
/** One entry is at most this long once written: a pm2 error message can be long. */
const maxEntryBytes = 4096;

export function actionsLogPaths(pm2Home: string): {current: string; previous: string} {
	const folder = path.join(pm2Home, 'pm2-doctor');
	return {current: path.join(folder, 'actions.jsonl'), previous: path.join(folder, 'actions.1.jsonl')};
}

export function createActionsLog(pm2Home: string, options: {maxBytes?: number} = {}): ActionsLog {
	const paths = actionsLogPaths(pm2Home);
	const maxBytes = options.maxBytes ?? defaultActionsLogMaxBytes;
	return {
		append(entry) {
			try {
				fs.mkdirSync(path.dirname(paths.current), {recursive: true, mode: 0o700});
				let size = 0;
				try {
					size = fs.statSync(paths.current).size;
				} catch {
					// Not written yet.
				}
				if (size >= maxBytes) fs.renameSync(paths.current, paths.previous);
				// One write of a whole line with O_APPEND: two pm2-doctors appending at once do not interleave.
				fs.appendFileSync(paths.current, serialize(entry), {mode: 0o600});
			} catch {
				// A full disk or a read-only home: the action itself went through, only its record is lost.
			}
		},
	};
}

function serialize(entry: ActionLogEntry): string {
	const line = JSON.stringify(entry);
	if (Buffer.byteLength(line) <= maxEntryBytes) return line + '\n';
	return JSON.stringify({...entry, result: entry.result.slice(0, 1000) + '…'}) + '\n';
}

/** The entries from `fromMs` on, oldest first; lines that do not parse (a torn last write) are skipped. */
export function readActionsLog(pm2Home: string, fromMs: number): ActionLogEntry[] {
	const paths = actionsLogPaths(pm2Home);
	const entries: ActionLogEntry[] = [];
	for (const file of [paths.previous, paths.current]) {
		let text: string;
		try {
			text = fs.readFileSync(file, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n')) {
			const entry = parseEntry(line);
			if (entry && entry.atMs >= fromMs) entries.push(entry);
		}
	}
	return entries.sort((a, b) => a.atMs - b.atMs);
}

function parseEntry(line: string): ActionLogEntry | null {
	if (line.trim() === '') return null;
	try {
		const value = JSON.parse(line) as Partial<ActionLogEntry>;
		if (typeof value.atMs !== 'number' || typeof value.action !== 'string' || typeof value.target !== 'string') return null;
		return {
			atMs: value.atMs,
			action: value.action,
			target: value.target,
			ok: value.ok === true,
			result: typeof value.result === 'string' ? value.result : '',
			...(typeof value.file === 'string' ? {file: value.file} : {}),
			...(typeof value.backupPath === 'string' ? {backupPath: value.backupPath} : {}),
		};
	} catch {
		return null;
	}
}

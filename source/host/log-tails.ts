// Bounded tails of pm2.log and of every process's error log.
import fs from 'node:fs/promises';
import type {ProcessSnapshot} from '../model/types.js';
import {readFileTail} from '../logs/read-file-tail.js';
import {pm2HomePaths} from '../pm2/pm2-home.js';
import {hostReadConcurrency, mapBounded} from './bounded.js';

/** The last `lines` lines of pm2.log (bounded read). */
export async function readDaemonLogTail(pm2Home: string, lines = 3000): Promise<string[]> {
	const tail = await readFileTail(pm2HomePaths(pm2Home).daemonLogPath, {lines, maxLineBytes: 4096});
	return tail.kind === 'ok' ? tail.lines.map(l => l.text) : [];
}

export type ErrorLogTailReader = (processes: ProcessSnapshot[]) => Promise<Record<number, string[]>>;

type KnownTail = {dev: number; ino: number; sizeBytes: number; modifiedAtMs: number; lines: string[]};

/**
 * The last `lines` lines of every process's error log, by pm_id, from a reader that remembers each file's tail
 * and reads again only the files whose identity, size or modification time changed: with 1,000 processes a
 * diagnosis run opened, read and closed 1,000 mostly unchanged files; now it stats them.
 */
export function createErrorLogTailReader(options: {lines?: number; readTail?: typeof readFileTail} = {}): ErrorLogTailReader {
	const lines = options.lines ?? 60;
	const readTail = options.readTail ?? readFileTail;
	const known = new Map<string, KnownTail>();
	return async processes => {
		const result: Record<number, string[]> = {};
		const seen = new Set<string>();
		await mapBounded(processes, hostReadConcurrency, async process => {
			const file = process.errLogPath ?? process.combinedLogPath;
			if (!file || file === '/dev/null') return;
			seen.add(file);
			const stat = await fs.stat(file).catch(() => null);
			if (!stat?.isFile()) return void known.delete(file);
			const before = known.get(file);
			if (before && before.dev === stat.dev && before.ino === stat.ino && before.sizeBytes === stat.size && before.modifiedAtMs === stat.mtimeMs) {
				result[process.pmId] = before.lines;
				return;
			}
			const tail = stat.size === 0 ? null : await readTail(file, {lines, maxLineBytes: 4096});
			if (tail && tail.kind !== 'ok') return void known.delete(file);
			const text = tail ? tail.lines.map(l => l.text) : [];
			// The stat taken before the read: a file that grew meanwhile differs next time and is read again.
			known.set(file, {dev: stat.dev, ino: stat.ino, sizeBytes: stat.size, modifiedAtMs: stat.mtimeMs, lines: text});
			result[process.pmId] = text;
		});
		for (const file of known.keys()) if (!seen.has(file)) known.delete(file);
		return result;
	};
}

/** The last `lines` lines of every process's error log, by pm_id (one pass, nothing remembered). */
export function readErrorLogTails(processes: ProcessSnapshot[], lines = 60): Promise<Record<number, string[]>> {
	return createErrorLogTailReader({lines})(processes);
}

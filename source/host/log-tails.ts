// Bounded tails of pm2.log and of every process's error log.
import type {ProcessSnapshot} from '../model/types.js';
import {readFileTail} from '../logs/read-file-tail.js';
import {pm2HomePaths} from '../pm2/pm2-home.js';
import {hostReadConcurrency, mapBounded} from './bounded.js';

/** The last `lines` lines of pm2.log (bounded read). */
export async function readDaemonLogTail(pm2Home: string, lines = 3000): Promise<string[]> {
	const tail = await readFileTail(pm2HomePaths(pm2Home).daemonLogPath, {lines, maxLineBytes: 4096});
	return tail.kind === 'ok' ? tail.lines.map(l => l.text) : [];
}

/** The last `lines` lines of every process's error log, by pm_id. */
export async function readErrorLogTails(processes: ProcessSnapshot[], lines = 60): Promise<Record<number, string[]>> {
	const result: Record<number, string[]> = {};
	await mapBounded(processes, hostReadConcurrency, async process => {
		const file = process.errLogPath ?? process.combinedLogPath;
		if (!file || file === '/dev/null') return;
		const tail = await readFileTail(file, {lines, maxLineBytes: 4096});
		if (tail.kind === 'ok') result[process.pmId] = tail.lines.map(l => l.text);
	});
	return result;
}

// How often file followers look at their files. Every look of a follower begins with a stat of the path
// (source/logs/follow-file.ts), so a spy on fs.promises.stat, by path, counts the looks; the process's read
// system calls would also count whatever else the test process reads.
import type fs from 'node:fs';
import fsPromises from 'node:fs/promises';
import {vi} from 'vitest';

/** Starts counting stats of `paths`; the returned function gives the counts so far. Undone by vi.restoreAllMocks. */
export function countLooks(paths: readonly string[]): () => Map<string, number> {
	const looks = new Map(paths.map(file => [file, 0]));
	const stat = fsPromises.stat.bind(fsPromises);
	vi.spyOn(fsPromises, 'stat').mockImplementation(((file: fs.PathLike, options?: fs.StatOptions) => {
		const key = String(file);
		if (looks.has(key)) looks.set(key, looks.get(key)! + 1);
		return stat(file, options);
	}) as typeof fsPromises.stat);
	return () => new Map(looks);
}

/**
 * Looks a second at each path over a window of `windowMs`. The wait is a measuring window, not a wait for a
 * condition: the looks in it are divided by its real length (a loaded machine stretches it).
 */
export async function lookRates(looksSoFar: () => Map<string, number>, windowMs: number): Promise<{perSecond: Map<string, number>; seconds: number}> {
	const before = looksSoFar();
	const startedAtMs = Date.now();
	await new Promise(resolve => setTimeout(resolve, windowMs));
	const after = looksSoFar();
	const seconds = (Date.now() - startedAtMs) / 1000;
	return {perSecond: new Map([...after].map(([file, count]) => [file, (count - (before.get(file) ?? 0)) / seconds])), seconds};
}

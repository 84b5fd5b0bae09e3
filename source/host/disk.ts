// Free space on the file system that holds the logs.
import fs from 'node:fs/promises';
import type {DiskFact} from '../doctor/check-types.js';

export async function readDiskFact(folder: string): Promise<DiskFact | null> {
	try {
		const stats = await fs.statfs(folder);
		return {path: folder, freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize};
	} catch {
		return null;
	}
}

import fs from 'node:fs/promises';

/** Whether a path exists (any type), without throwing. */
export async function exists(file: string): Promise<boolean> {
	try {
		await fs.access(file);
		return true;
	} catch {
		return false;
	}
}

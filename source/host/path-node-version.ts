// The version of the `node` the operator's shell would run (first on PATH). Asking it is a process spawn, so it
// is asked again only when that executable changes (another file on PATH, or the same file replaced by an
// upgrade): a stat of the PATH folders per diagnosis run instead of a periodic child process.
import {execFile} from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';

let cached: {identity: string; version: Promise<string | null>} | null = null;

/** Where `node` on PATH is and which file it is (dev, inode, size, mtime), or null when there is none. */
async function nodeExecutableIdentity(env: NodeJS.ProcessEnv): Promise<string | null> {
	for (const dir of (env.PATH ?? '').split(path.delimiter)) {
		if (!dir) continue;
		const candidate = path.join(dir, 'node');
		try {
			// stat follows symbolic links: a version manager that re-points its link changes the identity.
			const stat = await fs.stat(candidate);
			if (!stat.isFile()) continue;
			await fs.access(candidate, fs.constants.X_OK);
			return `${candidate}\0${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
		} catch {
			// not here, or not executable: the shell would look further
		}
	}
	return null;
}

export async function nodeVersionOnPath(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
	const identity = await nodeExecutableIdentity(env);
	if (identity === null) return null;
	if (cached?.identity === identity) return cached.version;
	const version = new Promise<string | null>(resolve => {
		execFile('node', ['--version'], {timeout: 3000, env}, (error, stdout) => resolve(error ? null : String(stdout).trim() || null));
	});
	cached = {identity, version};
	return version;
}

// Ends every process that carries a marker in its environment. Evaluating an ecosystem file runs its code, and a
// file can start a child that leaves the loader's process group (`spawn(…, {detached: true}).unref()`, `setsid`):
// killing the group misses it. The environment is inherited across fork, exec, setsid and new groups, so the
// loader's environment gets a random token and every process still carrying it afterwards is one the loader
// started (directly or not). Processes that are not ours, or whose environment we cannot read, are never touched.
// Linux only (/proc); elsewhere the process group kill is all there is.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';

/** The environment variable that marks the loader and everything it starts. */
export const loaderMarkerName = 'PM2_DOCTOR_LOADER_TOKEN';

/** A new random marker value, one per evaluation, so two loads never end each other's processes. */
export function newLoaderToken(): string {
	return crypto.randomBytes(16).toString('hex');
}

/** Returns the pids (not our own) whose environment holds exactly `name=value`. */
export async function findMarkedProcesses(name: string, value: string): Promise<number[]> {
	let entries: string[];
	try {
		entries = await fs.readdir('/proc');
	} catch {
		return [];
	}
	const marker = Buffer.from(`${name}=${value}`);
	const found: number[] = [];
	await Promise.all(
		entries.map(async entry => {
			const pid = Number(entry);
			if (!/^\d+$/.test(entry) || pid === process.pid) return;
			try {
				const environ = await fs.readFile(`/proc/${pid}/environ`);
				let start = 0;
				for (let end = environ.indexOf(0); start < environ.length; end = environ.indexOf(0, start)) {
					const stop = end === -1 ? environ.length : end;
					if (environ.subarray(start, stop).equals(marker)) {
						found.push(pid);
						return;
					}
					start = stop + 1;
				}
			} catch {
				// Gone, or another user's process: not ours to judge.
			}
		}),
	);
	return found;
}

/**
 * Sends SIGKILL to every process marked with `token`, again until a pass finds no new one (a process may fork while
 * the sweep runs; one that got SIGKILL cannot, but may still be listed while it dies). Returns how many were
 * signalled.
 */
export async function sweepMarkedProcesses(token: string, maxPasses = 10): Promise<number> {
	const signalled = new Set<number>();
	for (let pass = 0; pass < maxPasses; pass++) {
		const fresh = (await findMarkedProcesses(loaderMarkerName, token)).filter(pid => !signalled.has(pid));
		if (fresh.length === 0) break;
		for (const pid of fresh) {
			try {
				process.kill(pid, 'SIGKILL');
				signalled.add(pid);
			} catch {
				// Already gone.
			}
		}
	}
	return signalled.size;
}

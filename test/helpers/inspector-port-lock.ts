// Node opens an inspector on SIGUSR1 at 127.0.0.1:9229, one port for the whole machine, so test files that
// open inspectors (or assert the port is closed) take turns: a lock folder in the temporary directory, with
// the owner's pid inside so that a lock left by a killed test run is taken over.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const lockDir = path.join(os.tmpdir(), 'pm2-doctor-tests-inspector-port-9229.lock');
const ownerFile = path.join(lockDir, 'owner-pid');

function ownerAlive(): boolean {
	try {
		const pid = Number(fs.readFileSync(ownerFile, 'utf8'));
		if (!Number.isInteger(pid) || pid <= 0) return false;
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: alive, another user's; anything else (no file yet, no such process): not a live owner.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Waits for the machine's inspector port to be ours; returns the release. */
export async function lockInspectorPort(timeoutMs = 14 * 60_000): Promise<() => void> {
	const deadline = Date.now() + timeoutMs;
	let emptySince: number | null = null;
	for (;;) {
		try {
			fs.mkdirSync(lockDir, {mode: 0o700});
			fs.writeFileSync(ownerFile, String(process.pid));
			return () => fs.rmSync(lockDir, {recursive: true, force: true});
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		if (ownerAlive()) emptySince = null;
		else {
			// A lock just made has no owner file for a moment: only one that stays ownerless is stale.
			emptySince ??= Date.now();
			if (Date.now() - emptySince > 2000) fs.rmSync(lockDir, {recursive: true, force: true});
		}
		if (Date.now() > deadline) throw new Error(`the inspector port lock ${lockDir} was not released within ${timeoutMs / 60_000} min`);
		await new Promise(resolve => setTimeout(resolve, 200));
	}
}

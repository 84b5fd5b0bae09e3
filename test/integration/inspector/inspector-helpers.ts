// Shared pieces of the inspector integration tests: the built CLI, and the checks that a target was left as
// it was found (same pid online, no inspector listening, not paused).
import fs from 'node:fs';
import path from 'node:path';
import {expect} from 'vitest';
import {readListeningSockets} from '../../../source/host/ports.js';
import {isPortAnswering} from '../../../source/inspector/open-inspector.js';
import {repoRoot, run, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';

export const cliPath = path.join(repoRoot, 'dist', 'source', 'bin.js');
export const inspectorPort = 9229;

export function runCli(sandbox: Pm2Sandbox, args: string[], timeoutMs = 120_000) {
	return run(process.execPath, [cliPath, ...args], {env: sandbox.env, cwd: sandbox.workDir, timeoutMs});
}

/** The process named `name` (the one with this pid when several share the name). */
export async function processOf(sandbox: Pm2Sandbox, name: string, pid?: number): Promise<{pid: number; status: string; outLog: string}> {
	const entry = (await sandbox.jlist()).find(candidate => candidate.name === name && (pid === undefined || candidate.pid === pid));
	return {pid: entry?.pid, status: entry?.pm2_env?.status, outLog: entry?.pm2_env?.pm_out_log_path};
}

/** True when `pid` holds a listening TCP socket (the apps here listen on nothing, so that is its inspector). */
export async function holdsListener(pid: number): Promise<boolean> {
	const sockets = await readListeningSockets('/proc', new Set([inspectorPort]));
	return sockets.some(socket => socket.ownerPids.includes(pid));
}

/** The target runs on under the same pid, its inspector closed, and it is not paused (its heartbeat log grows). */
export async function expectLeftAlone(sandbox: Pm2Sandbox, name: string, pid: number, options: {heartbeat?: boolean; timeoutMs?: number} = {}) {
	const after = await processOf(sandbox, name, pid);
	expect(after.pid).toBe(pid);
	expect(after.status).toBe('online');
	await waitFor(async () => !(await holdsListener(pid)) && !(await isPortAnswering(inspectorPort)), {
		timeoutMs: options.timeoutMs ?? 15_000,
		what: `the inspector of pid ${pid} to be closed`,
	});
	if (options.heartbeat !== false) {
		const size = fs.statSync(after.outLog).size;
		await waitFor(() => fs.statSync(after.outLog).size > size, {timeoutMs: 15_000, what: 'the heartbeat to go on'});
	}
}

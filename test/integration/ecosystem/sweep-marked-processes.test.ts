// The sweep ends only processes whose environment holds exactly the loader's marker with this load's token:
// not a near miss (another token, a longer value, the marker inside another variable), not unmarked processes.
import {spawn, type ChildProcess} from 'node:child_process';
import {afterEach, describe, expect, it} from 'vitest';
import {isAlive, waitFor} from '../../helpers/pm2-sandbox.js';
import {findMarkedProcesses, loaderMarkerName, newLoaderToken, sweepMarkedProcesses} from '../../../source/ecosystem/sweep-marked-processes.js';

const started: ChildProcess[] = [];
afterEach(() => {
	for (const child of started.splice(0)) if (child.pid !== undefined && isAlive(child.pid)) child.kill('SIGKILL');
});

function sleeper(env: Record<string, string>): number {
	const child = spawn('sleep', ['300'], {detached: true, stdio: 'ignore', env: {PATH: process.env.PATH ?? '/usr/bin:/bin', ...env}});
	started.push(child);
	return child.pid!;
}

describe('sweepMarkedProcesses', () => {
	it('kills the processes marked with the token and nothing else', async () => {
		const token = newLoaderToken();
		const marked = sleeper({[loaderMarkerName]: token});
		const bystanders = [
			sleeper({}),
			sleeper({[loaderMarkerName]: newLoaderToken()}),
			sleeper({[loaderMarkerName]: token + 'x'}),
			sleeper({[`X_${loaderMarkerName}`]: token}),
			sleeper({OTHER: `${loaderMarkerName}=${token}`}),
		];
		await waitFor(async () => (await findMarkedProcesses(loaderMarkerName, token)).includes(marked), {what: 'the marked process to be listed'});
		expect(await findMarkedProcesses(loaderMarkerName, token)).toEqual([marked]);
		expect(await sweepMarkedProcesses(token)).toBe(1);
		await waitFor(() => started[0]!.exitCode !== null || started[0]!.signalCode !== null, {what: 'the marked process to exit'});
		expect(started[0]!.signalCode).toBe('SIGKILL');
		expect(bystanders.map(pid => isAlive(pid))).toEqual(bystanders.map(() => true));
	});
});

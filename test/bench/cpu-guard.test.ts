// The performance regression check that npm test runs: `npm run bench -- --phases guard` (46 apps, one logging
// 5,000 lines/s, both clients at once for 20 s; about 50 s).
// pm2-doctor and `pm2 monit` follow the same busy logger at the same time, so whatever else loads the machine
// (the other test files run in parallel) loads both alike, and the limit is generous: pm2-doctor measures
// 0.13–0.16x monit's CPU on the full benchmark (docs/benchmarks.md); the check fails above 0.5x.
import {execFile} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

const benchScript = fileURLToPath(new URL('../../dist/bench/run-bench.js', import.meta.url));

type Guard = {doctorCpuPercent: number; monitCpuPercent: number; cpuRatio: number; maxCpuRatio: number; pass: boolean};

function runGuard(): Promise<{code: number; guard: Guard | null; stderr: string}> {
	const args = [benchScript, '--phases', 'guard', '--duration', '20', '--apps', '45', '--lines', '5000', '--max-cpu-ratio', '0.5', '--no-write'];
	return new Promise(resolve => {
		execFile(process.execPath, args, {encoding: 'utf8', maxBuffer: 16 * 1024 * 1024}, (error, stdout, stderr) => {
			const line = stdout.split('\n').find(text => text.startsWith('{"guard"'));
			const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
			resolve({code, guard: line ? (JSON.parse(line) as {guard: Guard}).guard : null, stderr});
		});
	});
}

describe('CPU against pm2 monit (bench guard phase)', () => {
	it('pm2-doctor uses at most half the CPU of pm2 monit with 46 apps while both follow a logger at 5,000 lines/s', async () => {
		const {code, guard, stderr} = await runGuard();
		expect(guard, stderr).not.toBeNull();
		// monit really ran and drew the flood: a dead baseline would make any ratio meaningless.
		expect(guard!.monitCpuPercent, stderr).toBeGreaterThan(3);
		expect(guard!.cpuRatio, stderr).toBeLessThanOrEqual(0.5);
		expect(code, stderr).toBe(0);
	}, 240_000);
});

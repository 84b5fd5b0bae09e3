// Starts many cheap processes (`sleep`, fork mode, interpreter none: the daemon and not Node apps is the
// limit) in a bench daemon through PM2's programmatic API, in batches, before a deadline. The API runs in
// a child process with the bench daemon's environment, so PM2's module state (it resolves PM2_HOME when
// loaded) never touches the benchmark's own process.
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type {BenchDaemon} from './pm2-sandbox.js';

const starterSource = `// Starts COUNT sleepers named PREFIX-NNNN through PM2's API, BATCH at a time; prints progress.
const [pm2Package, prefix, countText, batchText] = process.argv.slice(2);
const PM2 = require(pm2Package).custom;
const count = Number(countText);
const batch = Number(batchText);
const pm2 = new PM2({pm2_home: process.env.PM2_HOME, cwd: process.cwd()});
const name = i => prefix + '-' + String(i).padStart(4, '0');
pm2.connect(error => {
	if (error) return fail(error);
	const next = from => {
		if (from >= count) return pm2.disconnect(() => process.exit(0));
		const apps = [];
		for (let i = from; i < Math.min(count, from + batch); i++) {
			apps.push({name: name(i), script: 'sleep', args: '100000', interpreter: 'none', autorestart: false});
		}
		pm2.start({apps}, startError => {
			if (startError) return fail(startError);
			process.stdout.write('started ' + Math.min(count, from + batch) + '\\n');
			next(from + batch);
		});
	};
	next(0);
});
function fail(error) {
	process.stderr.write(String(error && error.stack ? error.stack : error) + '\\n');
	process.exit(1);
}
`;

export type StartManyOptions = {pm2Package: string; prefix: string; count: number; batch: number; deadlineMs: number; onProgress?(started: number): void};

/** Resolves when `count` processes were started (not yet necessarily online); rejects past the deadline. */
export function startSleepers(daemon: BenchDaemon, options: StartManyOptions): Promise<void> {
	const starterPath = path.join(daemon.workDir, 'start-sleepers.cjs');
	fs.writeFileSync(starterPath, starterSource);
	return new Promise((resolve, reject) => {
		const child = execFile(
			process.execPath,
			[starterPath, options.pm2Package, options.prefix, String(options.count), String(options.batch)],
			{env: daemon.env, cwd: daemon.workDir, timeout: options.deadlineMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024},
			(error, _stdout, stderr) => {
				if (error)
					reject(
						new Error(`starting ${options.count} processes failed or missed its ${options.deadlineMs} ms deadline: ${String(stderr).trim() || error.message}`),
					);
				else resolve();
			},
		);
		child.stdin?.end();
		child.stdout?.on('data', (chunk: Buffer) => {
			const started = /started (\d+)\s*$/.exec(String(chunk))?.[1];
			if (started) options.onProgress?.(Number(started));
		});
	});
}

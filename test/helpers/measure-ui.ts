// Measures the live UI against a real PM2 sandbox (not a test; no assertions):
// time from spawn to the first frame showing the processes (3 runs), then the UI process's CPU
// (from /proc/PID/stat utime+stime) and RSS over 60 s idle, and the bytes it wrote to the terminal.
// Run after `npm run build`:  npx tsx test/helpers/measure-ui.ts [cols] [rows]
import fs from 'node:fs';
import path from 'node:path';
import {createPm2Sandbox, demoAppsDir, repoRoot} from './pm2-sandbox.js';
import {spawnInPty} from './pty-screen.js';

const cols = Number(process.argv[2] ?? 100);
const rows = Number(process.argv[3] ?? 30);
const sandbox = await createPm2Sandbox('pm2doc-measure-');
try {
	for (const [file, name] of [
		['sleeper.cjs', 'a'],
		['sleeper.cjs', 'b'],
		['healthy-http.cjs', 'web'],
		['slow-leak.cjs', 'leak'],
	] as const) {
		await sandbox.pm2(['start', path.join(demoAppsDir, file), '--name', name]);
	}
	const bin = path.join(repoRoot, 'dist', 'source', 'bin.js');
	const firstFrameMs: number[] = [];
	for (let run = 0; run < 3; run++) {
		const startedAt = performance.now();
		const ui = spawnInPty(process.execPath, [bin, '--pm2-home', sandbox.home], {cols, rows});
		await ui.waitForScreen(/leak/, 20_000);
		firstFrameMs.push(Math.round(performance.now() - startedAt));
		if (run === 2) {
			const cpuTicks = () => {
				const fields = fs.readFileSync(`/proc/${ui.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
				return Number(fields[11]) + Number(fields[12]);
			};
			const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${ui.pid}/status`, 'utf8'))![1]) / 1024;
			const ticks0 = cpuTicks();
			const bytes0 = ui.output().length;
			const wall0 = performance.now();
			await new Promise(resolve => setTimeout(resolve, 60_000));
			const seconds = (performance.now() - wall0) / 1000;
			const cpuPercent = ((cpuTicks() - ticks0) / 100 / seconds) * 100;
			console.log(
				`UI idle over ${seconds.toFixed(0)} s: CPU ${cpuPercent.toFixed(2)} % of one core, RSS ${rssMb().toFixed(0)} MB, ` +
					`${((ui.output().length - bytes0) / seconds / 1024).toFixed(2)} KB/s to the terminal`,
			);
		}
		ui.press('q');
		await ui.exit;
	}
	console.log(`time to first frame (ms), ${cols}x${rows}: ${firstFrameMs.join(', ')}`);
} finally {
	await sandbox.destroy();
}

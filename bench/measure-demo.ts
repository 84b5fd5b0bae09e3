// Time to first frame and steady CPU of the UI on the demo's apps .
// Run: npm run build && node dist/bench/measure-demo.js [seconds] [cols] [rows]
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import xterm from '@xterm/headless';
import pty from 'node-pty';
import {demoEcosystem} from '../source/demo/run-demo.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pm2Bin = path.join(packageRoot, 'node_modules', 'pm2', 'bin', 'pm2');
const seconds = Number(process.argv[2] ?? 60);
const cols = Number(process.argv[3] ?? 120);
const rows = Number(process.argv[4] ?? 40);
const clockTicksPerSecond = 100;

function cpuTicks(pid: number): number {
	const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	return Number(fields[11]) + Number(fields[12]); // utime + stime
}

function rssBytes(pid: number): number {
	const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
	return match ? Number(match[1]) * 1024 : 0;
}

async function main() {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-measure-demo-'));
	const home = path.join(root, 'home');
	const appsCopy = path.join(root, 'app', 'apps');
	fs.cpSync(path.join(packageRoot, 'source', 'demo', 'apps'), appsCopy, {recursive: true});
	fs.writeFileSync(path.join(root, 'app', 'package.json'), '{"private": true}');
	fs.writeFileSync(path.join(root, 'app', 'ecosystem.config.js'), demoEcosystem(appsCopy));
	const env: Record<string, string> = {...(process.env as Record<string, string>), PM2_HOME: home, TERM: 'xterm-256color'};
	delete env.CI;
	delete env.CONTINUOUS_INTEGRATION;
	let ui: pty.IPty | null = null;
	try {
		spawnSync(process.execPath, [pm2Bin, 'start', 'ecosystem.config.js'], {env, cwd: path.join(root, 'app'), stdio: 'ignore'});
		const jlistStartedAt = performance.now();
		spawnSync(process.execPath, [pm2Bin, 'jlist'], {env, stdio: 'ignore'});
		const jlistMs = performance.now() - jlistStartedAt;

		const terminal = new xterm.Terminal({cols, rows, allowProposedApi: true});
		const spawnedAt = performance.now();
		let firstFrameMs: number | null = null;
		ui = pty.spawn(process.execPath, [path.join(packageRoot, 'dist', 'source', 'bin.js'), '--pm2-home', home], {name: 'xterm-256color', cols, rows, env});
		ui.onData(data =>
			terminal.write(data, () => {
				if (firstFrameMs !== null) return;
				const buffer = terminal.buffer.active;
				for (let row = 0; row < rows; row++) {
					if (/access-log/.test(buffer.getLine(row)?.translateToString(true) ?? '')) {
						firstFrameMs = performance.now() - spawnedAt;
						return;
					}
				}
			}),
		);
		while (firstFrameMs === null && performance.now() - spawnedAt < 30_000) await new Promise(r => setTimeout(r, 20));
		await new Promise(r => setTimeout(r, 3000)); // past start-up
		const ticksBefore = cpuTicks(ui.pid);
		const startedAt = performance.now();
		await new Promise(r => setTimeout(r, seconds * 1000));
		const cpuPercent = ((cpuTicks(ui.pid) - ticksBefore) / clockTicksPerSecond / ((performance.now() - startedAt) / 1000)) * 100;
		console.log(`| figure | value |`);
		console.log(`|---|---|`);
		console.log(`| time to first frame with process data | ${Math.round(firstFrameMs ?? -1)} ms |`);
		console.log(`| \`pm2 jlist\` wall, same run | ${Math.round(jlistMs)} ms |`);
		console.log(`| pm2-doctor CPU over ${seconds} s (from /proc) | ${cpuPercent.toFixed(1)} % of one core |`);
		console.log(`| pm2-doctor RSS at the end | ${(rssBytes(ui.pid) / 1024 / 1024).toFixed(0)} MiB |`);
		console.log(`\n${cols}x${rows}, demo apps (6), node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}`);
	} finally {
		ui?.kill('SIGTERM');
		spawnSync(process.execPath, [pm2Bin, 'kill'], {env, stdio: 'ignore'});
		fs.rmSync(root, {recursive: true, force: true});
	}
}

await main();

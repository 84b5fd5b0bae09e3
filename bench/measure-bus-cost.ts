// Measures what subscribing to PM2's bus costs a client while one app logs fast, versus
// following pm2.log, to back the store's choice (docs/architecture.md, "Process events").
// Run: npm run build && node dist/bench/measure-bus-cost.js [linesPerSecond] [seconds]
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import axon from 'pm2/modules/pm2-axon/index.js';
import {followDaemonLog} from '../source/services/store/follow-daemon-log.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pm2Bin = path.join(packageRoot, 'node_modules', 'pm2', 'bin', 'pm2');
const linesPerSecond = Number(process.argv[2] ?? 5000);
const seconds = Number(process.argv[3] ?? 20);

function cpuMs(): number {
	const usage = process.cpuUsage();
	return (usage.user + usage.system) / 1000;
}

async function measure(label: string, attach: () => () => void): Promise<{label: string; cpuPercent: number; events: number}> {
	let events = 0;
	const detach = attach();
	const before = cpuMs();
	const startedAt = Date.now();
	counter = () => events++;
	await new Promise(resolve => setTimeout(resolve, seconds * 1000));
	const cpuPercent = ((cpuMs() - before) / (Date.now() - startedAt)) * 100;
	detach();
	counter = () => {};
	return {label, cpuPercent, events};
}

let counter: () => void = () => {};

async function main() {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-buscost-'));
	const home = path.join(root, 'home');
	const env = {...process.env, PM2_HOME: home, LINES_PER_SECOND: String(linesPerSecond)};
	try {
		spawnSync(process.execPath, [pm2Bin, 'start', path.join(packageRoot, 'source/demo/apps/noisy-logger.cjs'), '--name', 'noisy'], {env, stdio: 'ignore'});
		await new Promise(resolve => setTimeout(resolve, 2000));
		const results = [];
		results.push(await measure('no subscription (baseline)', () => () => {}));
		results.push(
			await measure('bus subscriber (sub-emitter on pub.sock)', () => {
				const sub = axon.socket('sub-emitter');
				sub.connect(path.join(home, 'pub.sock'));
				sub.on('*', () => counter());
				return () => sub.close();
			}),
		);
		results.push(
			await measure('pm2.log follower', () => {
				const follower = followDaemonLog(home, lines => {
					for (const _ of lines) counter();
				});
				return () => follower.close();
			}),
		);
		console.log(`| client | CPU % of one core | events or lines received |`);
		console.log(`|---|---|---|`);
		for (const r of results) console.log(`| ${r.label} | ${r.cpuPercent.toFixed(1)} | ${r.events} |`);
		console.log(`\n${linesPerSecond} lines/s from one app, ${seconds} s per window, node ${process.version}, ${os.cpus().length} cores`);
	} finally {
		spawnSync(process.execPath, [pm2Bin, 'kill'], {env, stdio: 'ignore'});
		fs.rmSync(root, {recursive: true, force: true});
	}
}

await main();

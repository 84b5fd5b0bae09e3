// The recorder's own cost: `pm2-doctor record` (5 s interval, checks every 30 s after the first minute, SQLite
// writes) beside N apps, CPU of its process tree over a steady window and its largest RSS. Budget: ≤ 0.5 % of one
// core and ≤ 60 MB RSS with 50 apps. The history it wrote is reported too (bytes per interval).
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type {BenchDaemon} from './pm2-sandbox.js';
import {cpuPercentOfOneCore, sampleTree, type TreeSample} from './proc-stat.js';
import type {Row} from './report.js';

export type RecorderCost = {apps: number; windowS: number; cpuPercent: number; rssMaxBytes: number; databaseBytes: number; intervals: number};

/** Past the recorder's first minute, whose checks run every 10 s instead of 30 s. */
const warmupMs = 65_000;

export async function measureRecorderCost(daemon: BenchDaemon, cliPath: string, options: {apps: number; windowS: number}): Promise<RecorderCost> {
	const child = spawn(process.execPath, [cliPath, 'record'], {env: daemon.env, stdio: 'ignore'});
	const pid = child.pid;
	if (pid === undefined) throw new Error('recorder cost: the recorder did not start');
	let rssMaxBytes = 0;
	const sampleRss = () => {
		const sample = sampleTree(pid);
		if (sample) rssMaxBytes = Math.max(rssMaxBytes, sample.rssBytes);
		return sample;
	};
	const rssTimer = setInterval(sampleRss, 1000);
	try {
		await sleep(warmupMs);
		const start: TreeSample | null = sampleRss();
		await sleep(options.windowS * 1000);
		const end: TreeSample | null = sampleRss();
		if (!start || !end) throw new Error('recorder cost: the recorder exited during the measurement');
		const databasePath = path.join(daemon.home, 'pm2-doctor', 'history.sqlite');
		const databaseBytes = fileSize(databasePath) + fileSize(`${databasePath}-wal`);
		return {
			apps: options.apps,
			windowS: options.windowS,
			cpuPercent: cpuPercentOfOneCore(start, end),
			rssMaxBytes,
			databaseBytes,
			intervals: Math.round((warmupMs + options.windowS * 1000) / 5000),
		};
	} finally {
		clearInterval(rssTimer);
		child.kill('SIGKILL');
	}
}

export function recorderCostRows(cost: RecorderCost): Row[] {
	const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
	const pass = cost.cpuPercent <= 0.5 && cost.rssMaxBytes <= 60 * 1024 * 1024;
	return [
		{
			figure: `Recorder beside ${cost.apps} apps (${cost.windowS} s after its first minute): CPU % of one core, RSS max MB`,
			doctor: `${cost.cpuPercent.toFixed(2)} %, ${mb(cost.rssMaxBytes)} MB`,
			baseline: '—',
			ratio: '—',
			budget: '≤ 0.5 %, ≤ 60 MB',
			verdict: pass ? 'pass' : 'MISS',
		},
		{
			figure: `Recorder history written (${cost.apps} apps, ~${cost.intervals} intervals), KB per interval (info)`,
			doctor: (cost.databaseBytes / 1024 / Math.max(1, cost.intervals)).toFixed(1),
			baseline: '—',
			ratio: '—',
			budget: 'info',
			verdict: 'info',
		},
	];
}

function fileSize(file: string): number {
	try {
		return fs.statSync(file).size;
	} catch {
		return 0;
	}
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

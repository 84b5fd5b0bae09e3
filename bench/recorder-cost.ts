// The recorder's own cost beside N apps: CPU of its process tree over a steady window (after its first minute,
// whose checks run every 10 s instead of 30 s) and its largest RSS, both as `pm2-doctor record` runs in the
// foreground and as `record --install` runs it under PM2 (the way it runs for weeks). Budget: ≤ 0.5 % of one core
// and ≤ 60 MB RSS with 50 apps. The history it wrote is reported too (bytes per interval), and the database's size
// after a simulated week of 50 processes against the default 100 MB cap (test/helpers/simulated-week.ts).
// Both run at once, and with another build (--beside CLI) that build's foreground recorder too, each foreground one
// in a PM2_HOME of its own that shares the daemon's sockets and logs (so each writes its own database): the
// figures come from the same minutes of the same loaded machine.
import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type {BenchDaemon} from './pm2-sandbox.js';
import {cpuPercentOfOneCore, sampleTree, type TreeSample} from './proc-stat.js';
import type {Row} from './report.js';
import {defaultRetention} from '../source/model/history-retention.js';
import {writeSimulatedWeek} from '../test/helpers/simulated-week.js';

export type RecorderRun = {label: string; cpuPercent: number; rssMaxBytes: number; databaseBytes: number};

/** The history database after a simulated week (written quickly through the recorder's writer and retention). */
export type SimulatedWeekSize = {processes: number; sizeBytes: number; seconds: number};

export type RecorderCost = {
	apps: number;
	windowS: number;
	intervals: number;
	runs: RecorderRun[];
	loadAverages: string[];
	week: SimulatedWeekSize;
};

/** Past the recorder's first minute, whose checks run every 10 s instead of 30 s. */
const warmupMs = 65_000;
const recorderAppName = 'pm2-doctor-recorder';

type Measured = {label: string; pid: () => number | null; home: string};

export async function measureRecorderCost(
	daemon: BenchDaemon,
	cliPath: string,
	options: {apps: number; windowS: number; besideCli?: string | null},
): Promise<RecorderCost> {
	const loadAverages: string[] = [loadAverage()];
	const children: ChildProcess[] = [];
	const foreground = (cli: string, home: string): Measured => {
		const child = spawn(process.execPath, [cli, 'record'], {env: {...daemon.env, PM2_HOME: home}, stdio: 'ignore'});
		children.push(child);
		return {label: '', pid: () => child.pid ?? null, home};
	};
	// All at once, over the same minutes of the same machine: the installed recorder writes the daemon's home,
	// each foreground one a home of its own linked to the daemon's sockets (each leaves the installed one out
	// of what it records, by its name).
	const installed = await runCli(daemon, cliPath, ['record', '--install']);
	if (installed.code !== 0) throw new Error(`recorder cost: record --install failed: ${installed.output}`);
	let runs: RecorderRun[];
	try {
		const list = await daemon.pm2(['jlist']);
		const installedPid = (JSON.parse(list.stdout) as Array<{name: string; pid: number}>).find(app => app.name === recorderAppName)?.pid ?? null;
		if (!installedPid) throw new Error('recorder cost: the installed recorder is not running');
		const measured: Measured[] = [
			{label: 'installed (record --install)', pid: () => installedPid, home: daemon.home},
			{...foreground(cliPath, mirrorHome(daemon, 'foreground-home')), label: 'foreground'},
		];
		if (options.besideCli)
			measured.push({...foreground(options.besideCli, mirrorHome(daemon, 'beside-home')), label: `foreground, beside: ${options.besideCli}`});
		runs = await measureWindow(measured, options.windowS);
	} finally {
		for (const child of children) child.kill('SIGKILL');
		await runCli(daemon, cliPath, ['record', '--uninstall']);
	}
	loadAverages.push(loadAverage());
	fs.rmSync(path.join(daemon.home, 'pm2-doctor'), {recursive: true, force: true});
	const weekFolder = fs.mkdtempSync(path.join(daemon.root, 'week-'));
	let week: SimulatedWeekSize;
	try {
		const written = writeSimulatedWeek(path.join(weekFolder, 'history.sqlite'), {processCount: options.apps});
		written.writer.close();
		week = {processes: options.apps, sizeBytes: written.sizeBytes, seconds: written.seconds};
	} finally {
		fs.rmSync(weekFolder, {recursive: true, force: true});
	}
	return {apps: options.apps, windowS: options.windowS, intervals: Math.round((warmupMs + options.windowS * 1000) / 5000), runs, loadAverages, week};
}

/** Measures the recorders at once: CPU over the window after the warm-up, RSS max sampled every second. */
async function measureWindow(measured: Measured[], windowS: number): Promise<RecorderRun[]> {
	const rssMax = measured.map(() => 0);
	const sample = (index: number): TreeSample | null => {
		const pid = measured[index]!.pid();
		const tree = pid === null ? null : sampleTree(pid);
		if (tree) rssMax[index] = Math.max(rssMax[index]!, tree.rssBytes);
		return tree;
	};
	const rssTimer = setInterval(() => measured.forEach((_, index) => sample(index)), 1000);
	try {
		await sleep(warmupMs);
		const starts = measured.map((_, index) => sample(index));
		await sleep(windowS * 1000);
		const ends = measured.map((_, index) => sample(index));
		return measured.map((recorder, index) => {
			const start = starts[index];
			const end = ends[index];
			if (!start || !end) throw new Error(`recorder cost: the recorder (${recorder.label}) exited during the measurement`);
			const databasePath = path.join(recorder.home, 'pm2-doctor', 'history.sqlite');
			return {
				label: recorder.label,
				cpuPercent: cpuPercentOfOneCore(start, end),
				rssMaxBytes: rssMax[index]!,
				databaseBytes: fileSize(databasePath) + fileSize(`${databasePath}-wal`),
			};
		});
	} finally {
		clearInterval(rssTimer);
	}
}

/** Another PM2_HOME for the same daemon: its sockets, pid file and logs linked, its own pm2-doctor folder. */
function mirrorHome(daemon: BenchDaemon, name: string): string {
	const home = path.join(daemon.root, name);
	fs.mkdirSync(home, {recursive: true});
	for (const name of ['rpc.sock', 'pub.sock', 'pm2.pid', 'pm2.log', 'logs', 'pids']) {
		const link = path.join(home, name);
		fs.rmSync(link, {force: true});
		fs.symlinkSync(path.join(daemon.home, name), link);
	}
	return home;
}

function runCli(daemon: BenchDaemon, cliPath: string, args: string[]): Promise<{code: number; output: string}> {
	return new Promise(resolve => {
		const child = spawn(process.execPath, [cliPath, ...args], {env: daemon.env, stdio: ['ignore', 'pipe', 'pipe']});
		let output = '';
		child.stdout.on('data', chunk => (output += chunk));
		child.stderr.on('data', chunk => (output += chunk));
		child.on('close', code => resolve({code: code ?? 1, output}));
	});
}

export function recorderCostRows(cost: RecorderCost): Row[] {
	const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
	const rows: Row[] = cost.runs.map(run => {
		const pass = run.cpuPercent <= 0.5 && run.rssMaxBytes <= 60 * 1024 * 1024;
		return {
			figure: `Recorder beside ${cost.apps} apps, ${run.label} (${cost.windowS} s after its first minute; load average ${cost.loadAverages.join(' → ')}): CPU % of one core, RSS max MB`,
			doctor: `${run.cpuPercent.toFixed(2)} %, ${mb(run.rssMaxBytes)} MB`,
			baseline: '—',
			ratio: '—',
			budget: '≤ 0.5 %, ≤ 60 MB',
			verdict: pass ? 'pass' : 'MISS',
		};
	});
	const first = cost.runs.find(run => run.label === 'foreground') ?? cost.runs[0];
	if (first) {
		rows.push({
			figure: `Recorder history written (${cost.apps} apps, ~${cost.intervals} intervals, foreground), KB per interval (info)`,
			doctor: (first.databaseBytes / 1024 / Math.max(1, cost.intervals)).toFixed(1),
			baseline: '—',
			ratio: '—',
			budget: 'info',
			verdict: 'info',
		});
	}
	const capBytes = defaultRetention.maxBytes;
	rows.push({
		figure: `Recorder history after a simulated week of ${cost.week.processes} processes (6 h of 5 s samples, then minutes; written in ${cost.week.seconds.toFixed(0)} s), MB`,
		doctor: mb(cost.week.sizeBytes),
		baseline: '—',
		ratio: '—',
		budget: `≤ ${mb(capBytes)} MB (the default cap)`,
		verdict: cost.week.sizeBytes <= capBytes ? 'pass' : 'MISS',
	});
	return rows;
}

function loadAverage(): string {
	try {
		return fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]!;
	} catch {
		return '?';
	}
}

function fileSize(file: string): number {
	try {
		return fs.statSync(file).size;
	} catch {
		return 0;
	}
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

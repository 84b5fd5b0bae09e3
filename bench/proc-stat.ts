// CPU ticks and RSS of processes from /proc (Linux only), for the benchmark.
// CPU is counted as utime+stime+cutime+cstime, so a child that exits between two samples
// moves from "its own ticks" to "its parent's cutime" and is never lost or counted twice.
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';

export type ProcStat = {pid: number; ppid: number; pgid: number; ticks: number; ownTicks: number; rssBytes: number};

const pageSizeBytes = readConf('PAGESIZE', 4096);
/** Kernel clock ticks per second (USER_HZ), almost always 100. */
export const ticksPerSecond = readConf('CLK_TCK', 100);

function readConf(name: string, fallback: number): number {
	try {
		const value = Number(execFileSync('getconf', [name], {encoding: 'utf8'}).trim());
		return Number.isFinite(value) && value > 0 ? value : fallback;
	} catch {
		return fallback;
	}
}

/** Parses /proc/PID/stat; null when the process is gone. */
export function readProcStat(pid: number): ProcStat | null {
	let text: string;
	try {
		text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	} catch {
		return null;
	}
	// The command name (field 2) may contain spaces and parentheses: split after the last ')'.
	const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
	// fields[0] is field 3 (state): field N is fields[N - 3].
	const num = (field: number) => Number(fields[field - 3]);
	const ownTicks = num(14) + num(15);
	return {
		pid,
		ppid: num(4),
		pgid: num(5),
		ownTicks,
		ticks: ownTicks + num(16) + num(17),
		rssBytes: num(24) * pageSizeBytes,
	};
}

function allPids(): number[] {
	return fs
		.readdirSync('/proc')
		.filter(name => /^\d+$/.test(name))
		.map(Number);
}

/** The process and all its live descendants. */
export function readProcessTree(rootPid: number): ProcStat[] {
	const stats = allPids()
		.map(readProcStat)
		.filter((stat): stat is ProcStat => stat !== null);
	const childrenOf = new Map<number, ProcStat[]>();
	for (const stat of stats) {
		const siblings = childrenOf.get(stat.ppid) ?? [];
		siblings.push(stat);
		childrenOf.set(stat.ppid, siblings);
	}
	const root = stats.find(stat => stat.pid === rootPid);
	if (!root) return [];
	const tree: ProcStat[] = [];
	const queue = [root];
	while (queue.length > 0) {
		const next = queue.shift()!;
		tree.push(next);
		queue.push(...(childrenOf.get(next.pid) ?? []));
	}
	return tree;
}

export type TreeSample = {atMs: number; ticks: number; rssBytes: number; processCount: number};

/** Total CPU ticks and RSS of a process and its descendants; null when the root is gone. */
export function sampleTree(rootPid: number): TreeSample | null {
	const tree = readProcessTree(rootPid);
	if (tree.length === 0) return null;
	return {
		atMs: performance.now(),
		ticks: tree.reduce((sum, stat) => sum + stat.ticks, 0),
		rssBytes: tree.reduce((sum, stat) => sum + stat.rssBytes, 0),
		processCount: tree.length,
	};
}

/** Own CPU ticks and RSS of one process only (the PM2 daemon: its apps are not its cost). */
export function sampleProcess(pid: number): TreeSample | null {
	const stat = readProcStat(pid);
	if (!stat) return null;
	return {atMs: performance.now(), ticks: stat.ownTicks, rssBytes: stat.rssBytes, processCount: 1};
}

/** CPU between two samples, in percent of one core. */
export function cpuPercentOfOneCore(start: TreeSample, end: TreeSample): number {
	const seconds = (end.atMs - start.atMs) / 1000;
	if (seconds <= 0) return 0;
	return ((end.ticks - start.ticks) / ticksPerSecond / seconds) * 100;
}

/** Pids of live processes whose environment has NAME=VALUE (how the cleanup finds what it started). */
export function pidsWithEnvironment(name: string, value: string): number[] {
	const needle = `${name}=${value}\0`;
	const found: number[] = [];
	for (const pid of allPids()) {
		if (pid === process.pid) continue;
		try {
			const environ = fs.readFileSync(`/proc/${pid}/environ`, 'latin1') + '\0';
			if (environ.startsWith(needle) || environ.includes('\0' + needle)) found.push(pid);
		} catch {
			// gone or not ours
		}
	}
	return found;
}

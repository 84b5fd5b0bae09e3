// The doctor's I/O edge: reads /proc, the PM2 home and the file system into HostFacts.
// Everything here is best effort: an unreadable file gives an empty/unknown fact, never an exception,
// because a doctor that crashes on a permission error on someone else's pid diagnoses nothing.
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import os from 'node:os';
import type {ProcessSnapshot} from '../model/types.js';
import {parseDaemonTitle, findPm2Daemons} from '../pm2/find-other-daemons.js';
import {pm2HomePaths} from '../pm2/pm2-home.js';
import {readDaemonPid} from '../pm2/probe-daemon.js';
import {readFileTail} from '../logs/read-file-tail.js';
import type {
	DaemonFact,
	DiskFact,
	DumpFact,
	HostFacts,
	ListeningSocket,
	LogFileFact,
	LogStream,
	LogrotateFact,
	PidInfo,
	StartupUnit,
} from './check-types.js';

export type HostFactsOptions = {
	pm2Home: string;
	/** The latest list; log paths, pids and scripts come from it. */
	processes: ProcessSnapshot[];
	/** The log-size sample taken earlier (e.g. at the start of `--sample`), for growth rates. */
	previousLogSample?: LogSizeSample | null;
	procRoot?: string;
	/** Folders searched for boot units; defaults to the systemd/init/launchd locations. */
	startupUnitDirs?: string[];
	/** package.json of the pm2 the operator's CLI uses; default: `pm2` on PATH, else the one bundled with pm2-doctor. */
	installedPm2PackageJson?: string;
	/** Whether to run `node --version` from PATH (skipped in unit tests). Default true. */
	probePathNode?: boolean;
	/** The daemon log tail, to read the daemon's Node version from its start banner. */
	daemonLogLines?: readonly string[];
};

/** Sizes of log files at one moment, to compute growth between two moments. */
export type LogSizeSample = {atMs: number; sizes: Record<string, number>; modifiedAtMs?: Record<string, number>};

type LogTarget = {path: string; stream: LogStream; pmId: number | null; process: string | null};

/** The log files the doctor watches: every app's out/err/combined file plus pm2.log. */
export function logTargets(pm2Home: string, processes: ProcessSnapshot[]): LogTarget[] {
	const seen = new Set<string>();
	const targets: LogTarget[] = [];
	const add = (file: string | null, stream: LogStream, process: ProcessSnapshot | null) => {
		if (!file || file === '/dev/null' || file.toUpperCase() === 'NULL' || seen.has(file)) return;
		seen.add(file);
		targets.push({path: file, stream, pmId: process?.pmId ?? null, process: process?.name ?? null});
	};
	for (const process of processes) {
		add(process.outLogPath, 'out', process);
		add(process.errLogPath, 'err', process);
		add(process.combinedLogPath, 'combined', process);
	}
	add(pm2HomePaths(pm2Home).daemonLogPath, 'daemon', null);
	return targets;
}

/** Stats every log file now. */
export function sampleLogSizes(pm2Home: string, processes: ProcessSnapshot[], nowMs = Date.now()): LogSizeSample {
	const sizes: Record<string, number> = {};
	const modifiedAtMs: Record<string, number> = {};
	for (const target of logTargets(pm2Home, processes)) {
		try {
			const stat = fs.statSync(target.path);
			sizes[target.path] = stat.size;
			modifiedAtMs[target.path] = stat.mtimeMs;
		} catch {
			// missing file: no size
		}
	}
	return {atMs: nowMs, sizes, modifiedAtMs};
}

/** Sizes now, with growth against an earlier sample (null when there is none or the file shrank). */
export function logFileFacts(pm2Home: string, processes: ProcessSnapshot[], current: LogSizeSample, previous: LogSizeSample | null): LogFileFact[] {
	const facts: LogFileFact[] = [];
	for (const target of logTargets(pm2Home, processes)) {
		const size = current.sizes[target.path];
		if (size === undefined) continue;
		const before = previous?.sizes[target.path];
		const seconds = previous ? (current.atMs - previous.atMs) / 1000 : 0;
		const growth = before !== undefined && seconds > 0 && size >= before ? (size - before) / seconds : null;
		facts.push({...target, sizeBytes: size, growthBytesPerSecond: growth, modifiedAtMs: current.modifiedAtMs?.[target.path] ?? null});
	}
	return facts;
}

// ---- listening sockets -------------------------------------------------------------------

/** Parses /proc/net/tcp or tcp6 text: LISTEN (state 0A) sockets with port, address and inode. */
export function parseProcNetTcp(text: string, isV6: boolean): Array<Omit<ListeningSocket, 'ownerPids'>> {
	const sockets: Array<Omit<ListeningSocket, 'ownerPids'>> = [];
	for (const line of text.split('\n').slice(1)) {
		const fields = line.trim().split(/\s+/);
		if (fields.length < 10 || fields[3] !== '0A') continue;
		const [addressHex, portHex] = fields[1]!.split(':');
		if (!addressHex || !portHex) continue;
		sockets.push({port: Number.parseInt(portHex, 16), address: decodeAddress(addressHex, isV6), inode: Number(fields[9])});
	}
	return sockets;
}

function decodeAddress(hex: string, isV6: boolean): string {
	// The kernel prints each 32-bit word in host (little-endian) order.
	const words = hex.match(/.{8}/g) ?? [];
	const bytes = words.flatMap(word => (word.match(/../g) ?? []).reverse().map(b => Number.parseInt(b, 16)));
	if (!isV6) return bytes.join('.');
	if (bytes.slice(0, 10).every(b => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12).join('.');
	if (bytes.every(b => b === 0)) return '::';
	const groups: string[] = [];
	for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
	return groups.join(':');
}

/** LISTEN sockets on TCP v4 and v6 with the pids whose fds hold them. */
export function readListeningSockets(procRoot = '/proc'): ListeningSocket[] {
	const sockets: Array<Omit<ListeningSocket, 'ownerPids'>> = [];
	for (const [file, isV6] of [
		['net/tcp', false],
		['net/tcp6', true],
	] as const) {
		try {
			sockets.push(...parseProcNetTcp(fs.readFileSync(path.join(procRoot, file), 'utf8'), isV6));
		} catch {
			// no IPv6, or no /proc
		}
	}
	const owners = socketOwners(
		new Set(sockets.map(s => s.inode).filter(inode => inode > 0)),
		procRoot,
	);
	return sockets.map(s => ({...s, ownerPids: owners.get(s.inode) ?? []}));
}

/** Maps socket inodes to the pids holding them, from /proc/<pid>/fd links "socket:[inode]". */
function socketOwners(inodes: Set<number>, procRoot: string): Map<number, number[]> {
	const owners = new Map<number, number[]>();
	if (inodes.size === 0) return owners;
	for (const pid of listPids(procRoot)) {
		let fds: string[];
		try {
			fds = fs.readdirSync(path.join(procRoot, String(pid), 'fd'));
		} catch {
			continue; // another user's process, or gone
		}
		for (const fd of fds) {
			let link: string;
			try {
				link = fs.readlinkSync(path.join(procRoot, String(pid), 'fd', fd));
			} catch {
				continue;
			}
			const match = /^socket:\[(\d+)\]$/.exec(link);
			if (!match) continue;
			const inode = Number(match[1]);
			if (!inodes.has(inode)) continue;
			const list = owners.get(inode) ?? [];
			if (!list.includes(pid)) list.push(pid);
			owners.set(inode, list);
		}
	}
	return owners;
}

function listPids(procRoot: string): number[] {
	try {
		return fs
			.readdirSync(procRoot)
			.filter(entry => /^\d+$/.test(entry))
			.map(Number);
	} catch {
		return [];
	}
}

/** Command line and PM2 identity (from the environment PM2 exports to its children) of a pid. */
export function readPidInfo(pid: number, procRoot = '/proc'): PidInfo | null {
	let commandLine: string;
	try {
		commandLine = fs.readFileSync(path.join(procRoot, String(pid), 'cmdline'), 'utf8').split('\0').filter(Boolean).join(' ');
	} catch {
		return null;
	}
	let pm2Home: string | null = null;
	let pm2PmId: number | null = null;
	let pm2Name: string | null = null;
	try {
		for (const entry of fs.readFileSync(path.join(procRoot, String(pid), 'environ'), 'utf8').split('\0')) {
			const eq = entry.indexOf('=');
			if (eq < 0) continue;
			const key = entry.slice(0, eq);
			const value = entry.slice(eq + 1);
			if (key === 'PM2_HOME') pm2Home = value;
			else if (key === 'pm_id' && /^\d+$/.test(value)) pm2PmId = Number(value);
			else if (key === 'name') pm2Name = value;
		}
	} catch {
		// environ is readable only for our own processes (or as root)
	}
	return {pid, commandLine, pm2Home, pm2PmId, pm2Name};
}

// ---- disk, logrotate, startup, dump --------------------------------------------------------

export function readDiskFact(folder: string): DiskFact | null {
	try {
		const stats = fs.statfsSync(folder);
		return {path: folder, freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize};
	} catch {
		return null;
	}
}

export function readLogrotateFact(pm2Home: string, processes: ProcessSnapshot[], logrotateDir = '/etc/logrotate.d'): LogrotateFact {
	const moduleProcess = processes.find(p => p.name === 'pm2-logrotate');
	const moduleDirExists = fs.existsSync(path.join(pm2Home, 'modules', 'pm2-logrotate'));
	let settings: Record<string, string> = {};
	try {
		const conf = JSON.parse(fs.readFileSync(pm2HomePaths(pm2Home).moduleConfPath, 'utf8')) as Record<string, unknown>;
		const own = conf['pm2-logrotate'];
		if (own && typeof own === 'object') settings = Object.fromEntries(Object.entries(own).map(([k, v]) => [k, String(v)]));
	} catch {
		// no module_conf.json
	}
	const systemLogrotateFiles: string[] = [];
	try {
		for (const entry of fs.readdirSync(logrotateDir)) {
			const file = path.join(logrotateDir, entry);
			try {
				if (fs.readFileSync(file, 'utf8').includes(pm2Home)) systemLogrotateFiles.push(file);
			} catch {
				// unreadable
			}
		}
	} catch {
		// no logrotate.d
	}
	return {installed: moduleDirExists || moduleProcess !== undefined, moduleStatus: moduleProcess?.status ?? null, settings, systemLogrotateFiles};
}

export function defaultStartupUnitDirs(homeDir = os.homedir()): string[] {
	return [
		'/etc/systemd/system',
		'/lib/systemd/system',
		'/usr/lib/systemd/system',
		path.join(homeDir, '.config', 'systemd', 'user'),
		'/etc/init.d',
		'/etc/rc.d',
		path.join(homeDir, 'Library', 'LaunchAgents'),
	];
}

/** Parses a systemd unit / init script written by `pm2 startup` for PM2_HOME and the executable it runs. */
export function parseStartupUnit(file: string, text: string): StartupUnit {
	const home = /(?:Environment=|export\s+)"?PM2_HOME=([^\s"]+)"?/.exec(text)?.[1] ?? /<key>PM2_HOME<\/key>\s*<string>([^<]+)<\/string>/.exec(text)?.[1] ?? null;
	const exec = /^ExecStart=(\S+)/m.exec(text)?.[1] ?? /^PM2=(\S+)/m.exec(text)?.[1] ?? null;
	return {path: file, pm2Home: home, execPath: exec, execPathExists: exec === null ? null : fs.existsSync(exec)};
}

export function readStartupUnits(dirs: string[]): StartupUnit[] {
	const units: StartupUnit[] = [];
	for (const dir of dirs) {
		let entries: string[];
		try {
			entries = fs.readdirSync(dir);
		} catch {
			continue;
		}
		for (const entry of entries) {
			if (!/^pm2([-.].*)?$/.test(entry) && !/^pm2-.*\.service$/.test(entry)) continue;
			const file = path.join(dir, entry);
			try {
				units.push(parseStartupUnit(file, fs.readFileSync(file, 'utf8')));
			} catch {
				units.push({path: file, pm2Home: null, execPath: null, execPathExists: null});
			}
		}
	}
	return units;
}

/** Parses dump.pm2 (a JSON array of pm2_env objects). */
export function parseDump(text: string): {entries: DumpFact['entries']; error: string | null} {
	try {
		const data = JSON.parse(text) as unknown;
		if (!Array.isArray(data)) return {entries: [], error: 'not a JSON array'};
		return {
			entries: data
				.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
				.map(e => ({name: String(e.name ?? '?'), scriptPath: typeof e.pm_exec_path === 'string' ? e.pm_exec_path : null})),
			error: null,
		};
	} catch (error) {
		return {entries: [], error: (error as Error).message};
	}
}

export function readDumpFact(pm2Home: string): DumpFact {
	const file = pm2HomePaths(pm2Home).dumpFilePath;
	try {
		const stat = fs.statSync(file);
		const parsed = parseDump(fs.readFileSync(file, 'utf8'));
		return {path: file, exists: true, entries: parsed.entries, mtimeMs: stat.mtimeMs, parseError: parsed.error};
	} catch {
		return {path: file, exists: false, entries: [], mtimeMs: null, parseError: null};
	}
}

// ---- daemon and versions -------------------------------------------------------------------

/** The pm2 package.json the operator's `pm2` command runs from: PATH first, then the bundled one. */
export function findInstalledPm2PackageJson(env: NodeJS.ProcessEnv = process.env): string | null {
	for (const dir of (env.PATH ?? '').split(path.delimiter)) {
		if (!dir) continue;
		const candidate = path.join(dir, 'pm2');
		try {
			let folder = path.dirname(fs.realpathSync(candidate));
			for (let i = 0; i < 4; i++) {
				const pkg = path.join(folder, 'package.json');
				if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'pm2') return pkg;
				folder = path.dirname(folder);
			}
		} catch {
			// not here
		}
	}
	try {
		return createRequire(import.meta.url).resolve('pm2/package.json');
	} catch {
		return null;
	}
}

/** Node version from the daemon's start banner in pm2.log ("Node.js version      : 20.20.2"). */
export function daemonNodeVersionFromLog(lines: readonly string[]): string | null {
	for (let i = lines.length - 1; i >= 0; i--) {
		const match = /Node\.js version\s*:\s*v?(\S+)/.exec(lines[i]!);
		if (match) return `v${match[1]}`;
	}
	return null;
}

export function isPidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

export async function readDaemonFact(options: HostFactsOptions): Promise<DaemonFact> {
	const procRoot = options.procRoot ?? '/proc';
	const pid = readDaemonPid(pm2HomePaths(options.pm2Home).pidFilePath);
	const running = pid !== null && isPidAlive(pid);
	let runningVersion: string | null = null;
	let titleHome: string | null = null;
	let nodeExecutable: string | null = null;
	if (running && pid !== null) {
		try {
			const title = parseDaemonTitle(fs.readFileSync(path.join(procRoot, String(pid), 'cmdline'), 'utf8'));
			runningVersion = title?.version ?? null;
			titleHome = title?.home ?? null;
		} catch {
			// unreadable
		}
		try {
			nodeExecutable = fs.readlinkSync(path.join(procRoot, String(pid), 'exe'));
		} catch {
			// another user's daemon
		}
	}
	const packageJson = options.installedPm2PackageJson ?? findInstalledPm2PackageJson();
	let installedVersion: string | null = null;
	if (packageJson) {
		try {
			installedVersion = String(JSON.parse(fs.readFileSync(packageJson, 'utf8')).version);
		} catch {
			// unreadable
		}
	}
	const pathNodeVersion = options.probePathNode === false ? null : await nodeVersionOnPath();
	return {
		running,
		pid,
		runningVersion,
		titleHome,
		installedVersion,
		installedPath: packageJson ? path.dirname(packageJson) : null,
		nodeExecutable,
		nodeExecutableDeleted: nodeExecutable?.endsWith(' (deleted)') ?? false,
		pathNodeVersion,
		daemonNodeVersion: daemonNodeVersionFromLog(options.daemonLogLines ?? []),
		otherDaemons: findPm2Daemons(procRoot)
			.filter(d => d.pid !== pid && d.home !== options.pm2Home)
			.map(d => ({pid: d.pid, version: d.version, home: d.home})),
	};
}

/** `node --version` is a process spawn: asked at most once every 5 minutes (an upgrade shows up after that). */
const nodeVersionCacheMs = 5 * 60_000;
let cachedNodeVersion: {atMs: number; version: Promise<string | null>} | null = null;

function nodeVersionOnPath(): Promise<string | null> {
	if (cachedNodeVersion && Date.now() - cachedNodeVersion.atMs < nodeVersionCacheMs) return cachedNodeVersion.version;
	const version = new Promise<string | null>(resolve => {
		execFile('node', ['--version'], {timeout: 3000}, (error, stdout) => resolve(error ? null : String(stdout).trim() || null));
	});
	cachedNodeVersion = {atMs: Date.now(), version};
	return version;
}

// ---- everything ----------------------------------------------------------------------------

/** Gathers every host fact for the checks. Takes a log-size sample itself; growth needs `previousLogSample`. */
export async function gatherHostFacts(options: HostFactsOptions): Promise<HostFacts> {
	const procRoot = options.procRoot ?? '/proc';
	const daemon = await readDaemonFact(options);
	const listeningSockets = readListeningSockets(procRoot);
	const pids: Record<number, PidInfo> = {};
	for (const pid of new Set([...listeningSockets.flatMap(s => s.ownerPids), ...(daemon.pid === null ? [] : [daemon.pid])])) {
		const info = readPidInfo(pid, procRoot);
		if (info) pids[pid] = info;
	}
	const current = sampleLogSizes(options.pm2Home, options.processes);
	const scriptExists: Record<number, boolean> = {};
	for (const process of options.processes) if (process.scriptPath) scriptExists[process.pmId] = fs.existsSync(process.scriptPath);
	return {
		listeningSockets,
		pids,
		logFiles: logFileFacts(options.pm2Home, options.processes, current, options.previousLogSample ?? null),
		disk: readDiskFact(path.join(options.pm2Home, 'logs')) ?? readDiskFact(options.pm2Home),
		logrotate: readLogrotateFact(options.pm2Home, options.processes),
		startupUnits: readStartupUnits(options.startupUnitDirs ?? defaultStartupUnitDirs()),
		dump: readDumpFact(options.pm2Home),
		daemon,
		scriptExists,
	};
}

/** The last `lines` lines of pm2.log (bounded read). */
export async function readDaemonLogTail(pm2Home: string, lines = 3000): Promise<string[]> {
	const tail = await readFileTail(pm2HomePaths(pm2Home).daemonLogPath, {lines, maxLineBytes: 4096});
	return tail.kind === 'ok' ? tail.lines.map(l => l.text) : [];
}

/** The last `lines` lines of every process's error log, by pm_id. */
export async function readErrorLogTails(processes: ProcessSnapshot[], lines = 60): Promise<Record<number, string[]>> {
	const result: Record<number, string[]> = {};
	await Promise.all(
		processes.map(async process => {
			const file = process.errLogPath ?? process.combinedLogPath;
			if (!file || file === '/dev/null') return;
			const tail = await readFileTail(file, {lines, maxLineBytes: 4096});
			if (tail.kind === 'ok') result[process.pmId] = tail.lines.map(l => l.text);
		}),
	);
	return result;
}

// The doctor's vocabulary: what a check reads (DoctorFacts) and what it says (Finding).
// Checks are pure functions of DoctorFacts; everything that needs I/O is gathered
// beforehand by source/host/ (the /proc and file-system edge) and by the store
// (snapshots, pm2.log lines, error-log tails), so checks are testable on synthetic facts.
import type {MetricSample, ProcessSnapshot, ProcessStatus} from '../model/types.js';
import type {PolledSnapshot} from '../model/poll-window.js';
import type {TrendWindow} from '../model/trend.js';

/** The playbook sections (docs/TROUBLESHOOTING.md `{#id}`); every finding points at one. */
export const flowIds = [
	'start-failure',
	'restart-loop',
	'watch-restart-loop',
	'memory-growth',
	'port-conflict',
	'log-bloat',
	'kill-timeout',
	'no-daemon',
	'not-persisted',
	'daemon-outdated',
	'high-cpu',
] as const;

export type FlowId = (typeof flowIds)[number];

export type Severity = 'error' | 'warning' | 'info';

/** One diagnosis. `id` is the check id that produced it; `flow` the playbook section that explains and fixes it. */
export type Finding = {
	id: string;
	severity: Severity;
	/** PM2 process name, null for daemon- or host-wide findings. */
	process: string | null;
	pmId: number | null;
	title: string;
	/** Concrete, human-readable facts (log lines, numbers, paths), most telling first. */
	evidence: string[];
	flow: FlowId;
	/** The finding this one is a symptom of (a restart loop whose runs end at a memory limit → memory-growth). */
	rootCause?: {id: string; flow: FlowId; title: string};
};

/** A TCP socket in LISTEN state and the pids holding its inode. */
export type ListeningSocket = {
	port: number;
	/** Local address as text ("127.0.0.1", "::", "0.0.0.0"). */
	address: string;
	inode: number;
	ownerPids: number[];
};

/** What we know about a pid that matters for explaining it (e.g. a port holder). */
export type PidInfo = {
	pid: number;
	/** /proc/<pid>/cmdline joined with spaces (this is also the process title, e.g. "PM2 v7.0.4: God Daemon (/root/.pm2)"). */
	commandLine: string;
	/** PM2_HOME / pm_id / name from /proc/<pid>/environ when readable (PM2 exports them to its children). */
	pm2Home: string | null;
	pm2PmId: number | null;
	pm2Name: string | null;
};

export type LogStream = 'out' | 'err' | 'combined' | 'daemon';

/** A log file's size now and how fast it grew between two samples (source/host/log-files.ts). */
export type LogFileFact = {
	path: string;
	stream: LogStream;
	/** null for $PM2_HOME/pm2.log. */
	pmId: number | null;
	process: string | null;
	sizeBytes: number;
	/** null when only one sample was taken or the file shrank (rotated/flushed) between samples. */
	growthBytesPerSecond: number | null;
	/** mtime of the file (epoch ms), null when unknown. */
	modifiedAtMs: number | null;
};

export type DiskFact = {path: string; freeBytes: number; totalBytes: number};

export type LogrotateFact = {
	/** The module's folder exists under $PM2_HOME/modules, or a process named pm2-logrotate runs. */
	installed: boolean;
	/** Status of the pm2-logrotate module process, null when it is not in the list. */
	moduleStatus: ProcessStatus | null;
	/** pm2-logrotate settings from $PM2_HOME/module_conf.json (max_size, retain, …). */
	settings: Record<string, string>;
	/** /etc/logrotate.d files that mention this PM2_HOME (system logrotate instead of the module). */
	systemLogrotateFiles: string[];
};

/** A boot-time unit that would resurrect a PM2 daemon. */
export type StartupUnit = {
	path: string;
	/** Environment=PM2_HOME=… in the unit, null when absent/unknown. */
	pm2Home: string | null;
	/** The executable of ExecStart (or the init script's PM2 path), null when not found. */
	execPath: string | null;
	execPathExists: boolean | null;
};

export type DumpEntry = {name: string; scriptPath: string | null};

export type DumpFact = {
	path: string;
	exists: boolean;
	entries: DumpEntry[];
	mtimeMs: number | null;
	/** Set when the file exists but is not a JSON array. */
	parseError: string | null;
};

export type DaemonFact = {
	/** pm2.pid exists and that pid is alive. */
	running: boolean;
	pid: number | null;
	/** From the process title "PM2 vX.Y.Z: God Daemon (home)". */
	runningVersion: string | null;
	/** The home in that title (tells which daemon answered). */
	titleHome: string | null;
	/** Version of the pm2 package the operator's CLI would use. */
	installedVersion: string | null;
	installedPath: string | null;
	/** readlink /proc/<pid>/exe: the Node binary the daemon runs on. */
	nodeExecutable: string | null;
	/** The daemon's Node binary was deleted or replaced on disk (Node upgraded under it). */
	nodeExecutableDeleted: boolean;
	/** `node --version` of the Node on PATH (what `pm2 update` would relaunch with), when known. */
	pathNodeVersion: string | null;
	/** The daemon's Node version (`process.version` of the daemon) when known. */
	daemonNodeVersion: string | null;
	/** Other God daemons found on the host: their pids and homes. */
	otherDaemons: Array<{pid: number; version: string | null; home: string | null}>;
};

/** Everything source/host/ gathers at the edge. */
/** Sizes of the log files at one moment: growth is measured between two of them. */
export type LogSizeSample = {atMs: number; sizes: Record<string, number>; modifiedAtMs?: Record<string, number>};

export type HostFacts = {
	/** The log-size sample this gathering took: the next run measures growth from it. */
	logSample: LogSizeSample;
	listeningSockets: ListeningSocket[];
	pids: Record<number, PidInfo>;
	logFiles: LogFileFact[];
	disk: DiskFact | null;
	logrotate: LogrotateFact;
	startupUnits: StartupUnit[];
	dump: DumpFact;
	daemon: DaemonFact;
	/** pmId → whether the script file still exists (false: deleted or moved since start). */
	scriptExists: Record<number, boolean>;
};

/**
 * The input of every check.
 * `processes` is the latest poll, whole: what the checks judge.
 * `polls` is the sampling window, oldest first, ending with the latest poll; past polls keep only the fields
 * that change between polls (model/poll-window.ts).
 * `daemonLogLines` is the tail of $PM2_HOME/pm2.log (timestamp prefix kept), oldest first.
 * `errorLogTails` maps pm_id to the last lines of its error log, oldest first.
 * `histories` (optional) maps pm_id to its metric samples, oldest first, covering at least the heap-growth
 * window (the UI copies that much of the store's rings); when absent
 * the memory checks derive samples from `polls`.
 */
export type DoctorFacts = {
	nowMs: number;
	pm2Home: string;
	processes: ProcessSnapshot[];
	polls: PolledSnapshot[];
	histories?: Record<number, MetricSample[]>;
	/** The leak window when `histories` come from the recorder and cover more than the default 5 minutes. */
	leakWindow?: TrendWindow;
	daemonLogLines: string[];
	errorLogTails: Record<number, string[]>;
	host: HostFacts;
};

/** A named, pure check. `flows` lists every playbook section its findings may point at. */
export type Check = {
	id: string;
	flows: readonly FlowId[];
	/** One sentence for the playbook cross-check and the help screen. */
	description: string;
	run(facts: DoctorFacts): Finding[];
};

/** Empty host facts (a host where nothing could be read); the base for synthetic test facts. */
export function emptyHostFacts(pm2Home: string): HostFacts {
	return {
		logSample: {atMs: 0, sizes: {}},
		listeningSockets: [],
		pids: {},
		logFiles: [],
		disk: null,
		logrotate: {installed: false, moduleStatus: null, settings: {}, systemLogrotateFiles: []},
		startupUnits: [],
		dump: {path: `${pm2Home}/dump.pm2`, exists: false, entries: [], mtimeMs: null, parseError: null},
		daemon: {
			running: false,
			pid: null,
			runningVersion: null,
			titleHome: null,
			installedVersion: null,
			installedPath: null,
			nodeExecutable: null,
			nodeExecutableDeleted: false,
			pathNodeVersion: null,
			daemonNodeVersion: null,
			otherDaemons: [],
		},
		scriptExists: {},
	};
}

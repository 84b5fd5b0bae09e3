// Our own vocabulary for what PM2 reports. PM2's field names (pm2_env.pm_uptime,
// monit.memory, axm_monitor["Used Heap Size"]…) are mapped to these types in
// source/pm2/map-process.ts and nowhere else, so the rest of the code never
// depends on PM2's naming or its string-or-number quirks.

/** Every status PM2 7 can report. Note the space in "waiting restart" (the runtime value, not PM2's typings). */
export type ProcessStatus = 'online' | 'launching' | 'stopping' | 'stopped' | 'errored' | 'waiting restart' | 'one-launch-status' | 'unknown';

export type ExecMode = 'fork' | 'cluster';

/** One process as seen in one `list()` poll. Absent PM2 fields become null, never guessed defaults. */
export type ProcessSnapshot = {
	pmId: number;
	name: string;
	namespace: string;
	/** OS pid; null when PM2 reports 0 (stopped, errored, waiting restart). */
	pid: number | null;
	status: ProcessStatus;
	execMode: ExecMode;
	/** Configured instance count (cluster mode), null when not set. */
	instances: number | null;
	/** Epoch ms of the last (re)start (pm_uptime). */
	startedAtMs: number | null;
	/** Epoch ms of creation; PM2 sets it to null after "errored". */
	createdAtMs: number | null;
	restartCount: number;
	unstableRestartCount: number;
	/** Exit code of the previous run; null until the first exit. */
	exitCode: number | null;
	/** Daemon-computed CPU % since the previous getMonitorData call from any client. */
	cpuPercent: number;
	rssBytes: number;
	/** From axm_monitor; null for non-Node apps or pmx:false or before the first report. */
	heapUsedBytes: number | null;
	heapTotalBytes: number | null;
	eventLoopP95Ms: number | null;
	scriptPath: string;
	cwd: string;
	interpreter: string;
	nodeArgs: string[];
	args: string[];
	nodeVersion: string | null;
	autorestart: boolean;
	maxMemoryRestartBytes: number | null;
	minUptimeMs: number | null;
	maxRestarts: number | null;
	killTimeoutMs: number | null;
	restartDelayMs: number | null;
	expBackoffRestartDelayMs: number | null;
	listenTimeoutMs: number | null;
	waitReady: boolean;
	/** false, true, or the watched paths. */
	watch: boolean | string[];
	ignoreWatch: string[];
	cronRestart: string | null;
	outLogPath: string | null;
	errLogPath: string | null;
	/** Only set when logs are merged into one file (log_file / merge). */
	combinedLogPath: string | null;
	mergeLogs: boolean;
	logDateFormat: string | null;
	/** The app's environment as PM2 keeps it (pm2_env.env). Unmasked: mask at display time. */
	env: Record<string, string>;
	/** Hints towards the ecosystem file (PM2 stores no path): PWD of the starting CLI, PM2_ECOSYSTEM_FILE if set. */
	launchPwd: string | null;
	fromConfigFile: boolean;
	username: string | null;
	version: string | null;
};

/** A whole `list()` poll. */
export type DaemonSnapshot = {
	takenAtMs: number;
	processes: ProcessSnapshot[];
};

/** One sample in a process's bounded history (see model/process-history.ts). */
export type MetricSample = {
	atMs: number;
	rssBytes: number;
	heapUsedBytes: number | null;
	heapTotalBytes: number | null;
	cpuPercent: number;
	eventLoopP95Ms: number | null;
	/** pm_uptime at the time of the sample: a change marks a new run (series are segmented on it). */
	startedAtMs: number | null;
};

/** What we know about the link to the daemon. */
export type ConnectionState =
	| {kind: 'connecting'; home: string}
	| {kind: 'attached'; home: string; daemonPid: number | null; sinceMs: number}
	| {kind: 'unreachable'; home: string; reason: string; sinceMs: number; nextRetryAtMs: number | null}
	/**
	 * The socket is connected but a poll passed its deadline: a daemon stopped (SIGSTOP) or stuck keeps its
	 * socket open, so only the silence tells. The data is stale and actions are refused (they would run
	 * whenever the daemon wakes up). `sinceMs` is when the unanswered poll was sent.
	 */
	| {kind: 'not-answering'; home: string; daemonPid: number | null; reason: string; sinceMs: number}
	| {kind: 'permission-denied'; home: string; reason: string};

/** A line from the PM2 daemon's own log ($PM2_HOME/pm2.log), as read from the file. */
export type DaemonLogLine = {
	/** When we received it (epoch ms). */
	receivedAtMs: number;
	/** The text without the trailing newline (the timestamp prefix kept). */
	text: string;
};

// Parses lines of $PM2_HOME/pm2.log (the daemon's own console) into typed events.
// Formats are PM2 7.0.4's (pm2-api-facts.md §4, pm2-failure-modes.md §0.4), e.g.
//   2026-11-25T12:25:41: PM2 log: App [crasher:1] exited with code [1] via signal [SIGINT]
// The timestamp is the daemon's local time with second precision (dayjs 'YYYY-MM-DDTHH:mm:ss'),
// so it is read as local time here; lines without that prefix (a custom PM2_LOG_DATE_FORMAT,
// continuation lines of stack traces) fall back to the time the line was received.

/** A pm_id as written by the daemon: a number, or a string like "_old_5" during a cluster reload. */
export type LoggedPmId = number | string;

export type DaemonLogEvent = {
	/** Epoch ms of the line (from its timestamp, second precision; else when it was received). */
	atMs: number;
	/** True when atMs comes from the line's own timestamp. */
	timestamped: boolean;
} & (
	| {kind: 'exited'; appName: string; pmId: LoggedPmId; exitCode: number; signal: string}
	| {kind: 'starting'; appName: string; pmId: LoggedPmId; mode: 'fork' | 'cluster'}
	| {kind: 'online'; appName: string; pmId: LoggedPmId}
	| {kind: 'memory-limit'; pmId: LoggedPmId; currentBytes: number; limitBytes: number}
	| {kind: 'unstable-overlimit'; scriptPath: string; unstableRestarts: number}
	| {kind: 'will-restart'; appName: string; pmId: LoggedPmId; delayMs: number}
	| {kind: 'watch-change'; path: string; appName: string}
	| {kind: 'stopping'; appName: string; pmId: LoggedPmId}
	| {kind: 'kill-escalated'; pid: number; afterMs: number; remainingPids: number}
	| {kind: 'tree-killed'; pid: number}
	| {kind: 'could-not-stop'; appName: string; pmId: LoggedPmId}
	/** "Process N in a stopped status, starting it": a fork-mode reload (manual or max-memory). */
	| {kind: 'reload-as-restart'; pmId: LoggedPmId}
	| {kind: 'cron-registered'; pmId: LoggedPmId}
	| {kind: 'daemon-started'}
	| {kind: 'daemon-stopping'}
);

const prefixPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2}): PM2 (?:log|error|warn|info): (.*)$/;
// Lines as relayed on the bus (log:PM2) or printed by `pm2 logs` have no date.
const barePrefixPattern = /^(?:PM2\s+\|\s+)?(?:PM2 (?:log|error): )?(.*)$/;

const toPmId = (raw: string): LoggedPmId => (/^\d+$/.test(raw) ? Number(raw) : raw);

type Body = {[K in DaemonLogEvent['kind']]: Omit<Extract<DaemonLogEvent, {kind: K}>, 'atMs' | 'timestamped'>}[DaemonLogEvent['kind']];

const bodyParsers: Array<(text: string) => Body | null> = [
	text => {
		const m = /^App \[(.+):([^\]:]+)\] exited with code \[(-?\d+|null|undefined)\] via signal \[([A-Z0-9]+)\]$/.exec(text);
		return m ? {kind: 'exited', appName: m[1]!, pmId: toPmId(m[2]!), exitCode: Number(m[3]) || 0, signal: m[4]!} : null;
	},
	text => {
		const m = /^App \[(.+):([^\]:]+)\] starting in -(fork|cluster) mode-$/.exec(text);
		return m ? {kind: 'starting', appName: m[1]!, pmId: toPmId(m[2]!), mode: m[3] as 'fork' | 'cluster'} : null;
	},
	text => {
		const m = /^App \[(.+):([^\]:]+)\] online$/.exec(text);
		return m ? {kind: 'online', appName: m[1]!, pmId: toPmId(m[2]!)} : null;
	},
	text => {
		const m =
			/^\[PM2\]\[WORKER\] Process (\S+) restarted because it exceeds --max-memory-restart value \(current_memory=(\d+) max_memory_limit=(\d+) \[octets\]\)$/.exec(
				text,
			);
		return m ? {kind: 'memory-limit', pmId: toPmId(m[1]!), currentBytes: Number(m[2]), limitBytes: Number(m[3])} : null;
	},
	text => {
		const m = /^Script (.+) had too many unstable restarts \((\d+)\)\. Stopped\./.exec(text);
		return m ? {kind: 'unstable-overlimit', scriptPath: m[1]!, unstableRestarts: Number(m[2])} : null;
	},
	text => {
		const m = /^App \[(.+):([^\]:]+)\] will restart in (\d+)ms$/.exec(text);
		return m ? {kind: 'will-restart', appName: m[1]!, pmId: toPmId(m[2]!), delayMs: Number(m[3])} : null;
	},
	text => {
		const m = /^Change detected on path (.+) for app (.+) - restarting$/.exec(text);
		return m ? {kind: 'watch-change', path: m[1]!, appName: m[2]!} : null;
	},
	text => {
		const m = /^Stopping app:(.+) id:(\S+)$/.exec(text);
		return m ? {kind: 'stopping', appName: m[1]!, pmId: toPmId(m[2]!)} : null;
	},
	text => {
		// v7 wording; v5/v6 said "... sending it SIGKILL now...".
		const m = /^Process with pid (\d+) still alive after (\d+)ms, sending (?:SIGKILL to (\d+) remaining pids|it SIGKILL now)/.exec(text);
		return m ? {kind: 'kill-escalated', pid: Number(m[1]), afterMs: Number(m[2]), remainingPids: m[3] ? Number(m[3]) : 1} : null;
	},
	text => {
		const m = /^pid=(\d+) msg=process (?:tree )?killed/.exec(text);
		return m ? {kind: 'tree-killed', pid: Number(m[1])} : null;
	},
	text => {
		const m = /^app=(.+) id=(\S+) pid=\S* could not be stopped$/.exec(text);
		return m ? {kind: 'could-not-stop', appName: m[1]!, pmId: toPmId(m[2]!)} : null;
	},
	text => {
		const m = /^Process (\S+) in a stopped status, starting it$/.exec(text);
		return m ? {kind: 'reload-as-restart', pmId: toPmId(m[1]!)} : null;
	},
	text => {
		const m = /^\[PM2\]\[WORKER\] Registering a cron job on: (\S+)$/.exec(text);
		return m ? {kind: 'cron-registered', pmId: toPmId(m[1]!)} : null;
	},
	text => (/^--- New PM2 Daemon started/.test(text) ? {kind: 'daemon-started'} : null),
	text => (/^pm2 has been killed by signal|^PM2 successfully stopped|^Exited peacefully/.test(text) ? {kind: 'daemon-stopping'} : null),
];

/** Reads a pm2.log timestamp ("2026-11-25T12:25:41") as local time; null when the line has none. */
export function parseDaemonLogTimestamp(line: string): number | null {
	const m = prefixPattern.exec(line);
	if (!m) return null;
	const [, y, mo, d, h, mi, s] = m;
	return new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)).getTime();
}

/** Parses one pm2.log line; null for lines that carry nothing the timeline uses. */
export function parseDaemonLogLine(line: string, receivedAtMs: number): DaemonLogEvent | null {
	const text = line.replace(/\r?\n$/, '');
	const prefixed = prefixPattern.exec(text);
	let body: string;
	let atMs = receivedAtMs;
	let timestamped = false;
	if (prefixed) {
		body = prefixed[7]!;
		atMs = parseDaemonLogTimestamp(text)!;
		timestamped = true;
	} else {
		body = barePrefixPattern.exec(text)![1]!;
	}
	for (const parse of bodyParsers) {
		const parsed = parse(body);
		if (parsed) return {...parsed, atMs, timestamped} as DaemonLogEvent;
	}
	return null;
}

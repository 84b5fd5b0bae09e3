// Restart-loop detection from the restart timeline, independent of PM2's own counters.
//
// PM2 only marks a loop "errored" when exits come faster than min_uptime within min_uptime×max_restarts
// of creation (16 s by default), so loops that start late, crash after more than min_uptime, or use
// restart_delay / exp backoff restart forever (pm2-failure-modes.md §2). Here a loop is simply a high
// rate of unrequested exits; the detail line says why PM2 will not stop it. Thresholds follow the
// research notes: ≥ 3 exits within 60 s or ≥ 5 within 5 min.
import type {RestartEvent} from './restart-timeline.js';
import type {ProcessSnapshot} from './types.js';

export type RestartLoopKind = 'none' | 'loop' | 'stuck-waiting' | 'errored';

export type RestartLoopAssessment = {
	kind: RestartLoopKind;
	/** Short text for the process table row, '' when nothing to flag (e.g. "LOOP 7/5m", "STUCK"). */
	badge: string;
	/** One line for the detail pane, '' when nothing to flag. */
	detail: string;
	/** Unrequested exits in the last 5 minutes (folded exits counted). */
	exitsLast5Min: number;
	exitsLastMinute: number;
	/** Median uptime before those exits, when known. */
	medianUptimeMs: number | null;
};

export type RestartLoopOptions = {
	nowMs: number;
	/** How long the process has been in its current status (from the timeline), if known. */
	statusSinceMs?: number | null;
	/** PM2's worker interval (ms); PM2_WORKER_INTERVAL, 30 s by default. */
	workerIntervalMs?: number;
};

const minute = 60_000;

/** Exits PM2 did not cause on request: crashes, kills, clean exits, memory-limit and watch restarts. */
function isUnrequested(event: RestartEvent): boolean {
	return event.cause.kind !== 'manual' && event.cause.kind !== 'cron';
}

function median(values: number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const seconds = (ms: number) => (ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`);

/** Judges whether the process is in a restart loop or stuck, from its exits and its current poll. */
export function assessRestartLoop(events: readonly RestartEvent[], process: ProcessSnapshot | null, options: RestartLoopOptions): RestartLoopAssessment {
	const {nowMs} = options;
	const recent = events.filter(e => isUnrequested(e) && nowMs - e.exitAtMs <= 5 * minute && e.exitAtMs <= nowMs + 1000);
	const count = (list: readonly RestartEvent[]) => list.reduce((sum, e) => sum + 1 + e.extraExits, 0);
	const exitsLast5Min = count(recent);
	const exitsLastMinute = count(recent.filter(e => nowMs - e.exitAtMs <= minute));
	const medianUptimeMs = median(recent.flatMap(e => (e.uptimeBeforeExitMs === null ? [] : [e.uptimeBeforeExitMs])));
	const base = {exitsLast5Min, exitsLastMinute, medianUptimeMs};

	if (process?.status === 'waiting restart' && process.pid === null) {
		const waitedMs = options.statusSinceMs !== null && options.statusSinceMs !== undefined ? nowMs - options.statusSinceMs : null;
		const expectedDelayMs = Math.max(process.restartDelayMs ?? 0, process.expBackoffRestartDelayMs ? 15_000 : 0);
		const patienceMs = expectedDelayMs + 2 * (options.workerIntervalMs ?? 30_000);
		// created_at null is PM2's mark of "too many unstable restarts" (the errored state hidden by a restart delay).
		const maskedOverlimit = process.createdAtMs === null;
		if (maskedOverlimit || (waitedMs !== null && waitedMs > patienceMs)) {
			const waited = waitedMs !== null ? ` for ${seconds(waitedMs)}` : '';
			return {
				...base,
				kind: 'stuck-waiting',
				badge: 'STUCK',
				detail: maskedOverlimit
					? `stuck in "waiting restart"${waited} with no pid: PM2 gave up (too many unstable restarts) but shows it as waiting; it will not restart by itself — pm2 restart ${process.name} after fixing the cause`
					: `stuck in "waiting restart"${waited} with no pid, longer than its restart delay (${seconds(expectedDelayMs)}) allows`,
			};
		}
	}

	const looping = exitsLastMinute >= 3 || exitsLast5Min >= 5;
	if (process?.status === 'errored') {
		return {
			...base,
			kind: 'errored',
			badge: 'ERRORED',
			detail: `errored: PM2 stopped restarting it after repeated quick exits${exitsLast5Min ? ` (${exitsLast5Min} in the last 5 min)` : ''}`,
		};
	}
	if (!looping) return {...base, kind: 'none', badge: '', detail: ''};

	const rate = exitsLastMinute >= 3 ? `${exitsLastMinute}/1m` : `${exitsLast5Min}/5m`;
	const uptimeText = medianUptimeMs !== null ? `, median uptime ${seconds(medianUptimeMs)}` : '';
	const why = process ? whyPm2WontStopIt(process, medianUptimeMs, nowMs) : null;
	const latestCause = recent.at(-1)?.cause.kind;
	const what = latestCause === 'watch' ? 'watch restart loop' : latestCause === 'memory-limit' ? 'memory-limit restart loop' : 'restart loop';
	return {
		...base,
		kind: 'loop',
		badge: `LOOP ${rate}`,
		detail: `${what}: ${exitsLast5Min} exits in 5 min (${exitsLastMinute} in the last minute)${uptimeText}${why ? ` — ${why}` : ''}`,
	};
}

/** Explains why PM2's unstable-restart guard will not end this loop, when it will not. */
function whyPm2WontStopIt(process: ProcessSnapshot, medianUptimeMs: number | null, nowMs: number): string | null {
	const minUptimeMs = process.minUptimeMs ?? 1000;
	const maxRestarts = process.maxRestarts ?? 16;
	if (!process.autorestart) return null;
	if (process.restartDelayMs || process.expBackoffRestartDelayMs) {
		return `PM2 will never mark it errored: ${process.restartDelayMs ? 'restart_delay' : 'exp_backoff_restart_delay'} keeps it below the unstable-restart window`;
	}
	if (medianUptimeMs !== null && medianUptimeMs >= minUptimeMs) {
		return `PM2 will never mark it errored: it lives longer than min_uptime (${minUptimeMs} ms) before each exit`;
	}
	if (process.createdAtMs !== null && nowMs - process.createdAtMs > minUptimeMs * maxRestarts) {
		return `PM2 will never mark it errored: the loop started after PM2's ${Math.round((minUptimeMs * maxRestarts) / 1000)} s unstable-restart window`;
	}
	if (process.unstableRestartCount === 0) {
		return 'PM2 counted none of these exits as unstable restarts, so it will not stop the loop';
	}
	return null;
}

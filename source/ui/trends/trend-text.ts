// Pure text builders shared by the trends panel and the timeline view. Everything that comes from
// an app (names, exception messages, stderr, watched paths) goes through toSafeText here.
import {toSafeText} from '../../logs/sanitize-line.js';
import {formatBytes, formatDuration} from '../../model/format.js';
import type {RestartEvent} from '../../model/restart-timeline.js';
import {chartWindows, type ChartWindow} from '../../model/recorded-history.js';
import type {LeakVerdictKind} from '../../model/trend.js';
import type {Tone} from '../theme.js';

/** Local wall-clock time of an event: "13:17:41", with the date when it is not from today. */
export function formatEventTime(atMs: number, nowMs: number): string {
	const d = new Date(atMs);
	const pad = (n: number) => String(n).padStart(2, '0');
	const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
	const today = new Date(nowMs);
	const sameDay = d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate();
	return sameDay ? time : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

/** Uptime before the exit: "1.2s", "3m 4s", "?" when unknown. */
export function formatUptimeBeforeExit(event: RestartEvent): string {
	const ms = event.uptimeBeforeExitMs;
	if (ms === null) return '?';
	if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
	return formatDuration(ms).replace(/ /g, '');
}

/** "exit 1", "exit 0 SIGKILL", "exit ?". */
export function formatExit(event: RestartEvent): string {
	const code = event.exitCode === null ? 'exit ?' : `exit ${event.exitCode}`;
	return event.signal ? `${code} ${event.signal}` : code;
}

/** One line per exit for lists: time, uptime before exit, exit code/signal, cause. */
export function restartLine(event: RestartEvent, nowMs: number): string {
	const when = formatEventTime(event.exitAtMs, nowMs);
	const history = event.origin === 'history' ? '·' : ' ';
	return toSafeText(`${when}${history} up ${formatUptimeBeforeExit(event)} ${formatExit(event)} · ${describeCause(event)}`);
}

/** The stderr lines of an exit, safe to render. */
export function safeStderr(event: RestartEvent): string[] {
	return event.stderrTail.map(line => toSafeText(line));
}

/** One sentence describing why the process exited, e.g. "uncaught TypeError: x at y (app.js:8:8)"; raw app text (rendered through toSafeText). */
export function describeCause(event: RestartEvent): string {
	const cause = event.cause;
	let text: string;
	switch (cause.kind) {
		case 'exception':
			text = `uncaught ${cause.name}${cause.message ? `: ${cause.message}` : ''}${cause.topFrame ? ` at ${cause.topFrame}` : ''}`;
			break;
		case 'crash':
			text = `crash (exit code ${event.exitCode ?? '?'})`;
			break;
		case 'memory-limit':
			text = `memory limit: RSS ${formatBytes(cause.rssBytes)} over max_memory_restart ${formatBytes(cause.limitBytes)}`;
			break;
		case 'heap-oom':
			text = 'V8 heap out of memory (aborted)';
			break;
		case 'killed':
			text = `killed by ${cause.signal} without a stop from PM2 (OOM killer or kill -9?)`;
			break;
		case 'watch':
			text = `watch: ${cause.path} changed`;
			break;
		case 'cron':
			text = `cron restart${cause.expression ? ` (${cause.expression})` : ''}`;
			break;
		case 'manual':
			text = `manual ${cause.action} (pm2 ${cause.action} or the API)`;
			break;
		case 'clean-exit':
			text = 'exited by itself with code 0';
			break;
		case 'unknown':
			text = event.exitCode !== null ? `unknown (exit code ${event.exitCode})` : 'unknown';
			break;
	}
	if (event.sigkillAfterMs !== null) text += `; SIGKILL after kill_timeout (${event.sigkillAfterMs} ms)`;
	if (event.gaveUp) text += `; PM2 gave up: errored after ${event.gaveUp.unstableRestarts} unstable restarts`;
	if (event.extraExits > 0) text += ` (+${event.extraExits} more exits between two polls)`;
	return text;
}

export function verdictTone(kind: LeakVerdictKind): Tone {
	switch (kind) {
		case 'leaking':
			return 'error';
		case 'rising':
			return 'warning';
		case 'stable':
			return 'info';
		case 'not-enough-data':
			return 'muted';
	}
}

/** "1m [5m] 15m 1h 6h 24h 7d" with the current window bracketed. */
export function windowSelector(current: ChartWindow): string {
	return chartWindows.map(w => (w === current ? `[${w}]` : w)).join(' ');
}

const windowCommands: Record<string, ChartWindow> = {
	'trends.window-1m': '1m',
	'trends.window-5m': '5m',
	'trends.window-15m': '15m',
	'trends.window-1h': '1h',
	'trends.window-6h': '6h',
	'trends.window-24h': '24h',
	'trends.window-7d': '7d',
};

/** Applies a trends window command; returns the new window, or null when the command is not one. */
export function reduceWindowCommand(current: ChartWindow, command: string): ChartWindow | null {
	if (command === 'trends.window-next') return chartWindows[(chartWindows.indexOf(current) + 1) % chartWindows.length]!;
	return windowCommands[command] ?? null;
}

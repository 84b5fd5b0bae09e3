// Pure text builders shared by the trends panel and the timeline view. Everything that comes from
// an app (names, exception messages, stderr, watched paths) goes through toSafeText here.
import {toSafeText} from '../../logs/sanitize-line.js';
import {formatDuration} from '../../model/format.js';
import {describeCause, type RestartEvent} from '../../model/restart-timeline.js';
import type {LeakVerdictKind, TrendWindow} from '../../model/trend.js';
import {trendWindows} from '../../model/trend.js';
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

/** The cause sentence alone, safe to render. */
export function safeCause(event: RestartEvent): string {
	return toSafeText(describeCause(event));
}

/** The stderr lines of an exit, safe to render. */
export function safeStderr(event: RestartEvent): string[] {
	return event.stderrTail.map(line => toSafeText(line));
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

/** "1m [5m] 15m 1h" with the current window bracketed. */
export function windowSelector(current: TrendWindow): string {
	return trendWindows.map(w => (w === current ? `[${w}]` : w)).join(' ');
}

/** Applies a trends window command; returns the new window, or null when the command is not one. */
export function reduceWindowCommand(current: TrendWindow, command: string): TrendWindow | null {
	switch (command) {
		case 'trends.window-1m':
			return '1m';
		case 'trends.window-5m':
			return '5m';
		case 'trends.window-15m':
			return '15m';
		case 'trends.window-1h':
			return '1h';
		case 'trends.window-next':
			return trendWindows[(trendWindows.indexOf(current) + 1) % trendWindows.length]!;
		default:
			return null;
	}
}

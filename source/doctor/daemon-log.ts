// Parses the PM2 daemon's own log ($PM2_HOME/pm2.log) into typed events.
// pm2.log is the only place PM2 records why a process went down (signal, watch path,
// memory limit, SIGKILL escalation). The events are the trends model's (one parser, one type); this adds the lines.
// Line shape: "2026-11-25T12:25:41: PM2 log: App [crash:0] exited with code [1] via signal [SIGINT]".
import {parseDaemonLogLine as parseModelLine, parseDaemonLogTimestamp, type DaemonLogEvent, type LoggedPmId} from '../model/parse-daemon-log.js';

/**
 * A pm2.log event as the doctor reads it: the one DaemonLogEvent type (source/model/parse-daemon-log.ts)
 * with its line kept for evidence, plus the spawn errors only the doctor needs. `atMs` is only meaningful
 * when `timestamped` (the doctor does not know when an undated line was written): see `knownTimeOf`.
 */
export type DoctorLogEvent =
	(DaemonLogEvent & {line: string}) | {kind: 'spawn-error'; atMs: number; timestamped: boolean; path: string; code: string; line: string};

/** The time the line was written, or null when it carries no timestamp. */
export function knownTimeOf(event: DoctorLogEvent): number | null {
	return event.timestamped ? event.atMs : null;
}

/** A pm_id the doctor can match against processes: a number, or null for "_old_5"-style ids of a cluster reload. */
function numericPmId(id: LoggedPmId): number | null {
	return typeof id === 'number' ? id : null;
}

/** Parses one pm2.log line; returns null for lines that are not events. */
export function parseDaemonLogLine(line: string): DoctorLogEvent | null {
	const parsed = parseModelLine(line, 0);
	if (parsed) return {...parsed, line};
	const spawn = /Error: spawn (.+) (EACCES|ENOENT)/.exec(line);
	if (!spawn) return null;
	const atMs = parseDaemonLogTimestamp(line);
	return {kind: 'spawn-error', atMs: atMs ?? 0, timestamped: atMs !== null, path: spawn[1]!, code: spawn[2]!, line};
}

/** Parses every line, dropping the ones without meaning for the doctor. */
export function parseDaemonLog(lines: readonly string[]): DoctorLogEvent[] {
	const events: DoctorLogEvent[] = [];
	for (const line of lines) {
		const event = parseDaemonLogLine(line);
		if (event) events.push(event);
	}
	return events;
}

/** Why a process went down, as far as pm2.log tells. */
export type ExitCause = 'crash' | 'watch' | 'memory-limit' | 'stopped' | 'sigkill-after-timeout';

export type ClassifiedExit = {
	atMs: number | null;
	name: string;
	pmId: number | null;
	exitCode: number;
	signal: string;
	cause: ExitCause;
	/** The line that explains the cause (watch path line, memory line, SIGKILL line), else the exit line. */
	causeLine: string;
	exitLine: string;
	/** Seconds the run lasted, from the previous "starting" of the same process, when known. */
	uptimeMs: number | null;
};

/**
 * Pairs each exit with what preceded it for the same process.
 * A crash has no "Stopping app" before it; a watch, memory or CLI restart does.
 */
export function classifyExits(events: readonly DoctorLogEvent[]): ClassifiedExit[] {
	const result: ClassifiedExit[] = [];
	// Per process key: the pending reason set by lines that come before its exit.
	const pending = new Map<string, {cause: ExitCause; line: string}>();
	const lastStart = new Map<string, number | null>();
	let lastSigkill: {line: string; atMs: number | null} | null = null;
	const key = (name: string, pmId: number | null) => `${name}\u0000${pmId ?? ''}`;
	for (const event of events) {
		switch (event.kind) {
			case 'starting':
				lastStart.set(key(event.appName, numericPmId(event.pmId)), knownTimeOf(event));
				break;
			case 'watch-change':
				// The watch line names the app, not the id: attach it to every id of that name.
				pending.set(`watch\u0000${event.appName}`, {cause: 'watch', line: event.line});
				break;
			case 'memory-limit':
				if (typeof event.pmId === 'number') pending.set(`id\u0000${event.pmId}`, {cause: 'memory-limit', line: event.line});
				break;
			case 'stopping': {
				const k = key(event.appName, numericPmId(event.pmId));
				if (!pending.has(k)) pending.set(k, {cause: 'stopped', line: event.line});
				break;
			}
			case 'kill-escalated':
				lastSigkill = {line: event.line, atMs: knownTimeOf(event)};
				break;
			case 'exited': {
				const pmId = numericPmId(event.pmId);
				const atMs = knownTimeOf(event);
				const k = key(event.appName, pmId);
				const byWatch = pending.get(`watch\u0000${event.appName}`);
				const byMemory = pmId === null ? undefined : pending.get(`id\u0000${pmId}`);
				const byStop = pending.get(k);
				let cause: ExitCause = 'crash';
				let causeLine = event.line;
				if (event.signal === 'SIGKILL' && lastSigkill && byStop) {
					cause = 'sigkill-after-timeout';
					causeLine = lastSigkill.line;
					lastSigkill = null;
				} else if (byWatch && byStop) {
					cause = 'watch';
					causeLine = byWatch.line;
				} else if (byMemory && byStop) {
					cause = 'memory-limit';
					causeLine = byMemory.line;
				} else if (byStop) {
					cause = 'stopped';
					causeLine = byStop.line;
				}
				const startedAt = lastStart.get(k);
				result.push({
					atMs,
					name: event.appName,
					pmId,
					exitCode: event.exitCode,
					signal: event.signal,
					cause,
					causeLine,
					exitLine: event.line,
					uptimeMs: startedAt != null && atMs !== null ? atMs - startedAt : null,
				});
				pending.delete(k);
				pending.delete(`watch\u0000${event.appName}`);
				if (pmId !== null) pending.delete(`id\u0000${pmId}`);
				break;
			}
			default:
				break;
		}
	}
	return result;
}

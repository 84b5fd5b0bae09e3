// Parses the PM2 daemon's own log ($PM2_HOME/pm2.log) into typed events.
// pm2.log is the only place PM2 records why a process went down (signal, watch path,
// memory limit, SIGKILL escalation), see shared notes pm2-failure-modes §0.4.
// Line shape: "2026-11-25T12:25:41: PM2 log: App [crash:0] exited with code [1] via signal [SIGINT]".
import {parseDaemonLogLine as parseModelLine, parseDaemonLogTimestamp, type LoggedPmId} from '../model/parse-daemon-log.js';

export type DaemonLogEvent =
	| {kind: 'exit'; atMs: number | null; name: string; pmId: number | null; exitCode: number; signal: string; line: string}
	| {kind: 'starting'; atMs: number | null; name: string; pmId: number | null; line: string}
	| {kind: 'online'; atMs: number | null; name: string; pmId: number | null; line: string}
	| {kind: 'stopping'; atMs: number | null; name: string; pmId: number | null; line: string}
	| {kind: 'watch-change'; atMs: number | null; name: string; path: string; line: string}
	| {kind: 'memory-limit'; atMs: number | null; pmId: number; currentBytes: number; limitBytes: number; line: string}
	| {kind: 'sigkill'; atMs: number | null; pid: number; afterMs: number; line: string}
	| {kind: 'overlimit'; atMs: number | null; scriptPath: string; unstableRestarts: number; line: string}
	| {kind: 'spawn-error'; atMs: number | null; path: string; code: string; line: string}
	| {kind: 'tree-killed'; atMs: number | null; pid: number; line: string};

/** Parses the leading "YYYY-MM-DDTHH:mm:ss" (local time, PM2's default format) into epoch ms. */
export function parseDaemonLogTime(line: string): number | null {
	return parseDaemonLogTimestamp(line);
}

function numericPmId(id: LoggedPmId): number | null {
	return typeof id === 'number' ? id : null;
}

/**
 * Parses one pm2.log line; returns null for lines the doctor does not use.
 * An adapter over the trends model's parser (source/model/parse-daemon-log.ts) that keeps the
 * original line for evidence and adds the spawn errors only the doctor needs.
 */
export function parseDaemonLogLine(line: string): DaemonLogEvent | null {
	const parsed = parseModelLine(line, 0);
	const atMs = parsed?.timestamped ? parsed.atMs : parseDaemonLogTimestamp(line);
	if (!parsed) {
		const spawn = /Error: spawn (.+) (EACCES|ENOENT)/.exec(line);
		return spawn ? {kind: 'spawn-error', atMs, path: spawn[1]!, code: spawn[2]!, line} : null;
	}
	switch (parsed.kind) {
		case 'exited':
			return {kind: 'exit', atMs, name: parsed.appName, pmId: numericPmId(parsed.pmId), exitCode: parsed.exitCode, signal: parsed.signal, line};
		case 'starting':
			return {kind: 'starting', atMs, name: parsed.appName, pmId: numericPmId(parsed.pmId), line};
		case 'online':
			return {kind: 'online', atMs, name: parsed.appName, pmId: numericPmId(parsed.pmId), line};
		case 'stopping':
			return {kind: 'stopping', atMs, name: parsed.appName, pmId: numericPmId(parsed.pmId), line};
		case 'watch-change':
			return {kind: 'watch-change', atMs, name: parsed.appName, path: parsed.path, line};
		case 'memory-limit': {
			const pmId = numericPmId(parsed.pmId);
			return pmId === null ? null : {kind: 'memory-limit', atMs, pmId, currentBytes: parsed.currentBytes, limitBytes: parsed.limitBytes, line};
		}
		case 'kill-escalated':
			return {kind: 'sigkill', atMs, pid: parsed.pid, afterMs: parsed.afterMs, line};
		case 'unstable-overlimit':
			return {kind: 'overlimit', atMs, scriptPath: parsed.scriptPath, unstableRestarts: parsed.unstableRestarts, line};
		case 'tree-killed':
			return {kind: 'tree-killed', atMs, pid: parsed.pid, line};
		default:
			return null;
	}
}

/** Parses every line, dropping the ones without meaning for the doctor. */
export function parseDaemonLog(lines: readonly string[]): DaemonLogEvent[] {
	const events: DaemonLogEvent[] = [];
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
export function classifyExits(events: readonly DaemonLogEvent[]): ClassifiedExit[] {
	const result: ClassifiedExit[] = [];
	// Per process key: the pending reason set by lines that come before its exit.
	const pending = new Map<string, {cause: ExitCause; line: string}>();
	const lastStart = new Map<string, number | null>();
	let lastSigkill: {line: string; atMs: number | null} | null = null;
	const key = (name: string, pmId: number | null) => `${name}\u0000${pmId ?? ''}`;
	for (const event of events) {
		switch (event.kind) {
			case 'starting':
				lastStart.set(key(event.name, event.pmId), event.atMs);
				break;
			case 'watch-change':
				// The watch line names the app, not the id: attach it to every id of that name.
				pending.set(`watch\u0000${event.name}`, {cause: 'watch', line: event.line});
				break;
			case 'memory-limit':
				pending.set(`id\u0000${event.pmId}`, {cause: 'memory-limit', line: event.line});
				break;
			case 'stopping': {
				const k = key(event.name, event.pmId);
				if (!pending.has(k)) pending.set(k, {cause: 'stopped', line: event.line});
				break;
			}
			case 'sigkill':
				lastSigkill = {line: event.line, atMs: event.atMs};
				break;
			case 'exit': {
				const k = key(event.name, event.pmId);
				const byWatch = pending.get(`watch\u0000${event.name}`);
				const byMemory = event.pmId === null ? undefined : pending.get(`id\u0000${event.pmId}`);
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
					atMs: event.atMs,
					name: event.name,
					pmId: event.pmId,
					exitCode: event.exitCode,
					signal: event.signal,
					cause,
					causeLine,
					exitLine: event.line,
					uptimeMs: startedAt != null && event.atMs !== null ? event.atMs - startedAt : null,
				});
				pending.delete(k);
				pending.delete(`watch\u0000${event.name}`);
				if (event.pmId !== null) pending.delete(`id\u0000${event.pmId}`);
				break;
			}
			default:
				break;
		}
	}
	return result;
}

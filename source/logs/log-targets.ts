// What feeds a log view (a process's out and err files, the daemon's pm2.log) and how back-filled lines from
// several files are put in order. Pure: no file is opened here.
import path from 'node:path';
import type {ProcessSnapshot} from '../model/types.js';
import {appTimestampOf, type LogLine, type LogSource} from './line-buffer.js';
import {toSafeText} from './sanitize-line.js';

/** One file (or bus stream) feeding a log view. */
export type LogTarget = {
	source: LogSource;
	pmId: number | null;
	processName: string;
	/** null when PM2 reports no path. */
	path: string | null;
};

export type LogTargetState = 'starting' | 'following' | 'following-deleted' | 'waiting' | 'unreadable' | 'disabled' | 'bus' | 'closed';

/** What the UI shows about each source ("err: waiting for …/api-error.log"). Messages are already safe text. */
export type LogTargetStatus = {target: LogTarget; state: LogTargetState; message: string};

/** Paths PM2 uses to mean "write no file" (`checkPathIsNull` in PM2's Utility.js). */
export function isDisabledLogPath(file: string | null): boolean {
	return file === null || file === '' || file === '/dev/null' || file.toUpperCase() === 'NULL' || file === 'NUL';
}

/** The targets for one process: its out and err files (one target when both point at the same file). */
export function processLogTargets(snapshot: ProcessSnapshot): LogTarget[] {
	const base = {pmId: snapshot.pmId, processName: snapshot.name};
	const out: LogTarget = {...base, source: 'out', path: snapshot.outLogPath};
	const err: LogTarget = {...base, source: 'err', path: snapshot.errLogPath};
	if (!isDisabledLogPath(out.path) && out.path === err.path) return [out];
	return [out, err];
}

/** The target for the daemon's own log. */
export function daemonLogTarget(pm2Home: string): LogTarget {
	return {source: 'pm2', pmId: null, processName: 'PM2', path: path.join(pm2Home, 'pm2.log')};
}

/** "err: /path/to/file" for status messages (the path made safe). */
export function describeTarget(target: LogTarget): string {
	return `${target.source}: ${toSafeText(target.path ?? '(no path)')}`;
}

/**
 * Orders back-filled lines from several files: by the app's own timestamp where lines carry one (a line
 * without one inherits the previous line's in the same file), else file by file. Stable.
 */
export function mergeHistory(lines: readonly LogLine[]): LogLine[] {
	let lastKey = Number.NEGATIVE_INFINITY;
	let lastGroup = '';
	const keyed = lines.map((line, index) => {
		const group = `${line.pmId}:${line.source}`;
		if (group !== lastGroup) {
			lastGroup = group;
			lastKey = Number.NEGATIVE_INFINITY;
		}
		const appTimestampMs = appTimestampOf(line);
		if (appTimestampMs !== null) lastKey = appTimestampMs;
		return {line, key: lastKey, index};
	});
	keyed.sort((a, b) => (a.key === b.key ? a.index - b.index : a.key < b.key ? -1 : 1));
	return keyed.map(entry => entry.line);
}

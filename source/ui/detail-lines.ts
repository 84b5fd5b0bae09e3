// The text of the detail pane for one process (configuration facts packed into lines) and of the
// environment view (secret-looking values masked). Pure, so it is unit-tested without Ink.
// Every string from PM2 (paths, args, versions, env) is masked, then made inert by the one sanitizer.
import {toSafeText} from '../logs/sanitize-line.js';
import {formatBytes, formatDuration, formatTimestamp, unknownValue} from '../model/format.js';
import {maskArgs, maskEnv} from '../model/mask-secrets.js';
import type {ProcessSnapshot} from '../model/types.js';
import stringWidth from 'string-width';
import {truncate} from './text-fit.js';
import {glyphs, glyphText} from './theme.js';

export type DetailField = {label: string; value: string};

/** Config durations keep their precision below a minute (kill_timeout 1600 → "1.6s"). */
function configDuration(ms: number | null): string {
	if (ms === null) return unknownValue;
	if (ms < 1000) return `${ms}ms`;
	if (ms < 60_000) return `${Math.round(ms / 100) / 10}s`;
	return formatDuration(ms);
}

/** The facts shown for a process, in display order; long values (paths) come first on their own lines. */
export function detailFields(process: ProcessSnapshot): {wide: DetailField[]; compact: DetailField[]} {
	const script = [process.scriptPath, ...maskArgs(process.args)].join(' ');
	const interpreter = [process.interpreter, ...maskArgs(process.nodeArgs)].join(' ');
	const wide: DetailField[] = [
		{label: 'script', value: script || unknownValue},
		{label: 'cwd', value: process.cwd || unknownValue},
		{label: 'interpreter', value: interpreter || unknownValue},
	];
	if (process.combinedLogPath) wide.push({label: 'log', value: process.combinedLogPath});
	wide.push({label: 'out log', value: process.outLogPath ?? unknownValue}, {label: 'err log', value: process.errLogPath ?? unknownValue});
	const compact: DetailField[] = [
		{label: 'namespace', value: process.namespace || unknownValue},
		{label: 'pid', value: process.pid === null ? unknownValue : String(process.pid)},
		{label: 'exec mode', value: process.execMode},
		{label: 'instances', value: process.instances === null ? unknownValue : String(process.instances)},
		{label: 'node', value: process.nodeVersion ?? unknownValue},
		{label: 'created', value: formatTimestamp(process.createdAtMs)},
		{label: 'unstable restarts', value: String(process.unstableRestartCount)},
		{label: 'max_memory_restart', value: process.maxMemoryRestartBytes === null ? unknownValue : formatBytes(process.maxMemoryRestartBytes)},
		{label: 'min_uptime', value: configDuration(process.minUptimeMs)},
		{label: 'max_restarts', value: process.maxRestarts === null ? unknownValue : String(process.maxRestarts)},
		{label: 'kill_timeout', value: configDuration(process.killTimeoutMs)},
		{label: 'exit code', value: process.exitCode === null ? unknownValue : String(process.exitCode)},
	];
	// Values are untrusted (sanitized); the model writes unknown values with the Unicode dash (glyph set).
	const safe = (field: DetailField): DetailField => ({label: field.label, value: glyphText(toSafeText(field.value))});
	return {wide: wide.map(safe), compact: compact.map(safe)};
}

/** Packs "label value" pairs greedily into lines no wider than `width`, separated by " · " (the glyph set's separator). */
export function packFields(fields: readonly DetailField[], width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const field of fields) {
		const piece = `${field.label} ${field.value}`;
		const candidate = line === '' ? piece : `${line} ${glyphs.separator} ${piece}`;
		if (candidate.length <= width || line === '') line = candidate;
		else {
			lines.push(line);
			line = piece;
		}
	}
	if (line !== '') lines.push(line);
	return lines.map(text => truncate(text, width));
}

/** The configuration lines of the detail pane for `process` in `width` columns (the caller shows as many as fit). */
export function detailLines(process: ProcessSnapshot, width: number): string[] {
	const {wide, compact} = detailFields(process);
	const labelWidth = Math.max(...wide.map(field => field.label.length));
	const lines = wide.map(field => truncate(`${field.label.padEnd(labelWidth)}  ${field.value}`, width));
	lines.push(...packFields(compact, width));
	return lines;
}

/**
 * The facts after the status on the detail pane's first line (namespace, pid, mode, restarts, exit code),
 * each after a separator, as many whole ones as fit in `width` columns. Untrusted values are sanitized.
 */
export function summaryText(process: ProcessSnapshot, width = Number.POSITIVE_INFINITY): string {
	const parts = [`ns ${toSafeText(process.namespace || unknownValue)}`, `pid ${process.pid === null ? unknownValue : process.pid}`, process.execMode];
	if (process.execMode === 'cluster' && process.instances !== null) parts.push(`${process.instances} instances`);
	parts.push(`${glyphs.restarts} ${process.restartCount}`);
	if (process.exitCode !== null) parts.push(`exit ${process.exitCode}`);
	let text = '';
	for (const part of parts) {
		const next = `${text} ${glyphs.separator} ${glyphText(part)}`;
		if (stringWidth(next) > width) break;
		text = next;
	}
	return text;
}

/** The environment view's heading and one line per variable, secret-looking values masked, names and values sanitized. */
export function envLines(process: ProcessSnapshot): string[] {
	const env = maskEnv(process.env);
	const masked = env.filter(row => row.masked).length;
	const lines = [`${env.length} variables, ${masked} secret-looking values masked`];
	for (const row of env) lines.push(`${toSafeText(row.name)}=${toSafeText(row.value)}`);
	return lines;
}

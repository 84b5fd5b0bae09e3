// The log files the doctor watches (every app's out/err/combined file and pm2.log): their sizes, and how
// fast they grow between two samples.
import fs from 'node:fs/promises';
import type {LogFileFact, LogStream} from '../doctor/check-types.js';
import type {ProcessSnapshot} from '../model/types.js';
import {pm2HomePaths} from '../pm2/pm2-home.js';
import {hostReadConcurrency, mapBounded} from './bounded.js';
import type {LogSizeSample} from '../doctor/check-types.js';

export type {LogSizeSample};

/** Sizes of log files at one moment, to compute growth between two moments. */

type LogTarget = {path: string; stream: LogStream; pmId: number | null; process: string | null};

/** The log files the doctor watches: every app's out/err/combined file plus pm2.log. */
export function logTargets(pm2Home: string, processes: ProcessSnapshot[]): LogTarget[] {
	const seen = new Set<string>();
	const targets: LogTarget[] = [];
	const add = (file: string | null, stream: LogStream, process: ProcessSnapshot | null) => {
		if (!file || file === '/dev/null' || file.toUpperCase() === 'NULL' || seen.has(file)) return;
		seen.add(file);
		targets.push({path: file, stream, pmId: process?.pmId ?? null, process: process?.name ?? null});
	};
	for (const process of processes) {
		add(process.outLogPath, 'out', process);
		add(process.errLogPath, 'err', process);
		add(process.combinedLogPath, 'combined', process);
	}
	add(pm2HomePaths(pm2Home).daemonLogPath, 'daemon', null);
	return targets;
}

/** Stats every log file now. */
export async function sampleLogSizes(pm2Home: string, processes: ProcessSnapshot[], nowMs = Date.now()): Promise<LogSizeSample> {
	const sizes: Record<string, number> = {};
	const modifiedAtMs: Record<string, number> = {};
	await mapBounded(logTargets(pm2Home, processes), hostReadConcurrency, async target => {
		try {
			const stat = await fs.stat(target.path);
			sizes[target.path] = stat.size;
			modifiedAtMs[target.path] = stat.mtimeMs;
		} catch {
			// missing file: no size
		}
	});
	return {atMs: nowMs, sizes, modifiedAtMs};
}

/** Sizes now, with growth against an earlier sample (null when there is none or the file shrank). */
export function logFileFacts(pm2Home: string, processes: ProcessSnapshot[], current: LogSizeSample, previous: LogSizeSample | null): LogFileFact[] {
	const facts: LogFileFact[] = [];
	for (const target of logTargets(pm2Home, processes)) {
		const size = current.sizes[target.path];
		if (size === undefined) continue;
		const before = previous?.sizes[target.path];
		const seconds = previous ? (current.atMs - previous.atMs) / 1000 : 0;
		const growth = before !== undefined && seconds > 0 && size >= before ? (size - before) / seconds : null;
		facts.push({...target, sizeBytes: size, growthBytesPerSecond: growth, modifiedAtMs: current.modifiedAtMs?.[target.path] ?? null});
	}
	return facts;
}

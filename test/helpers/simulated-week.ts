// A week of recorded history for N processes, written through the recorder's own writer and retention (applied
// every simulated hour, as the recorder applies it every 10 minutes). Used by the size-cap test
// (test/unit/recorder/history-week.test.ts) and by the bench's recorder phase (bench/recorder-cost.ts).
//
// Full length (every sample at the recorder's 5 s interval for 7 days: 6 million rows for 50 processes) takes
// minutes on a loaded machine. By default the part that retention would already have folded (older than 7 h) is
// written at its folded resolution, one sample a minute; the last 7 hours are written every 5 s and folded by
// the retention under test. Both end in the same rows: 6 h of 5 s samples and a week of minutes.
import fs from 'node:fs';
import {defaultRetention} from '../../source/model/history-retention.js';
import {createHistoryWriter, openHistoryForWriting, type HistoryWriter} from '../../source/recorder/history-db.js';
import {makeProcess} from './process-fixture.js';

export const weekMs = 7 * 24 * 3600_000;
const hourMs = 3600_000;

export type SimulatedWeek = {writer: HistoryWriter; endMs: number; sizeBytes: number; seconds: number};

/** Writes the week into a new database at `databasePath`; the caller closes `writer`. */
export function writeSimulatedWeek(databasePath: string, {processCount, full = false}: {processCount: number; full?: boolean}): SimulatedWeek {
	const startedAt = performance.now();
	const writer = createHistoryWriter(openHistoryForWriting(databasePath));
	const startMs = Date.UTC(2026, 0, 1);
	const endMs = startMs + weekMs + hourMs;
	const processes = Array.from({length: processCount}, (_, pmId) =>
		makeProcess({pmId, name: `app-${pmId}`, namespace: 'default', startedAtMs: startMs, maxMemoryRestartBytes: 512 * 1024 * 1024}),
	);
	const writeHour = (hourStartMs: number, stepMs: number) =>
		writer.db.transaction(() => {
			for (let atMs = hourStartMs; atMs < hourStartMs + hourMs; atMs += stepMs) {
				const rssBytes = 80 * 1024 * 1024 + ((atMs - startMs) / 1000) * 10;
				writer.writeInterval({
					atMs,
					resolutionMs: stepMs,
					processes: processes.map(p => ({...p, rssBytes: rssBytes + p.pmId, heapUsedBytes: rssBytes / 2, cpuPercent: (atMs / 5000) % 7})),
					restarts: [],
					findingChanges: [],
				});
			}
		})();
	for (let hourStartMs = startMs; hourStartMs < endMs; hourStartMs += hourMs) {
		const fine = full || endMs - hourStartMs <= 7 * hourMs;
		writeHour(hourStartMs, fine ? 5000 : 60_000);
		writer.applyRetention(hourStartMs + hourMs, defaultRetention);
	}
	return {writer, endMs, sizeBytes: databaseBytes(databasePath), seconds: (performance.now() - startedAt) / 1000};
}

/** The database file and its WAL. */
export function databaseBytes(databasePath: string): number {
	const size = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);
	return size(databasePath) + size(`${databasePath}-wal`);
}

// The database after a simulated week of 50 processes stays within the size cap, through the recorder's own writer and
// retention (applied every simulated hour, as the recorder applies it every 10 minutes).
//
// Full length (every sample at the recorder's 5 s interval for 7 days: 6 million rows) takes minutes on a loaded
// machine: run it with RECORDER_WEEK_FULL=1. By default the part that retention would already have folded (older
// than 7 h) is written at its folded resolution, one sample a minute; the last 7 hours are written every 5 s and
// folded by the retention under test. Both end in the same rows: 6 h of 5 s samples and a week of minutes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, expect, it} from 'vitest';
import {defaultRetention} from '../../../source/model/history-retention.js';
import {createHistoryWriter, openHistoryForWriting} from '../../../source/recorder/history-db.js';
import {createHistoryReader} from '../../../source/recorder/history-reader.js';
import {makeProcess} from '../../helpers/process-fixture.js';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'history-week-'));
afterAll(() => fs.rmSync(folder, {recursive: true, force: true}));

const full = process.env.RECORDER_WEEK_FULL === '1';
const processCount = 50;
const weekMs = 7 * 24 * 3600_000;
const hourMs = 3600_000;

it(`a week of ${processCount} processes stays within the 100 MB cap${full ? ' (full length)' : ''}`, {timeout: full ? 3_600_000 : 240_000}, () => {
	const databasePath = path.join(folder, 'history.sqlite');
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
	const sizeBytes = fs.statSync(databasePath).size + (fs.existsSync(`${databasePath}-wal`) ? fs.statSync(`${databasePath}-wal`).size : 0);
	console.log(`history after a simulated week of ${processCount} processes: ${(sizeBytes / 1024 / 1024).toFixed(1)} MB`);
	expect(sizeBytes).toBeLessThanOrEqual(defaultRetention.maxBytes);
	const reader = createHistoryReader(writer.db);
	const samples = reader.samples('app-0', 0);
	// Nothing older than 7 days; minutes before the last 6 h, 5 s samples after.
	expect(samples[0]!.atMs).toBeGreaterThanOrEqual(endMs - weekMs);
	expect(samples[0]!.atMs).toBeLessThan(endMs - weekMs + 2 * 60_000);
	const fineSamples = samples.filter(s => s.resolutionMs === 5000);
	expect(fineSamples[0]!.atMs).toBeGreaterThanOrEqual(endMs - 6 * hourMs - 60_000);
	expect(fineSamples.length).toBeGreaterThanOrEqual(6 * 720 - 12);
	expect(samples.length - fineSamples.length).toBeGreaterThan(6.5 * 24 * 60);
	writer.close();
});

// The database after a simulated week of 50 processes stays within the size cap, through the recorder's own writer and
// retention (test/helpers/simulated-week.ts). RECORDER_WEEK_FULL=1 writes every 5 s sample of the week (minutes long).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, expect, it} from 'vitest';
import {defaultRetention} from '../../../source/model/history-retention.js';
import {createHistoryReader} from '../../../source/recorder/history-reader.js';
import {weekMs, writeSimulatedWeek} from '../../helpers/simulated-week.js';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'history-week-'));
afterAll(() => fs.rmSync(folder, {recursive: true, force: true}));

const full = process.env.RECORDER_WEEK_FULL === '1';
const processCount = 50;
const hourMs = 3600_000;

it(`a week of ${processCount} processes stays within the 100 MB cap${full ? ' (full length)' : ''}`, {timeout: full ? 3_600_000 : 240_000}, () => {
	const {writer, endMs, sizeBytes} = writeSimulatedWeek(path.join(folder, 'history.sqlite'), {processCount, full});
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

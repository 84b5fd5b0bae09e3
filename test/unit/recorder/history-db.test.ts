// The history database on a real file in a temporary folder: what is written reads back, retention folds and
// deletes by age, the size cap holds, and a full disk is a clear error for the recorder to report.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {defaultRetention} from '../../../source/model/history-retention.js';
import type {RestartEvent} from '../../../source/model/restart-timeline.js';
import {createHistoryWriter, openHistoryForWriting, type HistoryWriter} from '../../../source/recorder/history-db.js';
import {createHistoryReader} from '../../../source/recorder/history-reader.js';
import {describeStorageError} from '../../../source/recorder/storage-errors.js';
import {makeProcess} from '../../helpers/process-fixture.js';

let folder: string;
let writer: HistoryWriter;
const mebibyte = 1024 * 1024;
const t0 = Date.UTC(2026, 0, 1);

beforeEach(() => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'history-db-'));
	writer = createHistoryWriter(openHistoryForWriting(path.join(folder, 'pm2-doctor', 'history.sqlite')));
});

afterEach(() => {
	writer.close();
	fs.rmSync(folder, {recursive: true, force: true});
});

const processAt = (atMs: number, overrides: Parameters<typeof makeProcess>[0] = {}) =>
	makeProcess({name: 'api', rssBytes: 100 * mebibyte + (atMs - t0) / 1000, heapUsedBytes: 50 * mebibyte, startedAtMs: t0, ...overrides});

function exitEvent(overrides: Partial<RestartEvent> = {}): RestartEvent {
	return {
		id: 1,
		pmId: 0,
		name: 'api',
		exitAtMs: t0 + 10_000,
		exitTimeSource: 'daemon-log',
		uptimeBeforeExitMs: 1200,
		exitCode: 1,
		signal: null,
		cause: {kind: 'exception', name: 'Error', message: 'boom', topFrame: null},
		sigkillAfterMs: null,
		gaveUp: null,
		restartedAtMs: null,
		extraExits: 0,
		stderrTail: ['Error: boom'],
		stderrMatchedByOrder: false,
		origin: 'live',
		...overrides,
	};
}

describe('the history database', () => {
	it('is in WAL mode and reads back samples, restarts and finding changes', () => {
		expect(writer.db.pragma('journal_mode', {simple: true})).toBe('wal');
		writer.writeInterval({
			atMs: t0,
			resolutionMs: 5000,
			processes: [processAt(t0), processAt(t0, {pmId: 1, name: 'worker', status: 'errored', pid: null})],
			restarts: [exitEvent()],
			findingChanges: [{atMs: t0, key: 'restart-rate:api', change: 'appeared', severity: 'error', process: 'api', json: '{"id":"restart-rate"}'}],
		});
		// A refinement of the same exit (its stderr arrived) replaces it.
		writer.writeInterval({
			atMs: t0 + 5000,
			resolutionMs: 5000,
			processes: [processAt(t0 + 5000)],
			restarts: [exitEvent({stderrTail: ['Error: boom', 'late']})],
			findingChanges: [],
		});
		const reader = createHistoryReader(writer.db);
		expect(reader.samples('api', t0).map(s => s.atMs)).toEqual([t0, t0 + 5000]);
		expect(reader.samples('worker', t0)[0]).toMatchObject({status: 'errored', pid: null, rssBytes: 100 * mebibyte});
		expect(reader.restarts(t0).map(event => event.stderrTail)).toEqual([['Error: boom', 'late']]);
		expect(reader.findingChanges(t0)).toMatchObject([{key: 'restart-rate:api', change: 'appeared', finding: {id: 'restart-rate'}}]);
		expect(reader.lastWriteMs()).toBe(t0 + 5000);
		expect(reader.processes().map(p => p.name)).toEqual(['api', 'worker']);
	});

	it('keeps its page cache to 1 MiB (better-sqlite3 builds SQLite with 16 MB, which retention filled and kept)', () => {
		// A negative cache_size is in KiB.
		expect(writer.db.pragma('cache_size', {simple: true})).toBe(-1024);
	});

	it('keeps the first record of an exit back-filled again from pm2.log by a later recorder run', () => {
		writer.writeInterval({
			atMs: t0,
			resolutionMs: 5000,
			processes: [processAt(t0)],
			restarts: [exitEvent({origin: 'history', stderrTail: ['first']})],
			findingChanges: [],
		});
		writer.writeInterval({
			atMs: t0 + 5000,
			resolutionMs: 5000,
			processes: [processAt(t0)],
			restarts: [exitEvent({id: 7, origin: 'history', stderrTail: []})],
			findingChanges: [],
		});
		expect(
			createHistoryReader(writer.db)
				.restarts(0)
				.map(event => event.stderrTail),
		).toEqual([['first']]);
	});

	it('folds samples older than 6 h into one per minute (averaged) and deletes what is older than 7 days', () => {
		const nowMs = t0 + 8 * 24 * 3600_000;
		const write = (atMs: number, rss: number) =>
			writer.writeInterval({atMs, resolutionMs: 5000, processes: [processAt(atMs, {rssBytes: rss})], restarts: [], findingChanges: []});
		const oldMinute = nowMs - 24 * 3600_000;
		for (let index = 0; index < 12; index++) write(oldMinute + index * 5000, (100 + index) * mebibyte);
		write(nowMs - 9 * 24 * 3600_000, mebibyte);
		write(nowMs - 60_000, 7 * mebibyte);
		writer.applyRetention(nowMs, defaultRetention);
		const samples = createHistoryReader(writer.db).samples('api', 0);
		expect(samples.map(s => [s.atMs, s.resolutionMs])).toEqual([
			[oldMinute, 60_000],
			[nowMs - 60_000, 5000],
		]);
		expect(samples[0]!.rssBytes).toBe(Math.round(105.5 * mebibyte));
	});

	it('holds the size cap, dropping the oldest data and keeping the newest', () => {
		const processes = Array.from({length: 50}, (_, pmId) => pmId);
		for (let interval = 0; interval < 3000; interval++) {
			const atMs = t0 + interval * 5000;
			writer.writeInterval({
				atMs,
				resolutionMs: 5000,
				processes: processes.map(pmId => processAt(atMs, {pmId, name: `app-${pmId}`})),
				restarts: [],
				findingChanges: [],
			});
		}
		expect(writer.sizeBytes()).toBeGreaterThan(4 * mebibyte);
		const nowMs = t0 + 3000 * 5000;
		writer.applyRetention(nowMs, {...defaultRetention, maxBytes: 2 * mebibyte});
		expect(writer.sizeBytes()).toBeLessThanOrEqual(2 * mebibyte);
		expect(fs.statSync(path.join(folder, 'pm2-doctor', 'history.sqlite')).size).toBeLessThanOrEqual(2.2 * mebibyte);
		// The newest samples are kept; the oldest went.
		const reader = createHistoryReader(writer.db);
		expect(reader.samples('app-0', nowMs - 600_000).length).toBe(120);
		expect(reader.samples('app-0', t0, t0 + 3600_000)).toEqual([]);
	});

	it('says that the disk is full when SQLite cannot grow the file', () => {
		writer.close();
		writer = createHistoryWriter(openHistoryForWriting(path.join(folder, 'full', 'history.sqlite'), {maxPageCount: 40}));
		let failure: unknown = null;
		try {
			for (let interval = 0; interval < 1000; interval++) {
				const atMs = t0 + interval * 5000;
				const processes = Array.from({length: 20}, (_, pmId) => processAt(atMs, {pmId, name: `app-${pmId}`}));
				writer.writeInterval({atMs, resolutionMs: 5000, processes, restarts: [], findingChanges: []});
			}
		} catch (error) {
			failure = error;
		}
		expect((failure as {code?: string})?.code).toBe('SQLITE_FULL');
		expect(describeStorageError(failure, '/x/history.sqlite')).toMatch(/disk holding \/x\/history.sqlite is full/);
		// What was committed before is intact.
		expect(writer.db.pragma('integrity_check', {simple: true})).toBe('ok');
	});
});

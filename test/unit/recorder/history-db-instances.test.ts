// The instances of a cluster app in the history database: each pm_id is its own recorded process (they share a
// name and are sampled at the same instant), the readers give an instance its own series and a fork app its
// series by name across `pm2 delete` + start, retention folds each instance apart, and a database written with
// the schema that keyed processes by name alone is migrated on open keeping every sample.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {defaultRetention} from '../../../source/model/history-retention.js';
import type {RestartEvent} from '../../../source/model/restart-timeline.js';
import {createHistoryWriter, openHistoryForWriting} from '../../../source/recorder/history-db.js';
import {createHistoryReader} from '../../../source/recorder/history-reader.js';
import {makeProcess} from '../../helpers/process-fixture.js';

let folder: string;
let databasePath: string;
const mebibyte = 1024 * 1024;
const t0 = Date.UTC(2026, 0, 1);

beforeEach(() => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'history-instances-'));
	databasePath = path.join(folder, 'pm2-doctor', 'history.sqlite');
});

afterEach(() => fs.rmSync(folder, {recursive: true, force: true}));

const worker = (pmId: number, rssMebibytes: number) =>
	makeProcess({pmId, name: 'web', execMode: 'cluster', instances: 2, pid: 1000 + pmId, rssBytes: rssMebibytes * mebibyte});

const exitOf = (pmId: number, exitAtMs: number) => ({id: pmId, pmId, name: 'web', exitAtMs, origin: 'live', stderrTail: [`exit of ${pmId}`]}) as RestartEvent;

describe('cluster instances in the history database', () => {
	it('keeps one series per instance, read by pm_id; by name they stay apart, never averaged', () => {
		const writer = createHistoryWriter(openHistoryForWriting(databasePath));
		for (let index = 0; index < 3; index++) {
			const atMs = t0 + index * 5000;
			writer.writeInterval({atMs, resolutionMs: 5000, processes: [worker(0, 140), worker(1, 100 + index)], restarts: [], findingChanges: []});
		}
		// Two instances that exit in the same second are two exits.
		writer.writeInterval({
			atMs: t0 + 15_000,
			resolutionMs: 5000,
			processes: [worker(0, 140), worker(1, 103)],
			restarts: [exitOf(0, t0 + 14_100), exitOf(1, t0 + 14_200)],
			findingChanges: [],
		});
		const reader = createHistoryReader(writer.db);
		expect(reader.processes().map(p => p.pmId)).toEqual([0, 1]);
		expect(reader.samples('web', t0, t0 + 60_000, 0).map(s => s.rssBytes / mebibyte)).toEqual([140, 140, 140, 140]);
		expect(reader.samples('web', t0, t0 + 60_000, 1).map(s => s.rssBytes / mebibyte)).toEqual([100, 101, 102, 103]);
		expect(reader.samples('web', t0, t0 + 60_000, 1).map(s => s.pid)).toEqual([1001, 1001, 1001, 1001]);
		expect(reader.bucketedSamples('web', t0, t0 + 60_000, 60_000, 1).map(s => s.rssBytes / mebibyte)).toEqual([103]);
		expect(reader.bucketedSamples('web', t0, t0 + 60_000, 60_000, 0).map(s => s.rssBytes / mebibyte)).toEqual([140]);
		expect(reader.latestRestarts('web', t0, 10, 1).map(e => e.stderrTail)).toEqual([['exit of 1']]);
		expect(reader.latestRestarts('web', t0, 10).map(e => e.pmId)).toEqual([0, 1]);
		expect(reader.samples('web', t0, t0 + 60_000)).toHaveLength(8);
		writer.close();
	});

	it('reads a fork app by name across pm2 delete + start (a new pm_id)', () => {
		const writer = createHistoryWriter(openHistoryForWriting(databasePath));
		const api = (pmId: number, atMs: number) =>
			writer.writeInterval({
				atMs,
				resolutionMs: 5000,
				processes: [makeProcess({pmId, name: 'api', rssBytes: (pmId + 1) * mebibyte})],
				restarts: [],
				findingChanges: [],
			});
		api(0, t0);
		api(0, t0 + 5000);
		api(3, t0 + 10_000);
		const reader = createHistoryReader(writer.db);
		expect(reader.samples('api', t0).map(s => s.rssBytes / mebibyte)).toEqual([1, 1, 4]);
		expect(reader.samples('api', t0, t0 + 60_000, 3).map(s => s.rssBytes / mebibyte)).toEqual([4]);
		writer.close();
	});

	it('folds old samples per instance', () => {
		const writer = createHistoryWriter(openHistoryForWriting(databasePath));
		const nowMs = t0 + 24 * 3600_000;
		for (let index = 0; index < 12; index++)
			writer.writeInterval({atMs: t0 + index * 5000, resolutionMs: 5000, processes: [worker(0, 200), worker(1, 100)], restarts: [], findingChanges: []});
		writer.applyRetention(nowMs, defaultRetention);
		const reader = createHistoryReader(writer.db);
		expect(reader.samples('web', 0, nowMs, 0).map(s => [s.rssBytes / mebibyte, s.resolutionMs])).toEqual([[200, 60_000]]);
		expect(reader.samples('web', 0, nowMs, 1).map(s => [s.rssBytes / mebibyte, s.resolutionMs])).toEqual([[100, 60_000]]);
		writer.close();
	});

	it('migrates a database keyed by name alone, keeping every sample and exit, then records instances apart', () => {
		fs.mkdirSync(path.dirname(databasePath), {recursive: true});
		const old = new Database(databasePath);
		old.pragma('journal_mode = WAL');
		// The tables as the first recorder created them.
		old.exec(`
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS processes (id INTEGER PRIMARY KEY, name TEXT NOT NULL, namespace TEXT NOT NULL, pm_id INTEGER NOT NULL,
  max_memory_restart INTEGER, node_args TEXT NOT NULL DEFAULT '[]', UNIQUE (name, namespace));
CREATE TABLE IF NOT EXISTS samples (process INTEGER NOT NULL, at_ms INTEGER NOT NULL, resolution_ms INTEGER NOT NULL,
  status TEXT NOT NULL, pid INTEGER, restarts INTEGER NOT NULL, cpu REAL NOT NULL, rss INTEGER NOT NULL, heap_used INTEGER,
  heap_total INTEGER, loop_p95 REAL, started_at_ms INTEGER, PRIMARY KEY (process, at_ms)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS restarts (key TEXT PRIMARY KEY, process INTEGER NOT NULL, exit_at_ms INTEGER NOT NULL, event TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS restarts_by_time ON restarts (exit_at_ms);
CREATE TABLE IF NOT EXISTS finding_changes (id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, key TEXT NOT NULL, change TEXT NOT NULL,
  severity TEXT NOT NULL, process TEXT, finding TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS finding_changes_by_time ON finding_changes (at_ms);
CREATE TABLE IF NOT EXISTS actions (id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, process TEXT, action TEXT NOT NULL, outcome TEXT NOT NULL);
INSERT INTO processes (id, name, namespace, pm_id) VALUES (5, 'web', 'default', 1), (6, 'api', 'default', 2);
`);
		const insertSample = old.prepare(
			`INSERT INTO samples (process, at_ms, resolution_ms, status, pid, restarts, cpu, rss) VALUES (?, ?, 5000, 'online', 10, 0, 1, ?)`,
		);
		for (let index = 0; index < 4; index++) {
			insertSample.run(5, t0 + index * 5000, 70 * mebibyte);
			insertSample.run(6, t0 + index * 5000, 30 * mebibyte);
		}
		const oldExit = exitOf(1, t0 + 7000);
		old
			.prepare(`INSERT INTO restarts (key, process, exit_at_ms, event) VALUES (?, 5, ?, ?)`)
			.run(`web\0${Math.round(oldExit.exitAtMs / 1000)}`, oldExit.exitAtMs, JSON.stringify(oldExit));
		old.close();

		const writer = createHistoryWriter(openHistoryForWriting(databasePath));
		expect(writer.db.pragma('user_version', {simple: true})).toBe(1);
		expect(writer.db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'processes'`).pluck().get()).toContain('UNIQUE (name, namespace, pm_id)');
		const reader = createHistoryReader(writer.db);
		expect(reader.samples('web', t0).map(s => s.rssBytes / mebibyte)).toEqual([70, 70, 70, 70]);
		expect(reader.samples('web', t0, t0 + 60_000, 1)).toHaveLength(4);
		expect(reader.samples('api', t0).map(s => s.rssBytes / mebibyte)).toEqual([30, 30, 30, 30]);
		expect(reader.restarts(t0).map(e => e.stderrTail)).toEqual([['exit of 1']]);
		// The same exit back-filled again from pm2.log is still one exit.
		writer.writeInterval({
			atMs: t0 + 20_000,
			resolutionMs: 5000,
			processes: [worker(0, 140), worker(1, 100)],
			restarts: [{...oldExit, origin: 'history', stderrTail: []}],
			findingChanges: [],
		});
		expect(reader.restarts(t0).map(e => e.stderrTail)).toEqual([['exit of 1']]);
		expect(reader.samples('web', t0, t0 + 60_000, 0).map(s => s.rssBytes / mebibyte)).toEqual([140]);
		expect(reader.samples('web', t0, t0 + 60_000, 1).map(s => s.rssBytes / mebibyte)).toEqual([70, 70, 70, 70, 100]);
		writer.close();
		// Opening again does not migrate twice.
		const again = createHistoryWriter(openHistoryForWriting(databasePath));
		expect(createHistoryReader(again.db).samples('web', t0)).toHaveLength(6);
		again.close();
	});
});

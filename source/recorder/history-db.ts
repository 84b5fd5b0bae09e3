// The recorder's database: $PM2_HOME/pm2-doctor/history.sqlite (better-sqlite3, WAL).
//
// Why SQLite in WAL mode: one append per interval is one small transaction; a writer killed with SIGKILL leaves
// a WAL whose last, incomplete transaction is ignored on the next open, so at most the interval being written is
// lost and the file never needs repair. synchronous=NORMAL: a commit is not fsynced (the cost that matters on a
// shared host); a process kill loses nothing committed, only a power cut may lose the last commits.
// Readers (the UI, check, report) open the same file read-only while the recorder writes.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type {RestartEvent} from '../model/restart-timeline.js';
import {planRetention, sizeCapCutMs, type RetentionOptions} from '../model/history-retention.js';
import type {ProcessSnapshot} from '../model/types.js';

export type SqliteDatabase = Database.Database;

/** Where the history of the daemon at `home` lives. */
export function historyPaths(home: string): {folder: string; databasePath: string} {
	const folder = path.join(home, 'pm2-doctor');
	return {folder, databasePath: path.join(folder, 'history.sqlite')};
}

/** A finding's change as the recorder saw it (model/finding-changes.ts). */
export type StoredFindingChange = {
	atMs: number;
	key: string;
	change: 'appeared' | 'escalated' | 'cleared';
	severity: string;
	process: string | null;
	json: string;
};

/** What one interval appends: every process's sample, restart events new or refined since, finding changes. */
export type IntervalBatch = {
	atMs: number;
	resolutionMs: number;
	processes: readonly ProcessSnapshot[];
	restarts: readonly RestartEvent[];
	findingChanges: readonly StoredFindingChange[];
};

const schema = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS processes (id INTEGER PRIMARY KEY, name TEXT NOT NULL, namespace TEXT NOT NULL, pm_id INTEGER NOT NULL,
  max_memory_restart INTEGER, node_args TEXT NOT NULL DEFAULT '[]', UNIQUE (name, namespace, pm_id));
CREATE TABLE IF NOT EXISTS samples (process INTEGER NOT NULL, at_ms INTEGER NOT NULL, resolution_ms INTEGER NOT NULL,
  status TEXT NOT NULL, pid INTEGER, restarts INTEGER NOT NULL, cpu REAL NOT NULL, rss INTEGER NOT NULL, heap_used INTEGER,
  heap_total INTEGER, loop_p95 REAL, started_at_ms INTEGER, PRIMARY KEY (process, at_ms)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS restarts (key TEXT PRIMARY KEY, process INTEGER NOT NULL, exit_at_ms INTEGER NOT NULL, event TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS restarts_by_time ON restarts (exit_at_ms);
CREATE TABLE IF NOT EXISTS finding_changes (id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, key TEXT NOT NULL, change TEXT NOT NULL,
  severity TEXT NOT NULL, process TEXT, finding TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS finding_changes_by_time ON finding_changes (at_ms);
CREATE TABLE IF NOT EXISTS actions (id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, process TEXT, action TEXT NOT NULL, outcome TEXT NOT NULL);
`;

/**
 * 1: a recorded process is one PM2 process, (name, namespace, pm_id). Version 0 keyed it by (name, namespace), so
 * the instances of a cluster app, sampled at the same instant, overwrote each other's samples.
 */
const schemaVersion = 1;

/**
 * Brings a database written by an older recorder to `schemaVersion`, in one transaction (all or nothing). SQLite
 * cannot change a UNIQUE constraint in place: the processes table is rebuilt with the same ids, so every sample
 * and restart keeps its process. What version 0 recorded of a cluster app stays under the instance it last saw.
 */
function migrateSchema(db: SqliteDatabase): void {
	const version = db.pragma('user_version', {simple: true}) as number;
	const hasProcesses = db.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'processes'`).pluck().get() as number;
	if (version >= schemaVersion || hasProcesses === 0) return;
	db.transaction(() => {
		db.exec(`
CREATE TABLE processes_v1 (id INTEGER PRIMARY KEY, name TEXT NOT NULL, namespace TEXT NOT NULL, pm_id INTEGER NOT NULL,
  max_memory_restart INTEGER, node_args TEXT NOT NULL DEFAULT '[]', UNIQUE (name, namespace, pm_id));
INSERT INTO processes_v1 (id, name, namespace, pm_id, max_memory_restart, node_args)
  SELECT id, name, namespace, pm_id, max_memory_restart, node_args FROM processes;
DROP TABLE processes;
ALTER TABLE processes_v1 RENAME TO processes;
UPDATE OR IGNORE restarts SET key = json_extract(event, '$.name') || char(0) || json_extract(event, '$.pmId') || char(0) ||
  CAST(round(json_extract(event, '$.exitAtMs') / 1000.0) AS INTEGER) WHERE json_valid(event);
`);
		db.pragma(`user_version = ${schemaVersion}`);
	})();
}

/** The writer's page cache (KiB). */
export const writerCacheKibibytes = 1024;

/** Opens (creating when needed) the database for writing. Throws what the file system says (read-only, full). */
export function openHistoryForWriting(databasePath: string, options: {maxPageCount?: number} = {}): SqliteDatabase {
	fs.mkdirSync(path.dirname(databasePath), {recursive: true, mode: 0o700});
	const db = new Database(databasePath);
	try {
		db.pragma('busy_timeout = 2000');
		// Must come before the first table: lets deleted pages go back to the file system (the size cap).
		db.pragma('auto_vacuum = INCREMENTAL');
		db.pragma('journal_mode = WAL');
		db.pragma('synchronous = NORMAL');
		// better-sqlite3 builds SQLite with a 16 MB page cache per connection, and retention touches every page:
		// the cache filled to its limit and stayed in the recorder's RSS. An interval touches about one leaf page
		// per process plus the interior pages, so 1 MiB (256 pages of 4 KB) holds all of them for 50 processes.
		db.pragma(`cache_size = -${writerCacheKibibytes}`);
		// Tests of a full disk: SQLite answers SQLITE_FULL once the file reaches this many pages.
		if (options.maxPageCount) db.pragma(`max_page_count = ${Math.floor(options.maxPageCount)}`);
		migrateSchema(db);
		db.exec(schema);
		db.pragma(`user_version = ${schemaVersion}`);
	} catch (error) {
		db.close();
		throw error;
	}
	return db;
}

/** Opens an existing database read-only; null when there is none. */
export function openHistoryForReading(databasePath: string): SqliteDatabase | null {
	if (!fs.existsSync(databasePath)) return null;
	try {
		const db = new Database(databasePath, {readonly: true, fileMustExist: true});
		db.pragma('busy_timeout = 2000');
		return db;
	} catch {
		return null;
	}
}

export type HistoryWriter = {
	readonly db: SqliteDatabase;
	/** One transaction: all of the interval or none of it. */
	writeInterval(batch: IntervalBatch): void;
	recordAction(atMs: number, process: string | null, action: string, outcome: string): void;
	/** Folds and deletes by age, then enforces the size cap. */
	applyRetention(nowMs: number, options: RetentionOptions): void;
	sizeBytes(): number;
	close(): void;
};

export function createHistoryWriter(db: SqliteDatabase): HistoryWriter {
	const upsertProcess = db.prepare(
		`INSERT INTO processes (name, namespace, pm_id, max_memory_restart, node_args) VALUES (@name, @namespace, @pmId, @limit, @nodeArgs)
		 ON CONFLICT (name, namespace, pm_id) DO UPDATE SET max_memory_restart = excluded.max_memory_restart, node_args = excluded.node_args
		 RETURNING id`,
	);
	const insertSample = db.prepare(
		`INSERT OR REPLACE INTO samples (process, at_ms, resolution_ms, status, pid, restarts, cpu, rss, heap_used, heap_total, loop_p95, started_at_ms)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	);
	const insertRestart = db.prepare(`INSERT OR REPLACE INTO restarts (key, process, exit_at_ms, event) VALUES (?, ?, ?, ?)`);
	const keepRestart = db.prepare(`INSERT OR IGNORE INTO restarts (key, process, exit_at_ms, event) VALUES (?, ?, ?, ?)`);
	const insertFinding = db.prepare(`INSERT INTO finding_changes (at_ms, key, change, severity, process, finding) VALUES (?, ?, ?, ?, ?, ?)`);
	const insertAction = db.prepare(`INSERT INTO actions (at_ms, process, action, outcome) VALUES (?, ?, ?, ?)`);
	const setMeta = db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`);
	const processIds = new Map<string, {id: number; signature: string}>();

	// One recorded process per PM2 process, keyed by its pm_id: the instances of a cluster app share a name and are
	// sampled at the same instant. A pm_id stays the same across `pm2 restart` and `pm2 reload`, so an instance's
	// series runs on through them; `pm2 delete` then start gives new ids, whose series start anew (a fork app is
	// still read as one series by name: its ids never overlap in time).
	function processId(process: Pick<ProcessSnapshot, 'name' | 'namespace' | 'pmId' | 'maxMemoryRestartBytes' | 'nodeArgs'>): number {
		const signature = `${process.maxMemoryRestartBytes}\0${process.nodeArgs.join('\0')}`;
		const known = processIds.get(`${process.namespace}\0${process.name}\0${process.pmId}`);
		if (known && known.signature === signature) return known.id;
		const row = upsertProcess.get({
			name: process.name,
			namespace: process.namespace,
			pmId: process.pmId,
			limit: process.maxMemoryRestartBytes,
			nodeArgs: JSON.stringify(process.nodeArgs),
		}) as {id: number};
		processIds.set(`${process.namespace}\0${process.name}\0${process.pmId}`, {id: row.id, signature});
		return row.id;
	}

	const writeInterval = db.transaction((batch: IntervalBatch) => {
		const byPmId = new Map<number, number>();
		for (const p of batch.processes) {
			const id = processId(p);
			byPmId.set(p.pmId, id);
			const sample = [
				p.status,
				p.pid,
				p.restartCount,
				round2(p.cpuPercent),
				Math.round(p.rssBytes),
				roundOrNull(p.heapUsedBytes),
				roundOrNull(p.heapTotalBytes),
			];
			insertSample.run(id, batch.atMs, batch.resolutionMs, ...sample, p.eventLoopP95Ms, p.startedAtMs);
		}
		for (const event of batch.restarts) {
			const id = byPmId.get(event.pmId);
			if (id === undefined) continue;
			// The same exit back-filled from pm2.log by a later recorder run keeps its first record; instances of a
			// cluster app that exit in the same second are different exits.
			const key = `${event.name}\0${event.pmId}\0${Math.round(event.exitAtMs / 1000)}`;
			(event.origin === 'live' ? insertRestart : keepRestart).run(key, id, Math.round(event.exitAtMs), JSON.stringify(event));
		}
		for (const change of batch.findingChanges) insertFinding.run(change.atMs, change.key, change.change, change.severity, change.process, change.json);
		setMeta.run('last_write_ms', String(batch.atMs));
		setMeta.run('interval_ms', String(batch.resolutionMs));
	});

	const fold = db.prepare(
		`INSERT OR REPLACE INTO samples (process, at_ms, resolution_ms, status, pid, restarts, cpu, rss, heap_used, heap_total, loop_p95, started_at_ms)
		 SELECT process, bucket, @bucket, status, pid, restarts, cpu, rss, heap_used, heap_total, loop_p95, started_at_ms FROM (
		   -- With one max() in the query, SQLite takes the bare columns (status, pid...) from the bucket's last sample.
		   SELECT process, (at_ms / CAST(@bucket AS INTEGER)) * CAST(@bucket AS INTEGER) AS bucket, max(at_ms), status, pid, restarts, avg(cpu) AS cpu, CAST(avg(rss) AS INTEGER) AS rss,
		     CAST(avg(heap_used) AS INTEGER) AS heap_used, CAST(avg(heap_total) AS INTEGER) AS heap_total, avg(loop_p95) AS loop_p95, started_at_ms
		   FROM samples WHERE resolution_ms < @bucket AND at_ms < @before GROUP BY process, at_ms / CAST(@bucket AS INTEGER))`,
	);
	const dropFolded = db.prepare(`DELETE FROM samples WHERE resolution_ms < @bucket AND at_ms < @before`);
	const dropSamplesBefore = db.prepare(`DELETE FROM samples WHERE at_ms < ?`);
	const dropRestartsBefore = db.prepare(`DELETE FROM restarts WHERE exit_at_ms < ?`);
	const dropFindingsBefore = db.prepare(`DELETE FROM finding_changes WHERE at_ms < ?`);
	const dropActionsBefore = db.prepare(`DELETE FROM actions WHERE at_ms < ?`);
	const span = db.prepare(`SELECT min(at_ms) AS oldestMs, max(at_ms) AS newestMs FROM samples`);

	const dropBefore = db.transaction((beforeMs: number) => {
		dropSamplesBefore.run(beforeMs);
		dropRestartsBefore.run(beforeMs);
		dropFindingsBefore.run(beforeMs);
		dropActionsBefore.run(beforeMs);
	});

	function sizeBytes(): number {
		const pageSize = db.pragma('page_size', {simple: true}) as number;
		const pages = (db.pragma('page_count', {simple: true}) as number) - (db.pragma('freelist_count', {simple: true}) as number);
		return pages * pageSize;
	}

	return {
		db,
		writeInterval: batch => writeInterval(batch),
		recordAction(atMs, process, action, outcome) {
			insertAction.run(atMs, process, action, outcome);
		},
		applyRetention(nowMs, options) {
			const plan = planRetention(nowMs, options);
			db.transaction(() => {
				fold.run({bucket: plan.bucketMs, before: plan.foldFineBeforeMs});
				dropFolded.run({bucket: plan.bucketMs, before: plan.foldFineBeforeMs});
			})();
			dropBefore(plan.deleteBeforeMs);
			// Over the cap: the oldest data goes first, in proportion to the excess; the newest hour last of all.
			for (const keepNewestMs of [3600_000, 60_000]) {
				for (let round = 0; round < 10 && sizeBytes() > options.maxBytes; round++) {
					const recorded = span.get() as {oldestMs: number | null; newestMs: number | null};
					if (recorded.oldestMs === null || recorded.newestMs === null) break;
					const share = Math.min(1, Math.max(0.05, 1 - options.maxBytes / sizeBytes() + 0.05));
					const cutMs = sizeCapCutMs({oldestMs: recorded.oldestMs, newestMs: recorded.newestMs}, share, keepNewestMs);
					if (cutMs === null) break;
					dropBefore(cutMs);
				}
			}
			db.pragma('incremental_vacuum');
			db.pragma('wal_checkpoint(TRUNCATE)');
		},
		sizeBytes,
		close() {
			if (db.open) db.close();
		},
	};
}

function round2(value: number): number {
	return Math.round(value * 100) / 100;
}

function roundOrNull(value: number | null): number | null {
	return value === null ? null : Math.round(value);
}

// Reading what the recorder wrote (history-db.ts): the UI's charts and timeline, `check`'s leak window and the report.
// Every reader opens the file read-only; a missing or unreadable database is "not recorded", never an error.
import type {RestartEvent} from '../model/restart-timeline.js';
import type {MetricSample, ProcessStatus} from '../model/types.js';
import {historyPaths, openHistoryForReading, type SqliteDatabase} from './history-db.js';

/** A recorded sample with the fields the report and the table show besides the chart's. */
export type RecordedSample = MetricSample & {status: ProcessStatus; pid: number | null; restartCount: number; resolutionMs: number};

export type RecordedProcess = {name: string; namespace: string; pmId: number; maxMemoryRestartBytes: number | null; nodeArgs: string[]};

export type RecordedFindingChange = {
	atMs: number;
	key: string;
	change: 'appeared' | 'escalated' | 'cleared';
	severity: string;
	process: string | null;
	finding: unknown;
};

export type RecordedAction = {atMs: number; process: string | null; action: string; outcome: string};

export type HistoryReader = {
	/** When the recorder last wrote (epoch ms), null when never. */
	lastWriteMs(): number | null;
	/** The recorder's interval when it last wrote. */
	intervalMs(): number | null;
	processes(): RecordedProcess[];
	/**
	 * Samples of the process named `name` with atMs in [fromMs, toMs], oldest first: of its instance `pmId` when
	 * given (each instance of a cluster app is its own series), else of every process recorded under the name (a
	 * fork app, also across `pm2 delete` + start, which gives it a new pm_id).
	 */
	samples(name: string, fromMs: number, toMs?: number, pmId?: number): RecordedSample[];
	restarts(fromMs: number, name?: string): RestartEvent[];
	/**
	 * Samples of `name` in [fromMs, toMs] folded into buckets of `bucketMs` (a chart column or finer), oldest first,
	 * each dated by its first sample: memory as the bucket's peak (what the chart draws per column), the rest from
	 * the bucket's last sample.
	 */
	bucketedSamples(name: string, fromMs: number, toMs: number, bucketMs: number, pmId?: number): MetricSample[];
	/** The newest `limit` restart events of `name` (of its instance `pmId` when given) since `fromMs`, oldest first. */
	latestRestarts(name: string, fromMs: number, limit: number, pmId?: number): RestartEvent[];
	findingChanges(fromMs: number): RecordedFindingChange[];
	actions(fromMs: number): RecordedAction[];
	close(): void;
};

/** The reader for the daemon at `home`, or null when nothing has been recorded there. */
export function openHistoryReader(home: string): HistoryReader | null {
	const db = openHistoryForReading(historyPaths(home).databasePath);
	if (!db) return null;
	try {
		return createHistoryReader(db);
	} catch {
		// A database from before its tables existed (the recorder died while creating it).
		db.close();
		return null;
	}
}

type SampleRow = {
	at_ms: number;
	resolution_ms: number;
	status: string;
	pid: number | null;
	restarts: number;
	cpu: number;
	rss: number;
	heap_used: number | null;
	heap_total: number | null;
	loop_p95: number | null;
	started_at_ms: number | null;
};

export function createHistoryReader(db: SqliteDatabase): HistoryReader {
	const meta = db.prepare(`SELECT value FROM meta WHERE key = ?`).pluck();
	const processes = db.prepare(`SELECT name, namespace, pm_id, max_memory_restart, node_args FROM processes ORDER BY name`);
	const samples = db.prepare(
		`SELECT at_ms, resolution_ms, status, pid, restarts, cpu, rss, heap_used, heap_total, loop_p95, started_at_ms FROM samples
		 WHERE process IN (SELECT id FROM processes WHERE name = @name AND (@pmId IS NULL OR pm_id = @pmId)) AND at_ms >= @fromMs AND at_ms <= @toMs
		 ORDER BY at_ms`,
	);
	const restarts = db.prepare(`SELECT event FROM restarts WHERE exit_at_ms >= ? ORDER BY exit_at_ms`).pluck();
	const latestRestarts = db
		.prepare(
			`SELECT event FROM restarts WHERE process IN (SELECT id FROM processes WHERE name = @name AND (@pmId IS NULL OR pm_id = @pmId))
			 AND exit_at_ms >= @fromMs ORDER BY exit_at_ms DESC LIMIT @limit`,
		)
		.pluck();
	// Memory as the bucket's peak (several max() aggregates), the other fields from the bucket's last sample (joined
	// back); the bucket is dated by its first sample, so a chart says from when it has data.
	const bucketed = db.prepare(
		`SELECT b.first_ms AS at_ms, b.rss, b.heap_used, b.heap_total, s.cpu, s.loop_p95, s.started_at_ms FROM (
		   SELECT process, min(at_ms) AS first_ms, max(at_ms) AS last_ms, max(rss) AS rss, max(heap_used) AS heap_used, max(heap_total) AS heap_total
		   FROM samples WHERE process IN (SELECT id FROM processes WHERE name = @name AND (@pmId IS NULL OR pm_id = @pmId))
		   AND at_ms >= @fromMs AND at_ms <= @toMs
		   GROUP BY process, at_ms / CAST(@bucketMs AS INTEGER)
		 ) AS b JOIN samples AS s ON s.process = b.process AND s.at_ms = b.last_ms ORDER BY b.first_ms`,
	);
	const findingChanges = db.prepare(`SELECT at_ms, key, change, severity, process, finding FROM finding_changes WHERE at_ms >= ? ORDER BY at_ms, id`);
	const actions = db.prepare(`SELECT at_ms, process, action, outcome FROM actions WHERE at_ms >= ? ORDER BY at_ms, id`);
	const numberOrNull = (value: unknown) => (value === undefined || value === null || !Number.isFinite(Number(value)) ? null : Number(value));

	return {
		lastWriteMs: () => numberOrNull(meta.get('last_write_ms')),
		intervalMs: () => numberOrNull(meta.get('interval_ms')),
		processes: () =>
			(processes.all() as Array<{name: string; namespace: string; pm_id: number; max_memory_restart: number | null; node_args: string}>).map(row => ({
				name: row.name,
				namespace: row.namespace,
				pmId: row.pm_id,
				maxMemoryRestartBytes: row.max_memory_restart,
				nodeArgs: parseStringArray(row.node_args),
			})),
		samples: (name, fromMs, toMs = Number.MAX_SAFE_INTEGER, pmId) =>
			(samples.all({name, pmId: pmId ?? null, fromMs: Math.floor(fromMs), toMs: Math.ceil(toMs)}) as SampleRow[]).map(row => ({
				...figuresOf(row),
				status: row.status as ProcessStatus,
				pid: row.pid,
				restartCount: row.restarts,
				resolutionMs: row.resolution_ms,
			})),
		restarts(fromMs, name) {
			const events = (restarts.all(Math.floor(fromMs)) as string[]).map(text => JSON.parse(text) as RestartEvent);
			return name === undefined ? events : events.filter(event => event.name === name);
		},
		bucketedSamples: (name, fromMs, toMs, bucketMs, pmId) =>
			(
				bucketed.all({name, pmId: pmId ?? null, fromMs: Math.floor(fromMs), toMs: Math.ceil(toMs), bucketMs: Math.max(1, Math.round(bucketMs))}) as Array<
					Pick<SampleRow, 'at_ms' | 'rss' | 'heap_used' | 'heap_total' | 'cpu' | 'loop_p95' | 'started_at_ms'>
				>
			).map(figuresOf),
		latestRestarts: (name, fromMs, limit, pmId) =>
			(latestRestarts.all({name, pmId: pmId ?? null, fromMs: Math.floor(fromMs), limit: Math.max(0, Math.floor(limit))}) as string[])
				.map(text => JSON.parse(text) as RestartEvent)
				.reverse(),
		findingChanges: fromMs =>
			(
				findingChanges.all(Math.floor(fromMs)) as Array<{at_ms: number; key: string; change: string; severity: string; process: string | null; finding: string}>
			).map(row => ({
				atMs: row.at_ms,
				key: row.key,
				change: row.change as RecordedFindingChange['change'],
				severity: row.severity,
				process: row.process,
				finding: JSON.parse(row.finding) as unknown,
			})),
		actions: fromMs =>
			(actions.all(Math.floor(fromMs)) as Array<{at_ms: number; process: string | null; action: string; outcome: string}>).map(row => ({
				atMs: row.at_ms,
				process: row.process,
				action: row.action,
				outcome: row.outcome,
			})),
		close() {
			if (db.open) db.close();
		},
	};
}

function parseStringArray(text: string): string[] {
	try {
		const value = JSON.parse(text) as unknown;
		return Array.isArray(value) ? value.map(String) : [];
	} catch {
		return [];
	}
}

/** The figures of one sample row, shared by the full samples and the bucketed ones. */
function figuresOf(row: Pick<SampleRow, 'at_ms' | 'rss' | 'heap_used' | 'heap_total' | 'cpu' | 'loop_p95' | 'started_at_ms'>) {
	return {
		atMs: row.at_ms,
		rssBytes: row.rss,
		heapUsedBytes: row.heap_used,
		heapTotalBytes: row.heap_total,
		cpuPercent: row.cpu,
		eventLoopP95Ms: row.loop_p95,
		startedAtMs: row.started_at_ms,
	};
}

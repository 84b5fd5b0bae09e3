// The process table's rows: the processes filtered, grouped (an app of several instances is one row,
// expandable to its instances) and sorted. Pure, so filter, sort and grouping are unit-tested without Ink.
// Rows are keyed by a number: a process row by its pm_id, an app row by −1 − its lowest pm_id, so the
// selection (kept by key) stays on the same row when rows move.
import type {ProcessSnapshot, ProcessStatus} from '../model/types.js';
import {glyphs} from './theme.js';

export type SortKey = 'id' | 'name' | 'cpu' | 'memory' | 'restarts' | 'uptime' | 'health';
export const sortKeys: readonly SortKey[] = ['id', 'name', 'cpu', 'memory', 'restarts', 'uptime', 'health'];

export type HealthLevel = 'error' | 'warning' | 'ok';
/** A process's health: its level and the problem's name ("LOOP 3/1m", "PORT 3000"), '' when ok. */
export type Health = {level: HealthLevel; label: string};
export const healthy: Health = {level: 'ok', label: ''};

export type TableView = {
	/** As typed after `/`: substring or regex, case-insensitive; a leading `!` keeps the rows that do not match. */
	filter: string;
	sort: SortKey;
	descending: boolean;
	/** Only this namespace (`:ns`), null for all. */
	namespace: string | null;
	/** Keys of the expanded app rows. */
	expanded: readonly number[];
};

export const initialTableView: TableView = {filter: '', sort: 'id', descending: false, namespace: null, expanded: []};

export type TableRow = {
	key: number;
	/** 'process': an app of one instance; 'app': an app of several; 'instance': one of them, shown under it. */
	kind: 'process' | 'app' | 'instance';
	/** What the table's cells show: the process, or the app's totals (cpu, memory, restarts) and worst status. */
	display: ProcessSnapshot;
	/** The processes the row stands for, in pm_id order. */
	instances: readonly ProcessSnapshot[];
	name: string;
	health: Health;
	expanded: boolean;
};

export type RowModel = {rows: TableRow[]; shownProcesses: number; totalProcesses: number};

const levelRank: Record<HealthLevel, number> = {error: 0, warning: 1, ok: 2};
const statusRank: Record<ProcessStatus, number> = {
	errored: 0,
	'waiting restart': 1,
	unknown: 2,
	stopping: 3,
	launching: 4,
	stopped: 5,
	'one-launch-status': 6,
	online: 7,
};

export function appRowKey(instances: readonly ProcessSnapshot[]): number {
	return -1 - Math.min(...instances.map(process => process.pmId));
}

/** The worse of two healths (an app shows its worst instance). */
export function worseHealth(a: Health, b: Health): Health {
	return levelRank[b.level] < levelRank[a.level] ? b : a;
}

/** A filter as a predicate over the texts of a row; an invalid regex is taken literally. */
export function compileFilter(filter: string): ((texts: readonly string[]) => boolean) | null {
	const inverted = filter.startsWith('!');
	const pattern = inverted ? filter.slice(1) : filter;
	if (pattern === '') return null;
	let test: (text: string) => boolean;
	try {
		const regex = new RegExp(pattern, 'i');
		test = text => regex.test(text);
	} catch {
		const needle = pattern.toLowerCase();
		test = text => text.toLowerCase().includes(needle);
	}
	return texts => texts.some(test) !== inverted;
}

function searchTexts(process: ProcessSnapshot, health: Health): string[] {
	return [process.name, process.namespace, String(process.pmId), process.status, health.label, health.level];
}

function aggregate(instances: readonly ProcessSnapshot[]): ProcessSnapshot {
	const first = instances[0]!;
	const online = instances.filter(process => process.status === 'online');
	const worstStatus = instances.reduce((worst, process) => (statusRank[process.status] < statusRank[worst] ? process.status : worst), first.status);
	const sum = (values: Array<number | null>): number | null => (values.some(value => value === null) ? null : values.reduce<number>((a, b) => a + b!, 0));
	const starts = online.map(process => process.startedAtMs).filter((ms): ms is number => ms !== null);
	return {
		...first,
		pmId: appRowKey(instances),
		status: worstStatus,
		pid: null,
		cpuPercent: instances.reduce((total, process) => total + process.cpuPercent, 0),
		rssBytes: instances.reduce((total, process) => total + process.rssBytes, 0),
		heapUsedBytes: sum(instances.map(process => process.heapUsedBytes)),
		heapTotalBytes: sum(instances.map(process => process.heapTotalBytes)),
		eventLoopP95Ms: maxOrNull(instances.map(process => process.eventLoopP95Ms)),
		restartCount: instances.reduce((total, process) => total + process.restartCount, 0),
		unstableRestartCount: instances.reduce((total, process) => total + process.unstableRestartCount, 0),
		// The youngest instance: the app has been fully up that long.
		startedAtMs: starts.length === instances.length && starts.length > 0 ? Math.max(...starts) : null,
		exitCode: null,
	};
}

function maxOrNull(values: Array<number | null>): number | null {
	const known = values.filter((value): value is number => value !== null);
	return known.length === 0 ? null : Math.max(...known);
}

function compareRows(sort: SortKey, nowMs: number): (a: TableRow, b: TableRow) => number {
	const uptime = (row: TableRow) => (row.display.status === 'online' && row.display.startedAtMs !== null ? nowMs - row.display.startedAtMs : -1);
	const byKey: Record<SortKey, (a: TableRow, b: TableRow) => number> = {
		id: (a, b) => a.instances[0]!.pmId - b.instances[0]!.pmId,
		name: (a, b) => a.name.localeCompare(b.name),
		// Figures: the biggest first, as in top and htop.
		cpu: (a, b) => b.display.cpuPercent - a.display.cpuPercent,
		memory: (a, b) => b.display.rssBytes - a.display.rssBytes,
		restarts: (a, b) => b.display.restartCount - a.display.restartCount,
		uptime: (a, b) => uptime(b) - uptime(a),
		// Problems first: errors, then warnings, then the rest.
		health: (a, b) => levelRank[a.health.level] - levelRank[b.health.level],
	};
	const primary = byKey[sort];
	return (a, b) => primary(a, b) || byKey.id(a, b);
}

/** The rows the table shows for `view`, and how many processes they stand for. */
export function buildRowModel(processes: readonly ProcessSnapshot[], view: TableView, healthOf: (pmId: number) => Health, nowMs: number): RowModel {
	const scoped = view.namespace === null ? processes : processes.filter(process => process.namespace === view.namespace);
	const matches = compileFilter(view.filter);
	const apps = new Map<string, ProcessSnapshot[]>();
	for (const process of scoped) {
		const appKey = `${process.namespace}\u0000${process.name}`;
		const list = apps.get(appKey);
		if (list) list.push(process);
		else apps.set(appKey, [process]);
	}
	const expanded = new Set(view.expanded);
	let shownProcesses = 0;
	const groups: Array<{row: TableRow; children: TableRow[]}> = [];
	for (const list of apps.values()) {
		const instances = [...list].sort((a, b) => a.pmId - b.pmId);
		const healths = instances.map(process => healthOf(process.pmId));
		const matching = matches ? instances.filter((process, index) => matches(searchTexts(process, healths[index]!))) : instances;
		if (matching.length === 0) continue;
		shownProcesses += matching.length;
		if (instances.length === 1) {
			const process = instances[0]!;
			groups.push({
				row: {key: process.pmId, kind: 'process', display: process, instances, name: process.name, health: healths[0]!, expanded: false},
				children: [],
			});
			continue;
		}
		const key = appRowKey(instances);
		// A filter that matches some instances shows them under their app.
		const isExpanded = expanded.has(key) || matching.length < instances.length;
		const row: TableRow = {
			key,
			kind: 'app',
			display: aggregate(instances),
			instances,
			name: instances[0]!.name,
			health: healths.reduce(worseHealth, healthy),
			expanded: isExpanded,
		};
		const children = isExpanded
			? matching.map(process => ({
					key: process.pmId,
					kind: 'instance' as const,
					display: process,
					instances: [process],
					name: process.name,
					health: healthOf(process.pmId),
					expanded: false,
				}))
			: [];
		groups.push({row, children});
	}
	const compare = compareRows(view.sort, nowMs);
	const ordered = view.descending ? (a: TableRow, b: TableRow) => compare(b, a) : compare;
	groups.sort((a, b) => ordered(a.row, b.row));
	const rows: TableRow[] = [];
	for (const group of groups) rows.push(group.row, ...[...group.children].sort(ordered));
	return {rows, shownProcesses, totalProcesses: processes.length};
}

/** How many processes are in each health level, for the header. */
export function healthCounts(processes: readonly ProcessSnapshot[], healthOf: (pmId: number) => Health): Record<HealthLevel, number> {
	const counts: Record<HealthLevel, number> = {error: 0, warning: 0, ok: 0};
	for (const process of processes) counts[healthOf(process.pmId).level]++;
	return counts;
}

/** The key of the next row (after `fromKey`, wrapping) whose health is not ok, or null when all are. */
export function nextProblemKey(rows: readonly TableRow[], fromKey: number | null, direction: 1 | -1 = 1): number | null {
	if (rows.length === 0) return null;
	const start = fromKey === null ? -1 : rows.findIndex(row => row.key === fromKey);
	for (let step = 1; step <= rows.length; step++) {
		const index = (((start + direction * step) % rows.length) + rows.length) % rows.length;
		// An app row stands for its instances: jump to it only when it is collapsed, else to the instance.
		const row = rows[index]!;
		if (row.health.level !== 'ok' && !(row.kind === 'app' && row.expanded)) return row.key;
	}
	return null;
}

/** The name cell of a row: an app row "▸ api ×4" (▾ when expanded), an instance "  api #8" under it. */
export function rowDisplayName(row: TableRow, ascii: boolean): string {
	const [open, closed, times] = ascii ? ['-', '+', 'x'] : ['▾', '▸', '×'];
	if (row.kind === 'app') return `${row.expanded ? open : closed} ${row.name} ${times}${row.instances.length}`;
	if (row.kind === 'instance') return `  ${row.name} #${row.key}`;
	return row.name;
}

/** "2 errors · 1 warning · 198 ok". */
export function healthCountsText(counts: Record<HealthLevel, number>): string {
	const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
	return [counts.error > 0 ? plural(counts.error, 'error') : '', counts.warning > 0 ? plural(counts.warning, 'warning') : '', `${counts.ok} ok`]
		.filter(Boolean)
		.join(` ${glyphs.separator} `);
}

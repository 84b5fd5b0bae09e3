import {describe, expect, it} from 'vitest';
import {
	buildRowModel,
	compileFilter,
	healthCounts,
	healthy,
	initialTableView,
	nextProblemKey,
	type Health,
	type TableView,
} from '../../../source/ui/table-rows.js';
import {makeProcess} from '../../helpers/process-fixture.js';

const nowMs = 1_000_000;
const cluster = [0, 8, 9, 10].map((pmId, index) =>
	makeProcess({
		pmId,
		name: 'api',
		execMode: 'cluster',
		instances: 4,
		cpuPercent: 10,
		rssBytes: 100,
		restartCount: index,
		startedAtMs: nowMs - 1000 * (index + 1),
	}),
);
const worker = makeProcess({pmId: 1, name: 'worker', cpuPercent: 50, rssBytes: 50, restartCount: 9, startedAtMs: nowMs - 60_000});
const billing = makeProcess({pmId: 2, name: 'invoicer', namespace: 'billing', cpuPercent: 1, rssBytes: 500, status: 'errored'});
const processes = [...cluster, worker, billing];
const healths = new Map<number, Health>([
	[9, {level: 'warning', label: 'LEAK +5.0 MB/min'}],
	[2, {level: 'error', label: 'NOSTART'}],
]);
const healthOf = (pmId: number) => healths.get(pmId) ?? healthy;
const rows = (view: Partial<TableView> = {}) => buildRowModel(processes, {...initialTableView, ...view}, healthOf, nowMs);

describe('the table rows', () => {
	it('groups the instances of an app under one row with totals and the worst health, keyed apart from its instances', () => {
		const model = rows();
		expect(model.rows.map(row => [row.kind, row.key, row.name])).toEqual([
			['app', -1, 'api'],
			['process', 1, 'worker'],
			['process', 2, 'invoicer'],
		]);
		const app = model.rows[0]!;
		expect(app.display).toMatchObject({cpuPercent: 40, rssBytes: 400, restartCount: 6, startedAtMs: nowMs - 1000});
		expect(app.health).toEqual({level: 'warning', label: 'LEAK +5.0 MB/min'});
		expect(app.instances.map(process => process.pmId)).toEqual([0, 8, 9, 10]);
		expect(model).toMatchObject({shownProcesses: 6, totalProcesses: 6});
	});

	it('expands an app to its instances, right under it', () => {
		expect(rows({expanded: [-1]}).rows.map(row => `${row.kind}:${row.key}`)).toEqual([
			'app:-1',
			'instance:0',
			'instance:8',
			'instance:9',
			'instance:10',
			'process:1',
			'process:2',
		]);
	});

	it('sorts by each key, keeping instances under their app; the same order again on a new poll', () => {
		expect(rows({sort: 'cpu'}).rows.map(row => row.name)).toEqual(['worker', 'api', 'invoicer']);
		expect(rows({sort: 'memory'}).rows.map(row => row.name)).toEqual(['invoicer', 'api', 'worker']);
		expect(rows({sort: 'restarts'}).rows.map(row => row.name)).toEqual(['worker', 'api', 'invoicer']);
		expect(rows({sort: 'uptime'}).rows.map(row => row.name)).toEqual(['worker', 'api', 'invoicer']);
		expect(rows({sort: 'name'}).rows.map(row => row.name)).toEqual(['api', 'invoicer', 'worker']);
		expect(rows({sort: 'name', descending: true}).rows.map(row => row.name)).toEqual(['worker', 'invoicer', 'api']);
		expect(rows({sort: 'health'}).rows.map(row => row.name)).toEqual(['invoicer', 'api', 'worker']);
		const repolled = buildRowModel([...processes].reverse(), {...initialTableView, sort: 'cpu'}, healthOf, nowMs);
		expect(repolled.rows.map(row => row.name)).toEqual(['worker', 'api', 'invoicer']);
	});

	it('filters by name, namespace, id, status and health; regex; ! inverts; an invalid regex is taken literally', () => {
		const names = (filter: string) => rows({filter}).rows.map(row => `${row.kind}:${row.name}`);
		expect(names('work')).toEqual(['process:worker']);
		expect(names('billing')).toEqual(['process:invoicer']);
		expect(names('errored')).toEqual(['process:invoicer']);
		expect(names('^w.*r$')).toEqual(['process:worker']);
		expect(names('!api')).toEqual(['process:worker', 'process:invoicer']);
		expect(names('LEAK')).toEqual(['app:api', 'instance:api']);
		expect(names('[')).toEqual([]);
		expect(rows({filter: 'work'})).toMatchObject({shownProcesses: 1, totalProcesses: 6});
		// An id matches that instance, shown under its app.
		expect(rows({filter: '^10$'}).rows.map(row => `${row.kind}:${row.key}`)).toEqual(['app:-1', 'instance:10']);
	});

	it('scopes to one namespace', () => {
		expect(rows({namespace: 'billing'}).rows.map(row => row.name)).toEqual(['invoicer']);
	});

	it('counts health levels and finds the next problem, wrapping around', () => {
		expect(healthCounts(processes, healthOf)).toEqual({error: 1, warning: 1, ok: 4});
		const model = rows();
		expect(nextProblemKey(model.rows, null)).toBe(-1);
		expect(nextProblemKey(model.rows, -1)).toBe(2);
		expect(nextProblemKey(model.rows, 2)).toBe(-1);
		expect(nextProblemKey(model.rows, 2, -1)).toBe(-1);
		// Expanded: the instance with the problem, not its app row.
		expect(nextProblemKey(rows({expanded: [-1]}).rows, -1)).toBe(9);
		expect(nextProblemKey(buildRowModel([worker], initialTableView, healthOf, nowMs).rows, 1)).toBeNull();
	});

	it('compiles no filter for an empty pattern', () => {
		expect(compileFilter('')).toBeNull();
		expect(compileFilter('!')).toBeNull();
	});
});

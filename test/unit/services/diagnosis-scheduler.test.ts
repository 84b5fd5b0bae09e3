// The one diagnosis schedule, on a fake clock (vi.useFakeTimers) with a fake fact gatherer: when it runs,
// how fast, that it waits for the first poll, never overlaps runs, and stops when nobody listens.
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {emptyHostFacts, type DoctorFacts, type Finding} from '../../../source/doctor/check-types.js';
import {createDiagnosisScheduler, type DiagnosisScheduler, type FactGatherer} from '../../../source/services/diagnosis-scheduler.js';
import {createFakeStore, type FakeStore} from '../../helpers/fake-store.js';
import {makeProcess} from '../../helpers/process-fixture.js';

const finding: Finding = {
	id: 'restart-rate',
	severity: 'error',
	process: 'web',
	pmId: 0,
	title: 'web is in a restart loop',
	evidence: [],
	flow: 'restart-loop',
};

type Probe = {scheduler: DiagnosisScheduler; runs: number[]; release: () => void; store: FakeStore};

/** A scheduler whose gatherer records the (fake) time of each run; `slow` runs wait for release(). */
function probe(options: {slow?: boolean; store?: FakeStore} = {}): Probe {
	const store = options.store ?? createFakeStore([makeProcess({pmId: 0, name: 'web'})]);
	const runs: number[] = [];
	let pending: Array<() => void> = [];
	const gatherFacts: FactGatherer = async ({home, nowMs}) => {
		runs.push(Date.now());
		if (options.slow) await new Promise<void>(resolve => pending.push(resolve));
		return {nowMs, pm2Home: home, processes: [], polls: [], daemonLogLines: [], errorLogTails: {}, host: emptyHostFacts(home)} satisfies DoctorFacts;
	};
	const scheduler = createDiagnosisScheduler({store, gatherFacts, diagnose: () => [finding]});
	return {
		scheduler,
		runs,
		store,
		release: () => {
			const waiting = pending;
			pending = [];
			for (const resolve of waiting) resolve();
		},
	};
}

const secondsOf = (runs: number[], startMs: number) => runs.map(atMs => (atMs - startMs) / 1000);

describe('the diagnosis scheduler', () => {
	let startMs = 0;
	beforeEach(() => {
		vi.useFakeTimers();
		startMs = Date.now();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('runs nothing until someone subscribes, then at once; one result for every subscriber', async () => {
		const {scheduler, runs} = probe();
		await vi.advanceTimersByTimeAsync(10_000);
		expect(runs).toEqual([]);
		const badges = vi.fn();
		const doctor = vi.fn();
		const stopBadges = scheduler.subscribe(badges);
		const stopDoctor = scheduler.subscribe(doctor);
		await vi.advanceTimersByTimeAsync(0);
		expect(secondsOf(runs, startMs)).toEqual([10]);
		expect(scheduler.getSnapshot()).toMatchObject({status: 'done', findings: [finding]});
		expect(badges).toHaveBeenCalled();
		expect(doctor).toHaveBeenCalled();
		stopBadges();
		stopDoctor();
		await vi.advanceTimersByTimeAsync(120_000);
		expect(runs).toHaveLength(1);
	});

	it('runs every 10 s in the first minute for the table, then every 30 s; every 5 s while the doctor view is open', async () => {
		const {scheduler, runs} = probe();
		scheduler.subscribe(() => {});
		await vi.advanceTimersByTimeAsync(60_000);
		expect(secondsOf(runs, startMs)).toEqual([0, 10, 20, 30, 40, 50, 60]);
		runs.length = 0;
		await vi.advanceTimersByTimeAsync(60_000);
		expect(secondsOf(runs, startMs)).toEqual([90, 120]);
		runs.length = 0;
		await vi.advanceTimersByTimeAsync(10_000); // 130 s: the last run was 10 s ago
		scheduler.send({type: 'audience', audience: 'doctor'});
		await vi.advanceTimersByTimeAsync(0);
		await vi.advanceTimersByTimeAsync(10_000);
		expect(secondsOf(runs, startMs)).toEqual([130, 135, 140]);
	});

	it('pauses while no view shows findings, and catches up at once when one does', async () => {
		const {scheduler, runs} = probe();
		scheduler.subscribe(() => {});
		await vi.advanceTimersByTimeAsync(0);
		scheduler.send({type: 'audience', audience: 'none'});
		await vi.advanceTimersByTimeAsync(120_000);
		expect(secondsOf(runs, startMs)).toEqual([0]);
		scheduler.send({type: 'audience', audience: 'table'});
		await vi.advanceTimersByTimeAsync(0);
		expect(secondsOf(runs, startMs)).toEqual([0, 120]);
	});

	it('never runs two at a time: a re-run asked for during a run follows it', async () => {
		const {scheduler, runs, release} = probe({slow: true});
		scheduler.subscribe(() => {});
		await vi.advanceTimersByTimeAsync(0);
		expect(scheduler.getSnapshot().status).toBe('running');
		scheduler.send({type: 're-run'});
		scheduler.send({type: 're-run'});
		await vi.advanceTimersByTimeAsync(20_000);
		expect(runs).toHaveLength(1);
		release();
		await vi.advanceTimersByTimeAsync(0);
		expect(secondsOf(runs, startMs)).toEqual([0, 20]);
		release();
		await vi.advanceTimersByTimeAsync(0);
		expect(scheduler.getSnapshot().status).toBe('done');
		await vi.advanceTimersByTimeAsync(4_000);
		expect(runs).toHaveLength(2);
	});

	it('waits for the first poll: checks on an empty list would call the host healthy', async () => {
		const store = createFakeStore([], {connection: {kind: 'connecting', home: '/home/app/.pm2'}});
		const state = store.getState();
		(state as {snapshot: unknown}).snapshot = null;
		const {scheduler, runs} = probe({store});
		scheduler.subscribe(() => {});
		await vi.advanceTimersByTimeAsync(3000);
		expect(runs).toEqual([]);
		store.setProcesses([makeProcess({pmId: 0, name: 'web'})]);
		await vi.advanceTimersByTimeAsync(0);
		expect(secondsOf(runs, startMs)).toEqual([3]);
	});

	it('gives up on a run that hangs (a stuck /proc read) and keeps to its schedule', async () => {
		const {scheduler, runs} = probe({slow: true});
		scheduler.subscribe(() => {});
		await vi.advanceTimersByTimeAsync(29_000);
		expect(scheduler.getSnapshot().status).toBe('running');
		await vi.advanceTimersByTimeAsync(1000);
		expect(scheduler.getSnapshot()).toMatchObject({status: 'failed', error: 'the checks took longer than 30 s (a slow /proc or file system?)'});
		await vi.advanceTimersByTimeAsync(100);
		expect(secondsOf(runs, startMs).map(Math.round)).toEqual([0, 30]);
	});

	it('reports a failed run and keeps the previous findings', async () => {
		const store = createFakeStore([makeProcess({pmId: 0, name: 'web'})]);
		let failNext = false;
		const scheduler = createDiagnosisScheduler({
			store,
			diagnose: () => [finding],
			gatherFacts: async ({home, nowMs}) => {
				if (failNext) throw new Error('permission denied on /proc');
				return {nowMs, pm2Home: home, processes: [], polls: [], daemonLogLines: [], errorLogTails: {}, host: emptyHostFacts(home)};
			},
		});
		scheduler.subscribe(() => {});
		await vi.advanceTimersByTimeAsync(0);
		failNext = true;
		scheduler.send({type: 're-run'});
		await vi.advanceTimersByTimeAsync(0);
		expect(scheduler.getSnapshot()).toMatchObject({status: 'failed', error: 'permission denied on /proc', findings: [finding]});
	});
});

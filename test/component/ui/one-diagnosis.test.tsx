// The App runs the doctor's checks on one schedule: the row badges and the doctor view show the same
// run's findings, the schedule learns which view is open, and `c` in the doctor view re-runs it. A run whose
// findings give the same health labels redraws nothing: the scheduler notifies when a run starts and when it ends.
import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {emptyHostFacts, type Finding} from '../../../source/doctor/check-types.js';
import {createDiagnosisScheduler, type DiagnosisCommand} from '../../../source/services/diagnosis-scheduler.js';
import {createUiServices} from '../../../source/services/ui-services.js';
import {App} from '../../../source/ui/app.js';
import {createFakeStore} from '../../helpers/fake-store.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {renderInk, type InkHarness} from '../../helpers/render-ink.js';

let harness: InkHarness | undefined;
afterEach(() => harness?.unmount());

/** A scheduler whose runs gather nothing and find what `diagnose` returns for the run's number (from 1). */
function countingScheduler(store: ReturnType<typeof createFakeStore>, diagnose: (run: number) => Finding[]) {
	let runs = 0;
	const scheduler = createDiagnosisScheduler({
		store,
		intervals: {tableMs: 600_000, warmUpTableMs: 600_000, doctorMs: 600_000},
		gatherFacts: async ({home, nowMs}) => {
			runs++;
			return {nowMs, pm2Home: home, processes: [], polls: [], daemonLogLines: [], errorLogTails: {}, host: emptyHostFacts(home)};
		},
		diagnose: () => diagnose(runs),
	});
	return {scheduler, runs: () => runs};
}

describe('one diagnosis for the table and the doctor view', () => {
	it('shows the same findings in both, follows the open view, and re-runs on c', async () => {
		const store = createFakeStore([makeProcess({pmId: 0, name: 'api'}), makeProcess({pmId: 1, name: 'worker', restartCount: 40})]);
		const loop = (run: number): Finding => ({
			id: 'restart-rate',
			severity: 'error',
			process: 'worker',
			pmId: 1,
			title: `worker is in a restart loop (run ${run})`,
			evidence: [],
			flow: 'restart-loop',
		});
		const {scheduler, runs} = countingScheduler(store, run => [loop(run)]);
		const audiences: string[] = [];
		const send = scheduler.send;
		scheduler.send = (command: DiagnosisCommand) => {
			if (command.type === 'audience') audiences.push(command.audience);
			send(command);
		};
		harness = renderInk(<App store={store} readOnly={false} noColor services={{...createUiServices(store), diagnosis: scheduler}} />, {columns: 120, rows: 40});
		// The health column names the problem the finding is about.
		const frame = await harness.waitForFrame(f => /worker\s.*LOOP/.test(f), {what: 'the LOOP health on the worker row'});
		expect(frame).not.toMatch(/api\s.*LOOP/);
		expect(frame).toContain('1 error · 1 ok');
		expect(runs()).toBe(1);

		await harness.press('d');
		await harness.waitForFrame(f => f.includes('worker is in a restart loop (run 1)'), {what: 'the doctor view'});
		expect(runs()).toBe(1); // the doctor view shows the table's run, it does not start its own
		expect(audiences.at(-1)).toBe('doctor');

		await harness.press('c');
		await harness.waitForFrame(f => f.includes('worker is in a restart loop (run 2)'), {what: 'the re-run'});
		await harness.press('q');
	});
});

describe('diagnosis runs and renders', () => {
	it('does not re-render the App for a run that changes no health label, and does for one that does', async () => {
		const store = createFakeStore([makeProcess({pmId: 0, name: 'api'}), makeProcess({pmId: 1, name: 'worker', restartCount: 40})]);
		let severity: Finding['severity'] = 'error';
		// A new array and new objects on every run, as the checks return them.
		const {scheduler, runs} = countingScheduler(store, run => [
			{id: 'restart-rate', severity, process: 'worker', pmId: 1, title: `worker restarts (run ${run})`, evidence: [], flow: 'restart-loop'},
		]);
		let commits = 0;
		harness = renderInk(
			<React.Profiler id="app" onRender={() => commits++}>
				<App store={store} readOnly={false} noColor services={{...createUiServices(store), diagnosis: scheduler}} />
			</React.Profiler>,
			{columns: 120, rows: 40},
		);
		await harness.waitForFrame(f => /worker\s.*LOOP/.test(f) && f.includes('1 error'), {what: 'the LOOP label on the worker row, counted as an error'});
		const runDone = () =>
			new Promise<void>(resolve => {
				const unsubscribe = scheduler.subscribe(() => {
					if (scheduler.getSnapshot().status !== 'done') return;
					unsubscribe();
					resolve();
				});
			});
		// Start-up renders (log panel, first poll) are over once no commit came for a while.
		const settled = async () => {
			for (let seen = -1; seen !== commits;) {
				seen = commits;
				await new Promise(resolve => setTimeout(resolve, 300));
			}
		};
		await settled();
		const commitsBefore = commits;

		let done = runDone();
		scheduler.send({type: 're-run'});
		await done;
		await settled();
		expect(runs()).toBe(2);
		expect(commits).toBe(commitsBefore);

		severity = 'warning';
		done = runDone();
		scheduler.send({type: 're-run'});
		await done;
		await harness.waitForFrame(f => f.includes('1 warning'), {what: 'the worker counted as a warning'});
		expect(commits).toBeGreaterThan(commitsBefore);
	});
});

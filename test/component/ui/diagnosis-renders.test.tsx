// A diagnosis run whose findings give the same badges redraws nothing: the scheduler notifies when a run
// starts and when it ends, and the table follows only the badges.
import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {emptyHostFacts, type Finding} from '../../../source/doctor/check-types.js';
import {createDiagnosisScheduler} from '../../../source/services/diagnosis-scheduler.js';
import {createUiServices} from '../../../source/services/ui-services.js';
import {App} from '../../../source/ui/app.js';
import {createFakeStore} from '../../helpers/fake-store.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {renderInk, type InkHarness} from '../../helpers/render-ink.js';

let harness: InkHarness | undefined;
afterEach(() => harness?.unmount());

describe('diagnosis runs and renders', () => {
	it('does not re-render the App for a run that changes no badge, and does for one that does', async () => {
		const store = createFakeStore([makeProcess({pmId: 0, name: 'api'}), makeProcess({pmId: 1, name: 'worker', restartCount: 40})]);
		let runs = 0;
		let severity: Finding['severity'] = 'error';
		const scheduler = createDiagnosisScheduler({
			store,
			intervals: {tableMs: 600_000, warmUpTableMs: 600_000, doctorMs: 600_000},
			gatherFacts: async ({home, nowMs}) => {
				runs++;
				return {nowMs, pm2Home: home, processes: [], polls: [], daemonLogLines: [], errorLogTails: {}, host: emptyHostFacts(home)};
			},
			// A new array and new objects on every run, as the checks return them.
			diagnose: () => [{id: 'restart-rate', severity, process: 'worker', pmId: 1, title: `worker restarts (run ${runs})`, evidence: [], flow: 'restart-loop'}],
		});
		let commits = 0;
		harness = renderInk(
			<React.Profiler id="app" onRender={() => commits++}>
				<App store={store} readOnly={false} noColor services={{...createUiServices(store), diagnosis: scheduler}} />
			</React.Profiler>,
			{columns: 120, rows: 40},
		);
		// The row names the problem (LOOP) whatever its severity; the header counts processes by severity.
		await harness.waitForFrame(f => /worker\s.*LOOP/.test(f) && f.includes('· 1 error ·'), {what: 'the worker counted as an error'});
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
		expect(runs).toBe(2);
		expect(commits).toBe(commitsBefore);

		severity = 'warning';
		done = runDone();
		scheduler.send({type: 're-run'});
		await done;
		await harness.waitForFrame(f => f.includes('· 1 warning ·'), {what: 'the worker counted as a warning'});
		expect(commits).toBeGreaterThan(commitsBefore);
	});
});

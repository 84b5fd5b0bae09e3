// An open screen on a quiet box: every poll brings new figures and nothing else. The App reads the store
// through the frame gate, so a minute of such polls draws a frame about every third poll, not at every one,
// while a change that is news (a status) is drawn with the poll that brings it.
import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import type {ProcessSnapshot} from '../../../source/model/types.js';
import {createFrameGate} from '../../../source/services/store/frame-gate.js';
import {createUiServices} from '../../../source/services/ui-services.js';
import {App} from '../../../source/ui/app.js';
import {createFakeStore} from '../../helpers/fake-store.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {renderInk, type InkHarness} from '../../helpers/render-ink.js';

let harness: InkHarness | undefined;
afterEach(() => harness?.unmount());

const tick = () => new Promise<void>(resolve => setImmediate(resolve));

const startedAtMs = Date.now() - 65_000;

function processes(poll: number, status: ProcessSnapshot['status'] = 'online'): ProcessSnapshot[] {
	const figures = {cpuPercent: poll % 3, rssBytes: 50e6 + poll * 4096, heapUsedBytes: 4e6 + poll * 1024};
	return [0, 1, 2].map(pmId => makeProcess({pmId, name: `worker-${pmId}`, status, startedAtMs, createdAtMs: startedAtMs, ...figures}));
}

describe('quiet frames', () => {
	it('draws a minute of figure-only polls in at most 21 commits, and a status change at once', async () => {
		let clockMs = 1_000_000;
		const store = createFakeStore(processes(0));
		const services = {...createUiServices(store), frames: createFrameGate(store, {quietFrameIntervalMs: 2500, now: () => clockMs})};
		let commits = 0;
		harness = renderInk(
			<React.Profiler id="app" onRender={() => commits++}>
				<App store={store} readOnly={false} noColor services={services} />
			</React.Profiler>,
			{columns: 120, rows: 40},
		);
		await harness.waitForFrame(f => f.includes('worker-2'), {what: 'the three workers'});
		// Start-up renders (log panel, diagnosis) are over once no commit came for a while.
		for (let seen = -1; seen !== commits;) {
			seen = commits;
			await new Promise(resolve => setTimeout(resolve, 300));
		}

		const commitsBefore = commits;
		for (let poll = 1; poll <= 60; poll++) {
			clockMs += 1000;
			store.setProcesses(processes(poll));
			await tick();
		}
		await tick();
		const quietCommits = commits - commitsBefore;
		expect(quietCommits).toBeGreaterThanOrEqual(15);
		expect(quietCommits).toBeLessThanOrEqual(21);

		// The figures on screen are at most two polls behind.
		clockMs += 1000;
		const commitsBeforeNews = commits;
		store.setProcesses(processes(61, 'errored'));
		await harness.waitForFrame(f => /worker-0\s.*errored/.test(f), {what: 'the errored status'});
		expect(commits).toBeGreaterThan(commitsBeforeNews);
	});
});

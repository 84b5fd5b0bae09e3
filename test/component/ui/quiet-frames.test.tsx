// An open screen on a quiet box: every poll brings new figures and nothing else. The App reads the store
// through the frame gate, so a minute of such polls draws a frame about every third poll, not at every one,
// while a change that is news (a status) is drawn with the poll that brings it. And what such a frame draws
// again is the table and the trends, not the header, the footer, the detail pane or the log panel: each of those
// is counted by a function only its render calls.
import React from 'react';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {ProcessSnapshot} from '../../../source/model/types.js';
import {createFrameGate} from '../../../source/services/store/frame-gate.js';
import {createUiServices} from '../../../source/services/ui-services.js';
import {App} from '../../../source/ui/app.js';
import {createFakeStore} from '../../helpers/fake-store.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {renderInk, type InkHarness} from '../../helpers/render-ink.js';

const renders = vi.hoisted(() => ({header: 0, footer: 0, detail: 0, logPanel: 0}));

vi.mock('../../../source/ui/connection-text.js', async importOriginal => {
	const original = await importOriginal<typeof import('../../../source/ui/connection-text.js')>();
	return {...original, headerText: (...args: Parameters<typeof original.headerText>) => (renders.header++, original.headerText(...args))};
});
vi.mock('../../../source/ui/keymap-resolve.js', async importOriginal => {
	const original = await importOriginal<typeof import('../../../source/ui/keymap-resolve.js')>();
	return {...original, footerHints: (...args: Parameters<typeof original.footerHints>) => (renders.footer++, original.footerHints(...args))};
});
vi.mock('../../../source/ui/detail-lines.js', async importOriginal => {
	const original = await importOriginal<typeof import('../../../source/ui/detail-lines.js')>();
	return {...original, detailLines: (...args: Parameters<typeof original.detailLines>) => (renders.detail++, original.detailLines(...args))};
});
vi.mock('../../../source/ui/logs/use-log-session.js', async importOriginal => {
	const original = await importOriginal<typeof import('../../../source/ui/logs/use-log-session.js')>();
	return {...original, useLogSession: (...args: Parameters<typeof original.useLogSession>) => (renders.logPanel++, original.useLogSession(...args))};
});

let harness: InkHarness | undefined;
afterEach(() => harness?.unmount());
beforeEach(() => Object.assign(renders, {header: 0, footer: 0, detail: 0, logPanel: 0}));

const tick = () => new Promise<void>(resolve => setImmediate(resolve));
const startedAtMs = Date.now() - 65_000;

function processes(poll: number, status: ProcessSnapshot['status'] = 'online'): ProcessSnapshot[] {
	const figures = {cpuPercent: poll % 7, rssBytes: 50e6 + poll * 4096, heapUsedBytes: 4e6 + poll * 1024};
	return [0, 1, 2].map(pmId => makeProcess({pmId, name: `worker-${pmId}`, status, startedAtMs, createdAtMs: startedAtMs, ...figures}));
}

describe('quiet frames', () => {
	it('draws a minute of figure-only polls in at most 21 commits, redrawing only the table, and a status change at once', async () => {
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
		// Start-up renders are over once each start-up task shows its outcome: the diagnosis its findings (no
		// "Checking…"), the recorded history its status, and the log panel both files' states after the back-fill.
		await harness.waitForFrame(f => !f.includes('Checking…') && f.includes('rec off') && f.includes('No log lines yet.') && /err: \S+ \(waiti/.test(f), {
			timeoutMs: 15_000,
			what: 'the start-up renders: findings, recording status, both log files waiting',
		});

		const commitsBefore = commits;
		const before = {...renders};
		for (let poll = 1; poll <= 60; poll++) {
			clockMs += 1000;
			store.setProcesses(processes(poll));
			await tick();
		}
		await tick();
		const quietCommits = commits - commitsBefore;
		expect(quietCommits).toBeGreaterThanOrEqual(15);
		expect(quietCommits).toBeLessThanOrEqual(21);
		// The figures did reach the screen: poll 60's CPU (60 % 7 = 4 %).
		expect(harness.lastFrame()).toMatch(/worker-0 .* 4(\.0)?%/);
		expect({
			header: renders.header - before.header,
			footer: renders.footer - before.footer,
			detail: renders.detail - before.detail,
			logPanel: renders.logPanel - before.logPanel,
		}).toEqual({
			header: 0,
			footer: 0,
			detail: 0,
			logPanel: 0,
		});

		// A status is news, drawn with its poll, for the detail pane (and the header's counts) as well.
		const detailRenders = renders.detail;
		const commitsBeforeNews = commits;
		clockMs += 1000;
		store.setProcesses(processes(61, 'errored'));
		await harness.waitForFrame(f => /worker-0 \(id 0\).*errored/.test(f), {what: 'the detail pane saying errored'});
		expect(commits).toBeGreaterThan(commitsBeforeNews);
		expect(renders.detail).toBeGreaterThan(detailRenders);
	});
});

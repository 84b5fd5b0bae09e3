// The clock the UI shows against the connection state: the retry countdown right after an outage starts,
// uptimes frozen at the last poll while the data is stale, and the "not answering" state of a stopped daemon.
import React from 'react';
import {afterEach, expect, it, vi} from 'vitest';
import {App} from '../../../source/ui/app.js';
import {createFakeStore} from '../../helpers/fake-store.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {renderInk, stripAnsi, type InkHarness} from '../../helpers/render-ink.js';
import {uiServicesFor} from '../../helpers/ui-services.js';

let harness: InkHarness | undefined;
afterEach(() => {
	harness?.unmount();
	vi.restoreAllMocks();
});

/** Moves Date.now forward by `offsetMs` (timers keep running on the real clock). */
function skewClock() {
	const realNow = Date.now.bind(Date);
	let offsetMs = 0;
	vi.spyOn(Date, 'now').mockImplementation(() => realNow() + offsetMs);
	return (byMs: number) => {
		offsetMs += byMs;
	};
}

const uptimeOf = (frame: string, name: string) =>
	frame
		.split('\n')
		.find(line => line.includes(name))
		?.match(/\s(\d+m(?: \d+s)?|\d+s)\s/)?.[1];

it('counts the first retry down from the real time, not from when the UI started', async () => {
	const forward = skewClock();
	const store = createFakeStore([makeProcess({pmId: 0, name: 'api'})]);
	harness = renderInk(<App store={store} readOnly={false} noColor services={uiServicesFor(store)} />, {columns: 120, rows: 30});
	await harness.waitForFrame(f => f.includes('attached (daemon pid 4242)'));
	forward(63_000);
	const framesBefore = harness.frames.length;
	store.setConnection({
		kind: 'unreachable',
		home: store.home,
		reason: 'the daemon closed the connection',
		sinceMs: Date.now(),
		nextRetryAtMs: Date.now() + 1000,
	});
	await harness.waitForFrame(f => f.includes('PM2 daemon unreachable — retrying in'));
	const countdowns = harness.frames
		.slice(framesBefore)
		.map(frame => stripAnsi(frame).match(/retrying in (\d+)s/)?.[1])
		.filter(seconds => seconds !== undefined)
		.map(Number);
	expect(countdowns.length).toBeGreaterThan(0);
	expect(Math.max(...countdowns)).toBeLessThanOrEqual(1);
	expect(harness.lastFrame()).not.toContain('last update – ago');
});

it('shows a stopped daemon as not answering: uptimes stop at the last poll, actions are refused', async () => {
	const forward = skewClock();
	const store = createFakeStore([makeProcess({pmId: 0, name: 'api', startedAtMs: Date.now() - 65_000})]);
	harness = renderInk(<App store={store} readOnly={false} noColor services={uiServicesFor(store, {actionsClient: store.actionsClient})} />, {
		columns: 120,
		rows: 30,
	});
	const attached = await harness.waitForFrame(f => f.includes('attached (daemon pid 4242)') && f.includes('api'));
	expect(uptimeOf(attached, 'api')).toBe('1m 5s');

	forward(5000);
	store.setConnection({
		kind: 'not-answering',
		home: store.home,
		daemonPid: 4242,
		reason: 'no answer to the process list within 5 s',
		sinceMs: Date.now() - 5000,
	});
	forward(600_000);
	const frozen = await harness.waitForFrame(f => f.includes('PM2 daemon (pid 4242) not answering for 10m'));
	expect(frozen).toMatch(/stale \(last update 10m 5s ago\): no answer to the process list within 5 s/);
	expect(uptimeOf(frozen, 'api')).toBe('1m 5s');

	await harness.press('r');
	await harness.waitForFrame(f => f.includes('Restart refused: the PM2 daemon at /home/app/.pm2 is not answering'));
	expect(store.actions).toEqual([]);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {createRingBuffer} from '../../../../source/model/ring-buffer.js';
import {timelineFor} from '../../../../source/model/restart-timeline.js';
import {createTimelineFeed, type TimelineFeed} from '../../../../source/services/store/timeline-feed.js';
import {loopBadgeFor} from '../../../../source/ui/trends/trends-data.js';
import {processSnapshot, snapshotOf} from '../../model/process-fixture.js';

const base = new Date(2026, 10, 25, 10, 0, 0).getTime();
const stamp = (ms: number) => {
	const d = new Date(ms);
	const p = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};

let feed: TimelineFeed | null = null;
let dir: string | null = null;
afterEach(() => {
	feed?.close();
	if (dir) fs.rmSync(dir, {recursive: true, force: true});
	feed = null;
	dir = null;
});

describe('createTimelineFeed', () => {
	it('back-fills error logs after the pm2.log back-fill, reads stderr after live exits, and gives a loop badge', async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trends-feed-'));
		const errLog = path.join(dir, 'api-error.log');
		fs.writeFileSync(errLog, ['boot 1', 'Error: old crash', '    at a (api.js:1:1)', 'boot 2', ''].join('\n'));
		let changes = 0;
		let clock = base + 60_000;
		feed = createTimelineFeed({now: () => clock, onChange: () => changes++, stderrDelayMs: 5, daemonLogWaitMs: 0});
		const api = processSnapshot({pmId: 0, name: 'api', errLogPath: errLog, restartCount: 1});
		const first = snapshotOf(clock, api);
		feed.onSnapshot(null, first);
		// The store's follower delivers the pm2.log back-fill: one exit from before attaching.
		feed.onDaemonLogLines([
			{receivedAtMs: clock, text: `${stamp(base)}: PM2 log: App [api:0] starting in -fork mode-`},
			{receivedAtMs: clock, text: `${stamp(base + 3000)}: PM2 log: App [api:0] exited with code [1] via signal [SIGINT]`},
		]);
		await expect.poll(() => timelineFor(feed!.state, 0)[0]?.cause.kind).toBe('exception');
		expect(timelineFor(feed.state, 0)[0]).toMatchObject({origin: 'history', stderrMatchedByOrder: true, stderrTail: ['boot 1', 'Error: old crash']});

		// A live crash: its stderr is appended, then the exit is logged and the tail is read on demand.
		fs.appendFileSync(errLog, ['TypeError: fresh', '    at b (api.js:2:2)', ''].join('\n'));
		clock += 2000;
		feed.onDaemonLogLines([{receivedAtMs: clock, text: `${stamp(clock)}: PM2 log: App [api:0] exited with code [1] via signal [SIGINT]`}]);
		await expect.poll(() => timelineFor(feed!.state, 0)[1]?.cause.kind).toBe('exception');
		expect(timelineFor(feed.state, 0)[1]).toMatchObject({origin: 'live', stderrTail: ['boot 2', 'TypeError: fresh'], cause: {message: 'fresh'}});
		expect(changes).toBeGreaterThanOrEqual(2);

		for (let i = 1; i <= 3; i++) {
			feed.onDaemonLogLines([
				{receivedAtMs: clock + i * 1000, text: `${stamp(clock + i * 1000)}: PM2 log: App [api:0] exited with code [1] via signal [SIGINT]`},
			]);
		}
		const state = {
			revision: 1,
			connection: {kind: 'attached' as const, home: dir, daemonPid: 1, sinceMs: clock},
			snapshot: snapshotOf(clock + 4000, api),
			histories: new Map(),
			polls: [],
			daemonLog: createRingBuffer<never>(1),
			lastPollDurationMs: 1,
			pollIntervalMs: 1000,
			timeline: feed.state,
		};
		expect(loopBadgeFor(state, api)).toBe('LOOP 4/1m');
		expect(loopBadgeFor({...state, timeline: undefined}, api)).toBe('');
	});
});

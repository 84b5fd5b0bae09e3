// Restart causes, stderr and loop detection against a real PM2 7 daemon: an app that throws an
// uncaught exception after 1.2 s (a loop PM2 never marks errored), an app restarted for its
// max_memory_restart, and a watched app restarted by a file change. The daemon is started with
// PM2_WORKER_INTERVAL=2000 (in the env of the first pm2 command) so memory checks run every 2 s.
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {assessRestartLoop} from '../../../../source/model/restart-loop.js';
import {createTimelineState, timelineFor, advanceTimeline, type RestartEvent, type TimelineState} from '../../../../source/model/restart-timeline.js';
import {observeDaemonLogLines} from '../../../../source/model/timeline-daemon-log.js';
import {observeSnapshot} from '../../../../source/model/timeline-polls.js';
import {takeExitsAwaitingStderr} from '../../../../source/model/timeline-stderr.js';
import type {DaemonSnapshot} from '../../../../source/model/types.js';
import {DaemonClient} from '../../../../source/pm2/daemon-client.js';
import {backfillErrorLogs, readStderrForExit} from '../../../../source/services/store/backfill.js';
import {describeCause} from '../../../../source/ui/trends/trend-text.js';
import {createPm2Sandbox, fixtureAppsDir, repoRoot, run, waitFor, type Pm2Sandbox} from '../../../helpers/pm2-sandbox.js';

const pm2Bin = path.join(repoRoot, 'node_modules', 'pm2', 'bin', 'pm2');

let sandbox: Pm2Sandbox;
let client: DaemonClient;
let watchedDir: string;

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-trends-');
	// The worker interval is read once, when the daemon starts: give it to the command that spawns it.
	const ping = await run(process.execPath, [pm2Bin, 'ping'], {env: {...sandbox.env, PM2_WORKER_INTERVAL: '2000'}, cwd: sandbox.workDir});
	expect(ping.code).toBe(0);
	watchedDir = path.join(sandbox.workDir, 'watched');
	fs.mkdirSync(watchedDir);
	fs.copyFileSync(path.join(fixtureAppsDir, 'trends-watched.cjs'), path.join(watchedDir, 'app.cjs'));
	for (const args of [
		['start', path.join(fixtureAppsDir, 'trends-throws-late.cjs'), '--name', 'thrower'],
		['start', path.join(fixtureAppsDir, 'trends-mem-hog.cjs'), '--name', 'hog', '--max-memory-restart', '100M'],
		['start', path.join(watchedDir, 'app.cjs'), '--name', 'watched', '--watch'],
	]) {
		const result = await sandbox.pm2(args, {cwd: watchedDir});
		expect(result.code, result.stderr).toBe(0);
	}
	client = new DaemonClient(sandbox.home);
	const outcome = await client.attach(() => {});
	expect(outcome.ok).toBe(true);
});

afterAll(async () => {
	client?.detach();
	await sandbox?.destroy();
});

const pm2LogPath = () => path.join(sandbox.home, 'pm2.log');

/** Follows pm2.log by offset, like the store's follower, feeding complete lines to the timeline. */
function createLogReader(timeline: TimelineState) {
	let offset = 0;
	let partial = '';
	return () => {
		const data = fs.readFileSync(pm2LogPath());
		const chunk = partial + data.subarray(offset).toString('utf8');
		offset = data.length;
		const lines = chunk.split('\n');
		partial = lines.pop() ?? '';
		observeDaemonLogLines(
			timeline,
			lines.map(text => ({receivedAtMs: Date.now(), text})),
		);
	};
}

const byName = (snapshot: DaemonSnapshot, name: string) => snapshot.processes.find(p => p.name === name)!;
const summaryOf = (events: readonly RestartEvent[]) =>
	events.map(e => `${e.exitTimeSource}:${e.exitAtMs % 100_000}+${e.extraExits} up ${e.uptimeBeforeExitMs ?? '?'}`).join(' ');

describe('restart timeline with a real PM2 daemon', () => {
	let live: TimelineState;
	let last: DaemonSnapshot;

	it('the daemon really runs its worker every 2 s (PM2_WORKER_INTERVAL in the first command)', () => {
		expect(fs.readFileSync(pm2LogPath(), 'utf8')).toMatch(/Worker Interval\s+: 2000/);
	});

	it('records uncaught exceptions with exit code and stderr, memory-limit and watch restarts, live', async () => {
		live = createTimelineState();
		const readLog = createLogReader(live);
		let previous: DaemonSnapshot | null = null;
		const pendingReads: Array<Promise<void>> = [];
		let touched = false;
		const startedAt = Date.now();
		const eventsOf = (name: string): readonly RestartEvent[] => (last ? timelineFor(live, byName(last, name).pmId) : []);
		await waitFor(
			async () => {
				const snapshot: DaemonSnapshot = {takenAtMs: Date.now(), processes: await client.listProcesses()};
				observeSnapshot(live, previous, snapshot);
				previous = snapshot;
				last = snapshot;
				readLog();
				for (const pmId of takeExitsAwaitingStderr(live)) {
					const process = snapshot.processes.find(p => p.pmId === pmId)!;
					// The store's own delay (timeline-feed.ts, stderrDelayMs): PM2 writes the error log after the exit.
					const stderrDelayMs = 1000;
					pendingReads.push(new Promise(resolve => setTimeout(resolve, stderrDelayMs)).then(() => readStderrForExit(live, process, Date.now)));
				}
				if (!touched && Date.now() - startedAt > 3000) {
					fs.writeFileSync(path.join(watchedDir, 'touched.txt'), 'x');
					touched = true;
				}
				const exceptions = eventsOf('thrower').filter(e => e.cause.kind === 'exception').length;
				const memory = eventsOf('hog').some(e => e.cause.kind === 'memory-limit');
				const watch = eventsOf('watched').some(e => e.cause.kind === 'watch');
				return exceptions >= 3 && memory && watch;
			},
			{timeoutMs: 40_000, intervalMs: 1000, what: 'exception, memory-limit and watch restarts in the timeline'},
		);
		await Promise.all(pendingReads);
		advanceTimeline(live, Date.now() + 10_000);

		const thrower = eventsOf('thrower').filter(e => e.cause.kind === 'exception');
		const crash = thrower.at(-1)!;
		expect(crash.exitCode).toBe(1);
		expect(crash.signal).toBeNull();
		expect(crash.cause).toMatchObject({kind: 'exception', name: 'TypeError', message: "Cannot read properties of undefined (reading 'token')"});
		expect(crash.cause.kind === 'exception' && crash.cause.topFrame).toMatch(/trends-throws-late\.cjs:8:\d+\)$/);
		expect(crash.stderrTail).toContain('payment gateway handshake failed, giving up');
		// The uptime is unknown (null) for an exit whose run was never polled: two exits between two polls, as
		// under load. Every known one is the run's ~1.2 s, and at least one is known.
		const uptimesMs = thrower.flatMap(e => (e.uptimeBeforeExitMs === null ? [] : [e.uptimeBeforeExitMs]));
		expect(uptimesMs.length, summaryOf(thrower)).toBeGreaterThanOrEqual(1);
		for (const uptimeMs of uptimesMs) {
			expect(uptimeMs, summaryOf(thrower)).toBeGreaterThanOrEqual(0);
			expect(uptimeMs, summaryOf(thrower)).toBeLessThan(6000);
		}
		// No exit counted twice: the poll and pm2.log agree on the number of restarts.
		const throwerNow = byName(last, 'thrower');
		const recorded = eventsOf('thrower').reduce((sum, e) => sum + 1 + e.extraExits, 0);
		expect(
			Math.abs(recorded - throwerNow.restartCount),
			`restart_time ${throwerNow.restartCount}, exits ${summaryOf(eventsOf('thrower'))}`,
		).toBeLessThanOrEqual(1);

		const memory = eventsOf('hog').find(e => e.cause.kind === 'memory-limit')!;
		expect(memory.cause).toMatchObject({kind: 'memory-limit', limitBytes: 100 * 1024 * 1024});
		expect(memory.cause.kind === 'memory-limit' && memory.cause.rssBytes).toBeGreaterThan(100 * 1024 * 1024);
		expect(memory.exitCode).toBe(0);

		const watch = eventsOf('watched').find(e => e.cause.kind === 'watch')!;
		expect(describeCause(watch)).toBe('watch: touched.txt changed');

		// A loop PM2 never marks errored: each run lives longer than min_uptime.
		const loop = assessRestartLoop(eventsOf('thrower'), throwerNow, {nowMs: Date.now()});
		expect(loop.kind).toBe('loop');
		expect(loop.detail).toContain('PM2 will never mark it errored');
		// Each run lives about 1.2 s (+ Node start-up): the estimate must not collapse to the second grid.
		expect(loop.medianUptimeMs!, loop.detail).toBeGreaterThan(900);
		expect(loop.medianUptimeMs!, loop.detail).toBeLessThan(5000);
		expect(throwerNow.status).not.toBe('errored');
	});

	it('back-fills the same causes from pm2.log and the error logs written before attaching', async () => {
		const history = createTimelineState();
		// Attach "a minute later": every line is older than the history threshold.
		const attachAtMs = Date.now() + 60_000;
		const lines = fs.readFileSync(pm2LogPath(), 'utf8').split('\n').filter(Boolean);
		observeDaemonLogLines(
			history,
			lines.map(text => ({receivedAtMs: attachAtMs, text})),
		);
		const snapshot: DaemonSnapshot = {takenAtMs: attachAtMs, processes: await client.listProcesses()};
		observeSnapshot(history, null, snapshot);
		const read = await backfillErrorLogs(history, snapshot.processes);
		expect(read.filesRead).toBeGreaterThanOrEqual(1);

		const thrower = timelineFor(history, byName(snapshot, 'thrower').pmId);
		expect(thrower.length).toBeGreaterThanOrEqual(3);
		expect(thrower.every(e => e.origin === 'history')).toBe(true);
		const matched = thrower.filter(e => e.cause.kind === 'exception');
		expect(matched.length).toBeGreaterThanOrEqual(3);
		expect(matched.at(-1)!.stderrMatchedByOrder).toBe(true);
		expect(matched.at(-1)!.stderrTail).toContain('payment gateway handshake failed, giving up');
		expect(timelineFor(history, byName(snapshot, 'hog').pmId).some(e => e.cause.kind === 'memory-limit')).toBe(true);
		expect(timelineFor(history, byName(snapshot, 'watched').pmId).some(e => e.cause.kind === 'watch')).toBe(true);
	});
});

import {describe, expect, it} from 'vitest';
import {advanceTimeline, createTimelineState, timelineFor, type TimelineState} from '../../../source/model/restart-timeline.js';
import {observeDaemonLogLines} from '../../../source/model/timeline-daemon-log.js';
import {observeSnapshot} from '../../../source/model/timeline-polls.js';
import {backfillErrorLog, observeErrorLogLines, observeErrorLogTail, takeExitsAwaitingStderr} from '../../../source/model/timeline-stderr.js';
import {processSnapshot, snapshotOf} from './process-fixture.js';

// pm2.log times are local, second precision: build them from a local base time.
const base = new Date(2026, 10, 25, 13, 17, 30).getTime();
const stamp = (ms: number) => {
	const d = new Date(ms);
	const p = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};
/** Feeds pm2.log lines written at `atMs` and received 100 ms later. */
const log = (state: TimelineState, atMs: number, ...texts: string[]) =>
	observeDaemonLogLines(
		state,
		texts.map(text => ({receivedAtMs: atMs + 100, text: `${stamp(atMs)}: PM2 log: ${text}`})),
	);

const stack = [
	"TypeError: Cannot read properties of undefined (reading 'token')",
	'    at Timeout._onTimeout (/app/throws.cjs:8:8)',
	'    at listOnTimeout (node:internal/timers:581:17)',
];

describe('restart timeline from pm2.log and the error log (live)', () => {
	it('records an uncaught exception with uptime, exit code, message, top frame and stderr; carries the next run’s lines over', () => {
		const state = createTimelineState();
		log(state, base, 'App [thrower:0] starting in -fork mode-', 'App [thrower:0] online');
		observeErrorLogLines(state, 0, ['warming up the payment gateway client', 'payment gateway handshake failed, giving up', ...stack], base + 1300);
		log(state, base + 2000, 'App [thrower:0] exited with code [1] via signal [SIGINT]', 'App [thrower:0] starting in -fork mode-', 'App [thrower:0] online');
		// The next run writes its first line within the grace period.
		observeErrorLogLines(state, 0, ['warming up the payment gateway client'], base + 2300);
		advanceTimeline(state, base + 5000);
		const [event] = timelineFor(state, 0);
		expect(event).toMatchObject({
			name: 'thrower',
			// Logged at second precision, received 100 ms later: the reception time is the estimate.
			exitAtMs: base + 2100,
			exitTimeSource: 'daemon-log',
			uptimeBeforeExitMs: 2000,
			exitCode: 1,
			signal: null,
			restartedAtMs: base + 2100,
			origin: 'live',
			stderrTail: [
				'warming up the payment gateway client',
				'payment gateway handshake failed, giving up',
				"TypeError: Cannot read properties of undefined (reading 'token')",
			],
		});
		expect(event!.cause).toEqual({
			kind: 'exception',
			name: 'TypeError',
			message: "Cannot read properties of undefined (reading 'token')",
			topFrame: 'Timeout._onTimeout (/app/throws.cjs:8:8)',
		});
		// The carried line belongs to the next crash.
		observeErrorLogLines(state, 0, ['boom', ...stack], base + 3500);
		log(state, base + 4000, 'App [thrower:0] exited with code [1] via signal [SIGINT]');
		advanceTimeline(state, base + 9000);
		expect(timelineFor(state, 0)[1]!.stderrTail).toEqual(['warming up the payment gateway client', 'boom', stack[0]]);
	});

	it('a crash without a stack trace is a crash with its exit code', () => {
		const state = createTimelineState();
		observeErrorLogLines(state, 3, ['fatal: config missing'], base);
		log(state, base + 1000, 'App [cfg:3] exited with code [2] via signal [SIGINT]');
		advanceTimeline(state, base + 5000);
		const [event] = timelineFor(state, 3);
		expect(event!.cause).toEqual({kind: 'crash'});
		expect(event!.stderrTail).toEqual(['fatal: config missing']);
	});

	it('memory-limit restarts (exact PM2 7.0.4 sequence)', () => {
		const state = createTimelineState();
		log(state, base - 3000, 'App [hog:1] starting in -fork mode-', 'App [hog:1] online');
		log(
			state,
			base,
			'[PM2][WORKER] Process 1 restarted because it exceeds --max-memory-restart value (current_memory=139116544 max_memory_limit=104857600 [octets])',
			'Process 1 in a stopped status, starting it',
			'Stopping app:hog id:1',
			'App [hog:1] exited with code [0] via signal [SIGINT]',
			'pid=6542 msg=process tree killed (1 pids)',
			'App [hog:1] starting in -fork mode-',
			'App [hog:1] online',
		);
		const [event] = timelineFor(state, 1);
		expect(event!.cause).toEqual({kind: 'memory-limit', rssBytes: 139116544, limitBytes: 104857600});
		expect(event!.signal).toBe('SIGINT');
		expect(event!.exitCode).toBe(0);
		expect(event!.uptimeBeforeExitMs).toBe(3000);
	});

	it('watch restarts name the changed path; manual restarts, reloads, cron and SIGKILL escalation', () => {
		const state = createTimelineState();
		observeSnapshot(
			state,
			null,
			snapshotOf(base - 10_000, processSnapshot({pmId: 2, name: 'watched', pid: 777}), processSnapshot({pmId: 4, name: 'nightly', cronRestart: '0 3 * * *'})),
		);
		log(
			state,
			base,
			'Change detected on path touched.txt for app watched - restarting',
			'Stopping app:watched id:2',
			'App [watched:2] exited with code [0] via signal [SIGINT]',
		);
		log(
			state,
			base + 5000,
			'Stopping app:watched id:2',
			'Process with pid 777 still alive after 800ms, sending SIGKILL to 1 remaining pids...',
			'App [watched:2] exited with code [0] via signal [SIGKILL]',
		);
		log(
			state,
			base + 9000,
			'Process 2 in a stopped status, starting it',
			'Stopping app:watched id:2',
			'App [watched:2] exited with code [0] via signal [SIGINT]',
		);
		// base is hh:mm:30: a 5-field cron cannot fire then; at hh:(mm+1):00 it can.
		log(state, base + 9000, 'Stopping app:nightly id:4', 'App [nightly:4] exited with code [0] via signal [SIGINT]');
		log(state, base + 30_000, 'App [nightly:4] starting in -fork mode-', 'App [nightly:4] online');
		log(state, base + 90_000, 'Stopping app:nightly id:4', 'App [nightly:4] exited with code [0] via signal [SIGINT]');
		const events = timelineFor(state, 2);
		expect(events.map(e => e.cause)).toEqual([
			{kind: 'watch', path: 'touched.txt'},
			{kind: 'manual', action: 'restart'},
			{kind: 'manual', action: 'reload'},
		]);
		expect(events[1]!.sigkillAfterMs).toBe(800);
		expect(events[1]!.signal).toBe('SIGKILL');
		expect(timelineFor(state, 4).map(e => e.cause)).toEqual([
			{kind: 'manual', action: 'restart'},
			{kind: 'cron', expression: '0 3 * * *'},
		]);
	});

	it('signals without a stop from PM2: SIGKILL is a kill, SIGABRT a V8 heap OOM; exit 0 is a clean exit', () => {
		const state = createTimelineState();
		log(state, base, 'App [a:5] exited with code [0] via signal [SIGKILL]');
		log(state, base, 'App [b:6] exited with code [0] via signal [SIGABRT]');
		log(state, base, 'App [c:7] exited with code [0] via signal [SIGINT]');
		expect(timelineFor(state, 5)[0]!.cause).toEqual({kind: 'killed', signal: 'SIGKILL'});
		expect(timelineFor(state, 6)[0]!.cause).toEqual({kind: 'heap-oom'});
		expect(timelineFor(state, 7)[0]!.cause).toEqual({kind: 'clean-exit'});
		expect(timelineFor(state, 7)[0]!.signal).toBeNull();
	});

	it('marks the exit after which PM2 gave up (too many unstable restarts)', () => {
		const state = createTimelineState();
		log(state, base, 'App [crash:0] exited with code [1] via signal [SIGINT]', 'Script /app/crash.js had too many unstable restarts (16). Stopped. "errored"');
		const [event] = timelineFor(state, 0);
		expect(event!.gaveUp).toEqual({unstableRestarts: 16});
	});
});

describe('restart timeline from polls', () => {
	const p = (takenAtMs: number, extra: Parameters<typeof processSnapshot>[0]) => snapshotOf(takenAtMs, processSnapshot(extra));

	it('derives exits from restart_time and pm_uptime changes, folding several between two polls', () => {
		const state = createTimelineState();
		const s1 = p(base, {restartCount: 0, startedAtMs: base - 5000});
		const s2 = p(base + 1000, {restartCount: 1, startedAtMs: base + 700, exitCode: 1});
		const s3 = p(base + 2000, {restartCount: 4, startedAtMs: base + 1900, exitCode: 1});
		observeSnapshot(state, null, s1);
		observeSnapshot(state, s1, s2);
		observeSnapshot(state, s2, s3);
		const events = timelineFor(state, 0);
		expect(events).toHaveLength(2);
		expect(events[0]).toMatchObject({
			exitAtMs: base + 700,
			uptimeBeforeExitMs: 5700,
			exitCode: 1,
			cause: {kind: 'crash'},
			exitTimeSource: 'poll',
			extraExits: 0,
		});
		expect(events[1]).toMatchObject({extraExits: 2, uptimeBeforeExitMs: null});
	});

	it('counts waiting restart and errored transitions as exits, and the restart that follows as none', () => {
		const state = createTimelineState();
		const s1 = p(base, {restartCount: 3});
		const s2 = p(base + 1000, {restartCount: 3, status: 'waiting restart', pid: null, exitCode: 1});
		const s3 = p(base + 2000, {restartCount: 4, startedAtMs: base + 1800});
		const s4 = p(base + 3000, {restartCount: 4, startedAtMs: base + 1800, status: 'errored', pid: null, exitCode: 1});
		observeSnapshot(state, null, s1);
		observeSnapshot(state, s1, s2);
		observeSnapshot(state, s2, s3);
		observeSnapshot(state, s3, s4);
		const events = timelineFor(state, 0);
		expect(events).toHaveLength(2);
		expect(events[0]!.restartedAtMs).toBe(base + 1800);
		expect(events[1]!.gaveUp).not.toBeNull();
	});

	it('does not double count an exit seen in pm2.log and in a poll, whichever comes first', () => {
		// log first
		const a = createTimelineState();
		const s1 = p(base, {restartCount: 0, startedAtMs: base - 5000, name: 'thrower'});
		const s2 = p(base + 1500, {restartCount: 1, startedAtMs: base + 1010, name: 'thrower', exitCode: 1});
		observeSnapshot(a, null, s1);
		log(a, base + 1000, 'App [thrower:0] exited with code [1] via signal [SIGINT]');
		observeSnapshot(a, s1, s2);
		expect(timelineFor(a, 0)).toHaveLength(1);
		expect(timelineFor(a, 0)[0]!.restartedAtMs).toBe(base + 1010);
		// poll first: the log line completes the poll's record
		const b = createTimelineState();
		observeSnapshot(b, null, s1);
		observeSnapshot(b, s1, s2);
		log(b, base + 1000, 'App [thrower:0] exited with code [1] via signal [SIGINT]');
		const events = timelineFor(b, 0);
		expect(events).toHaveLength(1);
		// The restart polled at base+1010 bounds the exit estimate (an exit precedes its restart).
		expect(events[0]).toMatchObject({exitTimeSource: 'daemon-log', exitAtMs: base + 1010, restartedAtMs: base + 1010});
	});

	it('drops processes that left the list', () => {
		const state = createTimelineState();
		log(state, base, 'App [gone:9] exited with code [1] via signal [SIGINT]');
		observeSnapshot(state, null, p(base + 1000, {pmId: 0}));
		expect(timelineFor(state, 9)).toEqual([]);
	});
});

describe('back-fill from before attaching', () => {
	it('marks old pm2.log exits as history and matches error-log exception blocks by order', () => {
		const state = createTimelineState();
		const attachAt = base + 60_000;
		const old = (atMs: number, text: string) => ({receivedAtMs: attachAt, text: `${stamp(atMs)}: PM2 log: ${text}`});
		observeDaemonLogLines(state, [
			old(base, 'App [thrower:0] starting in -fork mode-'),
			old(base + 1000, 'App [thrower:0] exited with code [1] via signal [SIGINT]'),
			old(base + 1000, 'App [thrower:0] starting in -fork mode-'),
			old(base + 3000, 'App [thrower:0] exited with code [1] via signal [SIGINT]'),
			old(base + 3000, 'App [thrower:0] starting in -fork mode-'),
		]);
		backfillErrorLog(state, 0, [
			'first run says hi',
			'Error: first',
			'    at a (x.js:1:1)',
			'second run says hi',
			'Error: second',
			'    at b (x.js:2:2)',
			'current run line',
		]);
		const events = timelineFor(state, 0);
		expect(events.map(e => e.origin)).toEqual(['history', 'history']);
		expect(events.map(e => e.uptimeBeforeExitMs)).toEqual([1000, 2000]);
		expect(events.map(e => (e.cause.kind === 'exception' ? e.cause.message : e.cause.kind))).toEqual(['first', 'second']);
		expect(events[1]!.stderrTail).toEqual(['second run says hi', 'Error: second']);
		expect(events[1]!.stderrMatchedByOrder).toBe(true);
		// The current run's line goes with the next crash.
		observeErrorLogLines(state, 0, ['Error: third', '    at c (x.js:3:3)'], attachAt + 1000);
		log(state, attachAt + 1500, 'App [thrower:0] exited with code [1] via signal [SIGINT]');
		advanceTimeline(state, attachAt + 10_000);
		expect(timelineFor(state, 0)[2]!.stderrTail).toEqual(['current run line', 'Error: third']);
	});

	it('ignores old lines about another app that had the same pm_id', () => {
		const state = createTimelineState();
		observeSnapshot(state, null, snapshotOf(base, processSnapshot({pmId: 0, name: 'new-app'})));
		log(state, base - 100_000, 'App [old-app:0] exited with code [1] via signal [SIGINT]');
		expect(timelineFor(state, 0)).toEqual([]);
	});
});

describe('stderr read on demand from the error log tail', () => {
	it('asks once per exit and attaches the tail, leaving out the next run’s lines', () => {
		const state = createTimelineState();
		log(state, base, 'App [thrower:0] starting in -fork mode-');
		log(state, base + 1500, 'App [thrower:0] exited with code [1] via signal [SIGINT]', 'App [thrower:0] starting in -fork mode-');
		expect(takeExitsAwaitingStderr(state)).toEqual([0]);
		expect(takeExitsAwaitingStderr(state)).toEqual([]);
		// Read 2 s later: the older crash, this crash, and the new run's first line.
		observeErrorLogTail(state, 0, ['old run', 'Error: older', '    at a (x.js:1:1)', 'warming up', ...stack, 'warming up again'], base + 3600);
		const [event] = timelineFor(state, 0);
		expect(event!.stderrTail).toEqual(['warming up', stack[0]]);
		expect(event!.cause.kind).toBe('exception');
	});
});

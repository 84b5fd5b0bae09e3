import {describe, expect, it} from 'vitest';
import {parseDaemonLogLine, parseDaemonLogTimestamp} from '../../../source/model/parse-daemon-log.js';
import {findExceptionBlocks, lastExceptionBlock} from '../../../source/model/parse-exception.js';

const at = (s: string) => parseDaemonLogTimestamp(`${s}: PM2 log: x`)!;
const parse = (line: string) => parseDaemonLogLine(line, 42);

describe('parseDaemonLogLine (PM2 7.0.4 lines)', () => {
	it('reads the local-time timestamp with second precision', () => {
		expect(at('2026-11-25T12:25:41')).toBe(new Date(2026, 10, 25, 12, 25, 41).getTime());
	});

	it.each([
		[
			'2026-11-25T12:25:41: PM2 log: App [crasher:1] exited with code [1] via signal [SIGINT]',
			{kind: 'exited', appName: 'crasher', pmId: 1, exitCode: 1, signal: 'SIGINT'},
		],
		[
			'2026-11-25T12:25:41: PM2 log: App [my:app:12] exited with code [0] via signal [SIGKILL]',
			{kind: 'exited', appName: 'my:app', pmId: 12, exitCode: 0, signal: 'SIGKILL'},
		],
		['2026-11-25T12:25:41: PM2 log: App [crasher:1] starting in -fork mode-', {kind: 'starting', appName: 'crasher', pmId: 1, mode: 'fork'}],
		['2026-11-25T12:25:41: PM2 log: App [web:3] starting in -cluster mode-', {kind: 'starting', appName: 'web', pmId: 3, mode: 'cluster'}],
		['2026-11-25T12:25:41: PM2 log: App [crasher:1] online', {kind: 'online', appName: 'crasher', pmId: 1}],
		[
			'2026-11-25T12:26:07: PM2 log: [PM2][WORKER] Process 2 restarted because it exceeds --max-memory-restart value (current_memory=332464128 max_memory_limit=83886080 [octets])',
			{kind: 'memory-limit', pmId: 2, currentBytes: 332464128, limitBytes: 83886080},
		],
		['2026-11-25T12:26:07: PM2 log: Process 2 in a stopped status, starting it', {kind: 'reload-as-restart', pmId: 2}],
		['2026-11-25T12:26:07: PM2 log: Stopping app:leaker id:2', {kind: 'stopping', appName: 'leaker', pmId: 2}],
		['2026-11-25T12:26:08: PM2 log: pid=25293 msg=process tree killed (1 pids)', {kind: 'tree-killed', pid: 25293}],
		[
			'2026-11-25T12:27:23: PM2 log: Script /lab/apps/crash-fast.js had too many unstable restarts (16). Stopped. "errored"',
			{kind: 'unstable-overlimit', scriptPath: '/lab/apps/crash-fast.js', unstableRestarts: 16},
		],
		['2026-11-25T12:37:20: PM2 log: App [backoff:1] will restart in 337ms', {kind: 'will-restart', appName: 'backoff', pmId: 1, delayMs: 337}],
		[
			'2026-11-25T12:37:20: PM2 log: Change detected on path logs/app.log for app watcher - restarting',
			{kind: 'watch-change', path: 'logs/app.log', appName: 'watcher'},
		],
		[
			'2026-11-25T12:37:20: PM2 log: Process with pid 4242 still alive after 800ms, sending SIGKILL to 1 remaining pids...',
			{kind: 'kill-escalated', pid: 4242, afterMs: 800, remainingPids: 1},
		],
		[
			'2026-11-25T12:37:20: PM2 log: Process with pid 4242 still alive after 1600ms, sending it SIGKILL now...',
			{kind: 'kill-escalated', pid: 4242, afterMs: 1600, remainingPids: 1},
		],
		['2026-11-25T12:37:20: PM2 log: [PM2][WORKER] Registering a cron job on: 4', {kind: 'cron-registered', pmId: 4}],
		['2026-11-25T13:17:29: PM2 log: --- New PM2 Daemon started ----------------------------------------------------', {kind: 'daemon-started'}],
		['2026-11-25T12:25:41: PM2 log: App [clustered:_old_5] exited with code [0] via signal [SIGINT]', {kind: 'exited', appName: 'clustered', pmId: '_old_5'}],
	])('%s', (line, expected) => {
		const event = parse(line);
		expect(event).toMatchObject({...expected, timestamped: true});
	});

	it('ignores lines it has no use for and bare continuation lines', () => {
		expect(parse('2026-11-25T13:17:29: PM2 log: Worker Interval      : 2000')).toBeNull();
		expect(parse('    at Object.<anonymous> (/x.js:1:1)')).toBeNull();
		expect(parse('')).toBeNull();
	});

	it('accepts bus-style lines without a date, timed by reception', () => {
		expect(parse('App [api:0] exited with code [1] via signal [SIGINT]')).toMatchObject({kind: 'exited', atMs: 42, timestamped: false});
	});
});

describe('findExceptionBlocks', () => {
	const pm2Style = [
		'warming up the payment gateway client',
		'payment gateway handshake failed, giving up',
		"TypeError: Cannot read properties of undefined (reading 'token')",
		'    at Timeout._onTimeout (/app/throws.cjs:8:8)',
		'    at listOnTimeout (node:internal/timers:581:17)',
		'    at process.processTimers (node:internal/timers:519:7)',
		'warming up the payment gateway client',
	];
	it('finds PM2-written uncaught exceptions with message and top frame', () => {
		const [block] = findExceptionBlocks(pm2Style);
		expect(block).toEqual({
			name: 'TypeError',
			message: "Cannot read properties of undefined (reading 'token')",
			topFrame: 'Timeout._onTimeout (/app/throws.cjs:8:8)',
			startIndex: 2,
			endIndex: 6,
		});
	});
	it('finds Node-native output, codes in brackets, and several blocks', () => {
		const lines = [
			'/app/server.js:3',
			'  throw err;',
			'  ^',
			'',
			'Error: listen EADDRINUSE: address already in use :::3000',
			'    at Server.setupListenHandle [as _listen2] (node:net:1817:16)',
			'noise',
			'Error [ERR_MODULE_NOT_FOUND]: Cannot find package x',
			'    at packageResolve (node:internal/modules/esm/resolve:1:1)',
		];
		const blocks = findExceptionBlocks(lines);
		expect(blocks.map(b => [b.name, b.message])).toEqual([
			['Error', 'listen EADDRINUSE: address already in use :::3000'],
			['Error', 'Cannot find package x'],
		]);
		expect(lastExceptionBlock(lines)!.startIndex).toBe(7);
	});
	it('needs a header: bare frames or plain lines are not exceptions', () => {
		expect(findExceptionBlocks(['just a line', 'another'])).toEqual([]);
		expect(findExceptionBlocks(['    at foo (x.js:1:1)'])).toEqual([]);
		expect(lastExceptionBlock([])).toBeNull();
	});
});

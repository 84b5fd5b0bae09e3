import {describe, expect, it} from 'vitest';
import type {RestartEvent} from '../../../../source/model/restart-timeline.js';
import {describeCause, reduceWindowCommand, windowSelector} from '../../../../source/ui/trends/trend-text.js';
import {restartEvent as makeRestartEvent} from '../../../helpers/restart-event.js';

const base = new Date(2026, 10, 25, 13, 17, 30).getTime();

const restartEvent = (fields: Partial<RestartEvent>): RestartEvent => makeRestartEvent({exitAtMs: base, ...fields});

describe('restart cause text', () => {
	it('an uncaught exception names the error, its message and its top frame', () => {
		const event = restartEvent({
			name: 'thrower',
			uptimeBeforeExitMs: 2000,
			exitCode: 1,
			cause: {
				kind: 'exception',
				name: 'TypeError',
				message: "Cannot read properties of undefined (reading 'token')",
				topFrame: 'Timeout._onTimeout (/app/throws.cjs:8:8)',
			},
		});
		expect(describeCause(event)).toBe("uncaught TypeError: Cannot read properties of undefined (reading 'token') at Timeout._onTimeout (/app/throws.cjs:8:8)");
	});

	it('a crash without a stack trace is a crash with its exit code', () => {
		const event = restartEvent({name: 'cfg', pmId: 3, exitCode: 2, cause: {kind: 'crash'}, stderrTail: ['fatal: config missing']});
		expect(describeCause(event)).toBe('crash (exit code 2)');
	});

	it('memory-limit restarts give the RSS and the limit', () => {
		const event = restartEvent({
			name: 'hog',
			pmId: 1,
			uptimeBeforeExitMs: 3000,
			exitCode: 0,
			signal: 'SIGINT',
			cause: {kind: 'memory-limit', rssBytes: 139116544, limitBytes: 104857600},
		});
		expect(describeCause(event)).toBe('memory limit: RSS 133 MB over max_memory_restart 100 MB');
	});

	it('a manual restart with a SIGKILL escalation says so', () => {
		const event = restartEvent({name: 'watched', pmId: 2, exitCode: 0, signal: 'SIGKILL', cause: {kind: 'manual', action: 'restart'}, sigkillAfterMs: 800});
		expect(describeCause(event)).toBe('manual restart (pm2 restart or the API); SIGKILL after kill_timeout (800 ms)');
	});

	it('marks the exit after which PM2 gave up (too many unstable restarts)', () => {
		const event = restartEvent({name: 'crash', exitCode: 1, cause: {kind: 'crash'}, gaveUp: {unstableRestarts: 16}});
		expect(describeCause(event)).toBe('crash (exit code 1); PM2 gave up: errored after 16 unstable restarts');
	});

	it('counts the exits folded between two polls', () => {
		const event = restartEvent({name: 'api', exitTimeSource: 'poll', exitCode: 1, cause: {kind: 'crash'}, restartedAtMs: base, extraExits: 2});
		expect(describeCause(event)).toBe('crash (exit code 1) (+2 more exits between two polls)');
	});
});

describe('chart windows', () => {
	it('selects 6h, 24h and 7d by key and cycles through every window', () => {
		expect(windowSelector('24h')).toBe('1m 5m 15m 1h 6h [24h] 7d');
		expect(reduceWindowCommand('5m', 'trends.window-6h')).toBe('6h');
		expect(reduceWindowCommand('5m', 'trends.window-24h')).toBe('24h');
		expect(reduceWindowCommand('5m', 'trends.window-7d')).toBe('7d');
		expect(reduceWindowCommand('1h', 'trends.window-next')).toBe('6h');
		expect(reduceWindowCommand('7d', 'trends.window-next')).toBe('1m');
		expect(reduceWindowCommand('7d', 'trends.down')).toBeNull();
	});
});

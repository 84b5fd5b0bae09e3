import {describe, expect, it} from 'vitest';
import {assessRestartLoop} from '../../../source/model/restart-loop.js';
import type {RestartCause, RestartEvent} from '../../../source/model/restart-timeline.js';
import {restartEvent} from '../../helpers/restart-event.js';
import {processSnapshot} from './process-fixture.js';

const now = 10_000_000;
const exit = (secondsAgo: number, uptimeMs: number | null, cause: RestartCause = {kind: 'crash'}, extraExits = 0): RestartEvent =>
	restartEvent({pmId: 0, name: 'api', exitAtMs: now - secondsAgo * 1000, uptimeBeforeExitMs: uptimeMs, exitCode: 1, cause, extraExits});

describe('assessRestartLoop', () => {
	it('flags a late-crash loop PM2 never marks errored, and says why', () => {
		const events = [exit(50, 1200), exit(35, 1300), exit(20, 1250), exit(5, 1200)];
		const result = assessRestartLoop(events, processSnapshot({createdAtMs: now - 600_000}), {nowMs: now});
		expect(result.kind).toBe('loop');
		expect(result.badge).toBe('LOOP 4/1m');
		expect(result.medianUptimeMs).toBe(1225);
		expect(result.detail).toBe(
			'restart loop: 4 exits in 5 min (4 in the last minute), median uptime 1.2 s — PM2 will never mark it errored: it lives longer than min_uptime (1000 ms) before each exit',
		);
	});

	it('flags a slow loop over 5 minutes with restart_delay', () => {
		const events = [exit(280, 30_000), exit(200, 30_000), exit(140, 30_000), exit(80, 30_000), exit(20, 30_000)];
		const result = assessRestartLoop(events, processSnapshot({restartDelayMs: 5000}), {nowMs: now});
		expect(result.badge).toBe('LOOP 5/5m');
		expect(result.detail).toContain('restart_delay keeps it below the unstable-restart window');
	});

	it('counts folded exits, ignores manual and cron restarts and old exits', () => {
		expect(assessRestartLoop([exit(10, null, {kind: 'crash'}, 3)], processSnapshot(), {nowMs: now}).kind).toBe('loop');
		const manual = [1, 2, 3, 4, 5].map(s => exit(s * 5, 5000, {kind: 'manual', action: 'restart'}));
		expect(assessRestartLoop(manual, processSnapshot(), {nowMs: now}).kind).toBe('none');
		const old = [1, 2, 3, 4, 5].map(s => exit(400 + s, 5000));
		expect(assessRestartLoop(old, processSnapshot(), {nowMs: now})).toMatchObject({kind: 'none', badge: '', detail: ''});
		expect(assessRestartLoop([], null, {nowMs: now}).kind).toBe('none');
	});

	it('names watch loops', () => {
		const events = [1, 2, 3].map(s => exit(s * 3, 3000, {kind: 'watch', path: 'logs/app.log'}));
		expect(assessRestartLoop(events, processSnapshot({watch: true}), {nowMs: now}).detail).toMatch(/^watch restart loop: 3 exits/);
	});

	it('flags the masked overlimit: waiting restart, no pid, created_at null', () => {
		const result = assessRestartLoop([exit(5, 100)], processSnapshot({status: 'waiting restart', pid: null, createdAtMs: null, restartDelayMs: 200}), {
			nowMs: now,
			statusSinceMs: now - 120_000,
		});
		expect(result.kind).toBe('stuck-waiting');
		expect(result.badge).toBe('STUCK');
		expect(result.detail).toContain('stuck in "waiting restart" for 120 s with no pid: PM2 gave up');
	});

	it('flags waiting restart for longer than the delay allows, but not a normal wait', () => {
		const waiting = processSnapshot({status: 'waiting restart', pid: null, restartDelayMs: 5000});
		expect(assessRestartLoop([], waiting, {nowMs: now, statusSinceMs: now - 3000}).kind).toBe('none');
		expect(assessRestartLoop([], waiting, {nowMs: now, statusSinceMs: now - 70_000, workerIntervalMs: 30_000}).kind).toBe('stuck-waiting');
	});

	it('reports errored processes', () => {
		const result = assessRestartLoop([exit(3, 100), exit(2, 100), exit(1, 100)], processSnapshot({status: 'errored', pid: null}), {nowMs: now});
		expect(result).toMatchObject({kind: 'errored', badge: 'ERRORED'});
	});
});

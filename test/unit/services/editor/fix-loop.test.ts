// The fix loop's verdict for checks that count exits: only exits after the apply count, on a fake clock.
import {describe, expect, it} from 'vitest';
import {judgeFixByExits} from '../../../../source/services/editor/fix-loop.js';
import {restartEvent} from '../../../helpers/restart-event.js';

const applyAtMs = 1_000_000;
const crash = (atMs: number, uptimeBeforeExitMs = 1500) =>
	restartEvent({pmId: 1, name: 'worker', exitAtMs: atMs, exitCode: 1, uptimeBeforeExitMs, cause: {kind: 'crash'}});
const beforeTheFix = [crash(applyAtMs - 9000), crash(applyAtMs - 6000), crash(applyAtMs - 3000)];

describe('judgeFixByExits', () => {
	it('waits, without blaming the crashes from before the fix, then says fixed after the quiet period', () => {
		expect(judgeFixByExits('restart-rate', applyAtMs, beforeTheFix, applyAtMs + 5000)).toEqual({
			kind: 'waiting',
			what: 'crash exit',
			elapsedMs: 5000,
			quietMs: 60_000,
		});
		expect(judgeFixByExits('restart-rate', applyAtMs, beforeTheFix, applyAtMs + 60_000)).toEqual({kind: 'fixed', what: 'crash exit', quietMs: 60_000});
	});

	it('still failing with the exits after the apply as its evidence', () => {
		const after = crash(applyAtMs + 1600);
		expect(judgeFixByExits('restart-rate', applyAtMs, [...beforeTheFix, after], applyAtMs + 2000)).toEqual({
			kind: 'failing',
			what: 'crash exit',
			exits: [after],
		});
	});

	it("leaves out the reload's own exit and one logged in the apply's own second", () => {
		const reload = restartEvent({pmId: 1, exitAtMs: applyAtMs + 200, cause: {kind: 'manual', action: 'reload'}});
		const sameSecond = crash(applyAtMs); // pm2.log's second precision: may be from before the fix
		expect(judgeFixByExits('restart-rate', applyAtMs, [...beforeTheFix, sameSecond, reload], applyAtMs + 3000)?.kind).toBe('waiting');
	});

	it('waits longer for a process that used to run longer before each exit', () => {
		const slow = [crash(applyAtMs - 200_000, 90_000), crash(applyAtMs - 100_000, 90_000)];
		const verdict = judgeFixByExits('restart-rate', applyAtMs, slow, applyAtMs + 100_000);
		expect(verdict).toEqual({kind: 'waiting', what: 'crash exit', elapsedMs: 100_000, quietMs: 135_000});
		expect(judgeFixByExits('memory-restarts', applyAtMs, beforeTheFix, applyAtMs + 60_000)?.kind).toBe('fixed'); // crashes are not memory restarts
	});

	it('leaves checks that do not count exits to their next run', () => {
		expect(judgeFixByExits('dump-sync', applyAtMs, [crash(applyAtMs + 1000)], applyAtMs + 2000)).toBeNull();
	});
});

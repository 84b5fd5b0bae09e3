import {describe, expect, it} from 'vitest';
import type {Finding} from '../../../../source/doctor/check-types.js';
import type {FixLoopRecord} from '../../../../source/services/editor/fix-loop.js';
import {fixVerdictLines, isFixLoopFlow, stateFromFixLoop, withFixVerdict} from '../../../../source/ui/doctor/fix-verdict.js';
import {restartEvent} from '../../../helpers/restart-event.js';

const finding: Finding = {
	id: 'restart-rate',
	severity: 'error',
	process: 'worker',
	pmId: 1,
	title: 'worker is in a restart loop',
	evidence: ['5 crash restarts in the last minute'],
	flow: 'restart-loop',
};
const record: FixLoopRecord = {
	finding,
	flowId: 'restart-loop',
	fixCursor: 0,
	listCursor: 2,
	edit: {appName: 'worker', key: 'exp_backoff_restart_delay', value: 100, description: ''},
	apply: {ok: true, apps: ['worker'], atMs: 10_000, message: 'Applied', command: 'pm2 startOrReload /x/ecosystem.config.js --only worker'},
};
const texts = (lines: Array<{text: string}>) => lines.map(line => line.text).join('\n');
/** A check judged by its next run (it does not count exits). */
const nearLimit: Finding = {...finding, id: 'memory-near-limit', title: 'worker is near its memory limit', evidence: ['RSS 190 MB of 200 MB']};
const nearLimitRecord: FixLoopRecord = {...record, finding: nearLimit};
const crashAt = (exitAtMs: number) => restartEvent({pmId: 1, name: 'worker', exitAtMs, exitCode: 1, uptimeBeforeExitMs: 1500, cause: {kind: 'crash'}});

describe('fix verdict', () => {
	it('waits for a check run that started after the apply', () => {
		const lines = fixVerdictLines(nearLimitRecord, {status: 'done', findings: [nearLimit], checkedAtMs: 9_000});
		expect(texts(lines)).toContain('Fix applied at');
		expect(texts(lines)).toContain('--only worker');
		expect(texts(lines)).toContain('… re-running the memory-near-limit check for worker');
	});

	it('still failing ✖ with the evidence when the check still reports the process', () => {
		const lines = fixVerdictLines(nearLimitRecord, {status: 'done', findings: [nearLimit], checkedAtMs: 12_000});
		expect(texts(lines)).toContain('still failing ✖ worker is near its memory limit');
		expect(texts(lines)).toContain('RSS 190 MB of 200 MB');
	});

	it('fixed ✔ when the check no longer reports it (another process still may)', () => {
		const other = {...nearLimit, process: 'api', pmId: 0};
		expect(texts(fixVerdictLines(nearLimitRecord, {status: 'done', findings: [other], checkedAtMs: 12_000}))).toContain(
			'fixed ✔ the memory-near-limit check no longer reports worker',
		);
	});

	it('the restart rate is judged by the exits after the apply, not by its windows that still hold the crashes from before', () => {
		const before = [crashAt(4_000), crashAt(6_000), crashAt(8_000)];
		// The check's next run still reports the loop (its 1- and 5-minute windows hold the old crashes).
		const stillReported = {status: 'done' as const, findings: [finding], checkedAtMs: 15_000};
		const waiting = texts(fixVerdictLines(record, stillReported, before, 15_000));
		expect(waiting).toContain('… waiting (5 s of 60 s): no crash exit of worker since the fix');
		expect(waiting).not.toContain('still failing');
		expect(texts(fixVerdictLines(record, {...stillReported, checkedAtMs: 70_000}, before, 70_000))).toContain(
			'fixed ✔ no crash exit of worker in the 60 s since the fix (the restart-rate check)',
		);
		const failing = fixVerdictLines(record, stillReported, [...before, crashAt(11_600)], 15_000);
		expect(texts(failing)).toContain('still failing ✖ 1 crash exit of worker since the fix (the restart-rate check)');
		expect(texts(failing)).toMatch(/\n {6}\S.* up 1\.5s exit 1 · crash \(exit code 1\)/);
	});

	it('reopens the flow it came from and shows the verdict under its title', () => {
		const state = stateFromFixLoop(record, {sections: []} as never);
		expect(state).toMatchObject({mode: 'flow', fixCursor: 0, listCursor: 2});
		expect(isFixLoopFlow(record, state!)).toBe(true);
		const placed = withFixVerdict([{text: 'title'}, {text: 'fix', focus: true}], [{text: 'verdict'}], true);
		expect(placed.map(line => line.text)).toEqual(['title', 'verdict', 'fix']);
		expect(placed.map(line => Boolean(line.focus))).toEqual([false, true, false]);
		expect(withFixVerdict([{text: 'title'}, {text: 'fix', focus: true}], [{text: 'verdict'}], false)[2]!.focus).toBe(true);
		expect(fixVerdictLines({...record, apply: null}, {status: 'done', findings: [], checkedAtMs: 1})).toEqual([]);
	});
});

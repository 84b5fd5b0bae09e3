import {describe, expect, it} from 'vitest';
import type {Finding} from '../../../../source/doctor/check-types.js';
import type {FixLoopRecord} from '../../../../source/services/editor/fix-loop.js';
import {fixVerdictLines, isFixLoopFlow, stateFromFixLoop, withFixVerdict} from '../../../../source/ui/doctor/fix-verdict.js';

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

describe('fix verdict', () => {
	it('waits for a check run that started after the apply', () => {
		const lines = fixVerdictLines(record, {status: 'done', findings: [finding], checkedAtMs: 9_000});
		expect(texts(lines)).toContain('Fix applied at');
		expect(texts(lines)).toContain('--only worker');
		expect(texts(lines)).toContain('… re-running the restart-rate check for worker');
	});

	it('still failing ✖ with the evidence when the check still reports the process', () => {
		const lines = fixVerdictLines(record, {status: 'done', findings: [finding], checkedAtMs: 12_000});
		expect(texts(lines)).toContain('still failing ✖ worker is in a restart loop');
		expect(texts(lines)).toContain('5 crash restarts in the last minute');
	});

	it('fixed ✔ when the check no longer reports it (another process still may)', () => {
		const other = {...finding, process: 'api', pmId: 0};
		expect(texts(fixVerdictLines(record, {status: 'done', findings: [other], checkedAtMs: 12_000}))).toContain(
			'fixed ✔ the restart-rate check no longer reports worker',
		);
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

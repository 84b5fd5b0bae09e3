import {describe, expect, it} from 'vitest';
import type {Finding} from '../../../source/doctor/check-types.js';
import {createFindingTracker, trackFindings} from '../../../source/model/finding-changes.js';

const loop = (restarts: number, severity: Finding['severity'] = 'error'): Finding => ({
	id: 'restart-rate',
	severity,
	process: 'api',
	pmId: 0,
	title: `api is in a restart loop (${restarts} restarts)`,
	evidence: [],
	flow: 'restart-loop',
});

describe('trackFindings', () => {
	it('a finding whose title changes with every run is one finding: one appearance, then nothing until it clears', () => {
		let tracker = createFindingTracker();
		const kinds: string[] = [];
		for (let run = 0; run < 10; run++) {
			const next = trackFindings(tracker, [loop(run + 3)], run * 30_000, {clearAfterMs: 60_000});
			tracker = next.tracker;
			kinds.push(...next.changes.map(change => change.kind));
		}
		expect(kinds).toEqual(['appeared']);
	});

	it('clears only after the finding has been absent for clearAfterMs (a flicker is no change)', () => {
		let {tracker} = trackFindings(createFindingTracker(), [loop(3)], 0, {clearAfterMs: 60_000});
		let next = trackFindings(tracker, [], 30_000, {clearAfterMs: 60_000});
		expect(next.changes).toEqual([]);
		next = trackFindings(next.tracker, [loop(4)], 60_000, {clearAfterMs: 60_000});
		expect(next.changes).toEqual([]);
		next = trackFindings(next.tracker, [], 90_000, {clearAfterMs: 60_000});
		expect(next.changes).toEqual([]);
		next = trackFindings(next.tracker, [], 150_000, {clearAfterMs: 60_000});
		expect(next.changes.map(change => [change.kind, change.key])).toEqual([['cleared', 'restart-rate:api']]);
		tracker = next.tracker;
		expect(tracker.active.size).toBe(0);
	});

	it('reports an escalation, and not a de-escalation', () => {
		let next = trackFindings(createFindingTracker(), [loop(3, 'warning')], 0, {clearAfterMs: 0});
		next = trackFindings(next.tracker, [loop(3, 'error')], 1, {clearAfterMs: 0});
		expect(next.changes.map(change => [change.kind, change.previousSeverity])).toEqual([['escalated', 'warning']]);
		next = trackFindings(next.tracker, [loop(3, 'warning')], 2, {clearAfterMs: 0});
		expect(next.changes).toEqual([]);
	});
});

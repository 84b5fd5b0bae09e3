import {describe, expect, it} from 'vitest';
import type {Finding} from '../../../source/doctor/check-types.js';
import {readPlaybook} from '../../../source/doctor/playbook.js';
import {doctorItems, fixText, flowLines, reduceDoctor, scrollToFocus, wrapLines, type DoctorLine} from '../../../source/ui/doctor/doctor-model.js';
import {makeProcess} from '../../helpers/process-fixture.js';

const playbook = readPlaybook();
const finding = (pmId: number | null, severity: Finding['severity']): Finding => ({
	id: 'x',
	severity,
	process: pmId === null ? null : `p${pmId}`,
	pmId,
	title: `t${pmId}`,
	evidence: [],
	flow: 'restart-loop',
});

describe('doctor view model', () => {
	it('orders the selected process first, then by severity, then the playbook sections', () => {
		const items = doctorItems(
			[finding(1, 'error'), finding(null, 'warning'), finding(2, 'info'), finding(3, 'error')],
			playbook,
			makeProcess({pmId: 2, name: 'p2'}),
		);
		expect(items.slice(0, 4).map(i => (i.kind === 'finding' ? i.finding.pmId : null))).toEqual([2, 1, 3, null]);
		expect(items.slice(4).map(i => (i.kind === 'section' ? i.section.id : ''))).toEqual(playbook.sections.map(s => s.id));
	});

	it('navigates list and flow, and closes from the list', () => {
		const items = doctorItems([finding(1, 'error')], playbook, null);
		let state = reduceDoctor({mode: 'list', cursor: 0, offset: 0}, 'doctor.up', {items, fixCount: 0});
		expect(state).toEqual({mode: 'list', cursor: 0, offset: 0});
		state = reduceDoctor(state as never, 'doctor.down', {items, fixCount: 0});
		state = reduceDoctor(state as never, 'doctor.open-flow', {items, fixCount: 0});
		expect(state).toMatchObject({mode: 'flow', listCursor: 1, fixCursor: 0});
		state = reduceDoctor(state as never, 'doctor.down', {items, fixCount: 2});
		state = reduceDoctor(state as never, 'doctor.down', {items, fixCount: 2});
		expect(state).toMatchObject({fixCursor: 1});
		state = reduceDoctor(state as never, 'doctor.back', {items, fixCount: 2});
		expect(state).toEqual({mode: 'list', cursor: 1, offset: 0});
		expect(reduceDoctor(state as never, 'doctor.back', {items, fixCount: 0})).toBe('close');
	});

	it('fills <name> in commands and wraps and scrolls lines', () => {
		expect(fixText({kind: 'command', command: 'pm2 restart <name>', text: 'now', action: 'restart'}, 'api')).toBe('$ pm2 restart api  — now');
		const wrapped = wrapLines([{text: ' ✖ 1. ' + 'word '.repeat(30)}], 40);
		expect(wrapped.length).toBeGreaterThan(1);
		expect(wrapped.every(l => l.text.length <= 40)).toBe(true);
		expect(wrapped[1]!.text.startsWith('      ')).toBe(true);
		const lines: DoctorLine[] = Array.from({length: 30}, (_, i) => ({text: String(i), focus: i === 25}));
		expect(scrollToFocus(lines, 10, 0)).toBe(16);
		expect(scrollToFocus(lines, 10, 20)).toBe(20);
	});
});

describe('flow lines', () => {
	it('names the process once in front of a finding whose title already starts with it', () => {
		const section = playbook.sections.find(s => s.id === 'memory-growth')!;
		const leak: Finding = {
			id: 'heap-growth',
			severity: 'warning',
			process: 'leaky',
			pmId: 4,
			title: 'leaky: memory keeps growing (2 MB/min)',
			evidence: [],
			flow: 'memory-growth',
		};
		const other: Finding = {...leak, id: 'memory-near-limit', process: 'api', title: 'near its limit'};
		const lines = flowLines({section, finding: null, diagnosis: {status: 'done', findings: [leak, other], checkedAtMs: 0}, fixCursor: 0, readOnly: false}).map(
			line => line.text,
		);
		expect(lines).toContain('      leaky: memory keeps growing (2 MB/min)');
		expect(lines).toContain('      api: near its limit');
		expect(lines.join('\n')).not.toContain('leaky: leaky');
	});
});

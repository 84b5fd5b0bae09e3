import {describe, expect, it} from 'vitest';
import type {Finding} from '../../../../source/doctor/check-types.js';
import {readPlaybook} from '../../../../source/doctor/playbook.js';
import {heapFlowState, heapTargetOf} from '../../../../source/ui/doctor/heap-diff-flow.js';
import {heapDiffSecondsOf} from '../../../../source/ui/doctor/heap-diff-panel.js';
import {makeProcess} from '../../../helpers/process-fixture.js';

const playbook = readPlaybook();
const leaky = makeProcess({pmId: 4, name: 'leaky'});
const api = makeProcess({pmId: 1, name: 'api'});
const leak: Finding = {id: 'heap-growth', severity: 'warning', process: 'leaky', pmId: 4, title: 'grows', evidence: [], flow: 'memory-growth'};

describe('heap diff in the doctor flows', () => {
	it('the memory-growth flow has a heap-diff fix the doctor runs itself, 30 s apart', () => {
		const section = playbook.sections.find(candidate => candidate.id === 'memory-growth')!;
		expect(section.fixes.map(heapDiffSecondsOf).filter(seconds => seconds !== null)).toEqual([30]);
		expect(heapDiffSecondsOf({kind: 'command', command: 'pm2 restart <name>', text: '', action: 'restart'})).toBeNull();
	});

	it("acts on the finding's process, else on the selected one", () => {
		expect(heapTargetOf(leak, api, [api, leaky])?.name).toBe('leaky');
		expect(heapTargetOf(null, api, [api, leaky])?.name).toBe('api');
		expect(heapTargetOf({...leak, pmId: 9}, api, [api, leaky])).toBeNull();
	});

	it('opens on the memory-growth flow with the heap fix selected while a diff is asked for or running, not after', () => {
		const target = {name: 'leaky', pmId: 4, pid: 1};
		const state = heapFlowState({kind: 'running', target, compareSeconds: 30, phase: {kind: 'opening'}}, playbook);
		expect(state).toMatchObject({mode: 'flow', item: {kind: 'section', section: {id: 'memory-growth'}}});
		const section = playbook.sections.find(candidate => candidate.id === 'memory-growth')!;
		expect(state?.mode === 'flow' && heapDiffSecondsOf(section.fixes[state.fixCursor]!)).toBe(30);
		expect(heapFlowState({kind: 'failed', target, message: 'gone'}, playbook)).toBeNull();
		expect(heapFlowState({kind: 'idle'}, playbook)).toBeNull();
	});
});

// Where the heap diff meets the doctor's flows: which process its fix acts on, the flow the doctor opens on while
// one is asked for or running, and where its panel goes in the flow's lines. Pure.
import type {Finding} from '../../doctor/check-types.js';
import type {Playbook} from '../../doctor/playbook.js';
import type {ProcessSnapshot} from '../../model/types.js';
import type {HeapForensicsState} from '../../services/heap-forensics.js';
import type {DoctorLine, DoctorViewState} from './doctor-model.js';
import {heapDiffFlowId, heapDiffSecondsOf} from './heap-diff-panel.js';

/** The finding's process when it names one, else the process selected in the table. */
export function heapTargetOf(finding: Finding | null, selected: ProcessSnapshot | null, processes: readonly ProcessSnapshot[]): ProcessSnapshot | null {
	if (finding?.pmId != null) return processes.find(process => process.pmId === finding.pmId) ?? null;
	return selected;
}

/** The memory-growth flow with its heap-diff fix selected, while a diff is asked for or running. */
export function heapFlowState(state: HeapForensicsState | null, playbook: Playbook): DoctorViewState | null {
	if (!state || (state.kind !== 'proposed' && state.kind !== 'running')) return null;
	const section = playbook.sections.find(candidate => candidate.id === heapDiffFlowId);
	if (!section) return null;
	const fixCursor = Math.max(
		0,
		section.fixes.findIndex(fix => heapDiffSecondsOf(fix) !== null),
	);
	return {mode: 'flow', item: {kind: 'section', section}, fixCursor, offset: 0, listCursor: 0};
}

/** The panel goes right under the flow's title; while it has something to say, the scroll keeps its first line on screen. */
export function withHeapPanel(flow: DoctorLine[], panel: DoctorLine[], holdFocus: boolean): DoctorLine[] {
	if (panel.length === 0) return flow;
	const rest = flow.slice(1).map(line => (holdFocus ? {...line, focus: false} : line));
	return [flow[0]!, ...panel.map((line, index) => ({...line, focus: holdFocus && index === 0})), ...rest];
}

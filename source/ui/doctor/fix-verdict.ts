// The end of the fix loop, as lines of the doctor's flow: after an ecosystem fix was saved and applied, the
// flow says "fixed ✔" or "still failing ✖" with the evidence: for checks that count exits, from the exits
// after the apply (judgeFixByExits); for the others, from the check's next run. Pure: the record comes from
// the fix loop (source/services/editor/fix-loop.ts), the exits from the restart timeline.
import type {Playbook} from '../../doctor/playbook.js';
import type {RestartEvent} from '../../model/restart-timeline.js';
import {judgeFixByExits, type ExitVerdict, type FixLoopRecord} from '../../services/editor/fix-loop.js';
import {restartLine} from '../trends/trend-text.js';
import type {Diagnosis, DoctorItem, DoctorLine, DoctorViewState} from './doctor-model.js';

/** The doctor reopens on the flow (and fix) that opened the editor. */
export function stateFromFixLoop(record: FixLoopRecord | null, playbook: Playbook): DoctorViewState | null {
	if (!record) return null;
	const section = playbook.sections.find(candidate => candidate.id === record.flowId);
	const item: DoctorItem | null = record.finding ? {kind: 'finding', finding: record.finding} : section ? {kind: 'section', section} : null;
	return item ? {mode: 'flow', item, fixCursor: record.fixCursor, offset: 0, listCursor: record.listCursor} : null;
}

/** Whether the flow on screen is the one the fix loop started from. */
export function isFixLoopFlow(record: FixLoopRecord | null, state: DoctorViewState): record is FixLoopRecord {
	if (!record || state.mode !== 'flow') return false;
	const {item} = state;
	return item.kind === 'finding'
		? record.finding !== null && item.finding.id === record.finding.id && item.finding.process === record.finding.process
		: record.finding === null && item.section.id === record.flowId;
}

const clock = (ms: number) => new Date(ms).toTimeString().slice(0, 8);

/** What the user sees of an exit verdict: the exits after the fix as evidence, or the time still to wait. */
function exitVerdictLines(verdict: ExitVerdict, checkId: string, subject: string, nowMs: number): DoctorLine[] {
	const seconds = (ms: number) => `${Math.floor(ms / 1000)} s`;
	if (verdict.kind === 'waiting')
		return [
			{text: `  … waiting (${seconds(verdict.elapsedMs)} of ${seconds(verdict.quietMs)}): no ${verdict.what} of ${subject} since the fix`, tone: 'muted'},
		];
	if (verdict.kind === 'fixed')
		return [{text: `  fixed ✔ no ${verdict.what} of ${subject} in the ${seconds(verdict.quietMs)} since the fix (the ${checkId} check)`, tone: 'info'}];
	const count = verdict.exits.length;
	const lines: DoctorLine[] = [
		{text: `  still failing ✖ ${count} ${verdict.what}${count === 1 ? '' : 's'} of ${subject} since the fix (the ${checkId} check)`, tone: 'error'},
	];
	for (const exit of verdict.exits.slice(-5)) lines.push({text: `      ${restartLine(exit, nowMs)}`, tone: 'muted'});
	return lines;
}

/**
 * `exits`: the finding's process's exits from the restart timeline; `nowMs`: the latest poll's time, so the
 * wait counts on with the polls.
 */
export function fixVerdictLines(
	record: FixLoopRecord,
	diagnosis: Diagnosis,
	exits: readonly RestartEvent[] = [],
	nowMs = diagnosis.checkedAtMs ?? 0,
): DoctorLine[] {
	const {apply, edit, finding} = record;
	if (!apply) return [];
	const change = `${edit.key} → ${JSON.stringify(edit.value)}`;
	if (!apply.ok) return [{text: `Fix ${change} saved, but the apply failed: ${apply.message}`, tone: 'error'}];
	const lines: DoctorLine[] = [{text: `Fix applied at ${clock(apply.atMs)}: ${change} for ${apply.apps.join(', ')} ($ ${apply.command})`, bold: true}];
	if (!finding) return lines;
	const subject = finding.process ?? 'PM2';
	const byExits = finding.pmId === null ? null : judgeFixByExits(finding.id, apply.atMs, exits, nowMs);
	if (byExits) return [...lines, ...exitVerdictLines(byExits, finding.id, subject, nowMs)];
	if (diagnosis.checkedAtMs === null || diagnosis.checkedAtMs < apply.atMs || diagnosis.findings === null) {
		lines.push({text: `  … re-running the ${finding.id} check for ${subject}`, tone: 'muted'});
		return lines;
	}
	const still = diagnosis.findings.filter(candidate => candidate.id === finding.id && candidate.process === finding.process);
	if (still.length === 0) {
		lines.push({text: `  fixed ✔ the ${finding.id} check no longer reports ${subject} (checked ${clock(diagnosis.checkedAtMs)})`, tone: 'info'});
		return lines;
	}
	lines.push({text: `  still failing ✖ ${still[0]!.title} (the ${finding.id} check, ${clock(diagnosis.checkedAtMs)})`, tone: 'error'});
	for (const evidence of still[0]!.evidence) lines.push({text: `      ${evidence}`, tone: 'muted'});
	return lines;
}

/**
 * The verdict goes right under the flow's title, where it is seen first; until the user moves to another fix,
 * the scroll keeps it on screen (it takes the focus from the fix line).
 */
export function withFixVerdict(flow: DoctorLine[], verdict: DoctorLine[], holdFocus: boolean): DoctorLine[] {
	if (verdict.length === 0) return flow;
	const rest = flow.slice(1).map(line => (holdFocus ? {...line, focus: false} : line));
	return [flow[0]!, ...verdict.map((line, index) => ({...line, focus: holdFocus && index === 0})), ...rest];
}

// The doctor screen (`d`): the findings list, and for a chosen finding or playbook section a guided flow
// whose steps show their live check results and evidence and end with the fixes. A fix that changes PM2
// state runs only through props.confirm (docs/ui-contract.md §2-3). Drawing only: the logic is in doctor-model.ts.
import {Box, Text} from 'ink';
import React, {useMemo, useRef, useState} from 'react';
import {ecosystemChangeOf, type Playbook, type PlaybookFix} from '../../doctor/playbook.js';
import {toSafeText} from '../../logs/sanitize-line.js';
import {timelineFor} from '../../model/restart-timeline.js';
import {useCommand} from '../input-router.js';
import {appTarget, instancesOf} from '../process-actions.js';
import {glyphs, glyphText, toneColor} from '../theme.js';
import type {ViewProps} from '../view-props.js';
import type {DiagnosisScheduler} from '../../services/diagnosis-scheduler.js';
import {useDiagnosis, useDiagnosisScheduler} from './use-diagnosis.js';
import {usePlaybook} from './use-playbook.js';
import {useFixLoop} from '../ecosystem/editor-service-context.js';
import {fixVerdictLines, isFixLoopFlow, stateFromFixLoop, withFixVerdict} from './fix-verdict.js';
import type {HeapForensics} from '../../services/heap-forensics.js';
import {useNow} from '../use-terminal-size.js';
import {heapDiffFlowId, heapDiffPanelLines, heapDiffSecondsOf} from './heap-diff-panel.js';
import {heapFlowState, heapTargetOf, withHeapPanel} from './heap-diff-flow.js';
import {requestHeapDiff, useHeapForensics, useHeapForensicsState} from './use-heap-forensics.js';
import {
	doctorItems,
	fillPlaceholders,
	findingsListLines,
	flowLines,
	initialDoctorState,
	isRunnableFix,
	reduceDoctor,
	scrollToFocus,
	sectionOf,
	type DoctorCommand,
	type DoctorLine,
	type DoctorViewState,
	wrapLines,
} from './doctor-model.js';

/** The slot export (docs/ui-contract.md §4). */
export function DoctorView(props: ViewProps) {
	return <DoctorScreen {...props} diagnosis={useDiagnosisScheduler()} playbook={usePlaybook()} forensics={useHeapForensics()} />;
}

/** `diagnosis`: the one diagnosis schedule, which runs the checks every few seconds while this screen is open. */
export type DoctorScreenProps = ViewProps & {diagnosis: DiagnosisScheduler; playbook: Playbook; forensics?: HeapForensics | null};

export function DoctorScreen(props: DoctorScreenProps) {
	const {playbook, noColor} = props;
	const {diagnosis, recheck} = useDiagnosis(props.diagnosis);

	// Kept in a ref too: keys can arrive faster than renders, and each must see the previous key's result.
	const fixLoop = useFixLoop();
	const forensics = props.forensics ?? null;
	const heapState = useHeapForensicsState(forensics);
	const heapNowMs = useNow(1000, heapState.kind === 'running' && heapState.phase.kind === 'waiting');
	// Back from the editor a fix opened: the same flow, where the fix's re-check is shown.
	// Opened by the heap-diff key: the memory-growth flow, where its progress and result are shown.
	const [view, setViewState] = useState<DoctorViewState>(
		() => stateFromFixLoop(fixLoop?.current() ?? null, playbook) ?? heapFlowState(forensics?.getState() ?? null, playbook) ?? initialDoctorState,
	);
	const viewRef = useRef(view);
	const setView = (next: DoctorViewState) => {
		viewRef.current = next;
		setViewState(next);
	};
	const items = useMemo(() => doctorItems(diagnosis.findings ?? [], playbook, props.selected), [diagnosis.findings, playbook, props.selected]);
	const flowSection = view.mode === 'flow' ? sectionOf(view.item, playbook) : null;
	const flowFinding = view.mode === 'flow' && view.item.kind === 'finding' ? view.item.finding : null;

	const applyFix = () => {
		const current = viewRef.current;
		if (current.mode !== 'flow') return;
		const section = sectionOf(current.item, playbook);
		const fix = section?.fixes[current.fixCursor];
		if (!fix) return;
		const finding = current.item.kind === 'finding' ? current.item.finding : null;
		const process = finding?.process ?? null;
		const heapSeconds = heapDiffSecondsOf(fix);
		if (heapSeconds !== null) {
			requestHeapDiff(forensics, heapTargetOf(finding, props.selected, props.state.snapshot?.processes ?? []), heapSeconds, props);
		} else if (isRunnableFix(fix, process) && finding?.pmId != null) {
			// The fix reads `pm2 restart NAME`: it acts on the app, all its instances.
			const processes = props.state.snapshot?.processes ?? [];
			const found = processes.find(candidate => candidate.pmId === finding.pmId);
			const target = found ? appTarget(found.name, instancesOf(found, processes)) : null;
			const plan = props.actions ? props.actions.plan({kind: fix.action!}, target) : {kind: 'refused' as const, message: 'Actions are not available here.'};
			if (plan.kind === 'refused') props.flash(plan.message, 'error');
			else {
				props.confirm({
					title: plan.title,
					message: plan.message,
					onConfirm: async () => {
						const result = await plan.run();
						props.flash(result.message, result.ok ? 'info' : 'error');
						recheck();
					},
				});
			}
		} else if (fix.kind === 'command') props.flash(`Run in a shell: ${fillPlaceholders(fix.command, process)}`);
		else if (fix.kind === 'ecosystem') {
			const change = ecosystemChangeOf(fix, process);
			if (change && props.openEditor && !props.readOnly) {
				fixLoop?.begin({finding, flowId: section!.id, fixCursor: current.fixCursor, listCursor: current.listCursor, edit: change});
				props.openEditor(change);
			} else props.flash(`Ecosystem change for ${process ?? 'the app'}: ${fix.snippet} (e opens the editor)`);
		} else props.flash(fix.text);
	};

	useCommand(
		'doctor',
		command => {
			if (command === 'doctor.recheck') {
				recheck();
				return true;
			}
			if (command === 'doctor.apply-fix') {
				applyFix();
				return true;
			}
			if (command !== 'doctor.up' && command !== 'doctor.down' && command !== 'doctor.open-flow' && command !== 'doctor.back') return false;
			const current = viewRef.current;
			// Esc while a heap diff runs stops it (safely) rather than leaving the flow that shows it.
			if (command === 'doctor.back' && current.mode === 'flow' && forensics?.getState().kind === 'running') {
				props.flash('Cancelling the heap diff: closing the inspector…');
				void forensics.cancel();
				return true;
			}
			const section = current.mode === 'flow' ? sectionOf(current.item, playbook) : null;
			const next = reduceDoctor(current, command as DoctorCommand, {items, fixCount: section?.fixes.length ?? 0});
			if (command === 'doctor.back') fixLoop?.clear();
			if (next === 'close') props.close();
			else setView(next);
			return true;
		},
		props.focused,
	);

	const loopRecord = fixLoop?.current() ?? null;
	const loopExits = loopRecord?.finding?.pmId != null && props.state.timeline ? timelineFor(props.state.timeline, loopRecord.finding.pmId) : [];
	const verdictNowMs = Math.max(props.state.snapshot?.takenAtMs ?? 0, diagnosis.checkedAtMs ?? 0);
	const verdict = isFixLoopFlow(loopRecord, view) ? fixVerdictLines(loopRecord, diagnosis, loopExits, verdictNowMs) : [];
	const heapTarget = heapTargetOf(flowFinding, props.selected, props.state.snapshot?.processes ?? []);
	const heapPanel = flowSection?.id === heapDiffFlowId ? heapDiffPanelLines(heapState, heapNowMs, props.readOnly) : [];
	const lines: DoctorLine[] =
		view.mode === 'flow' && flowSection
			? wrapLines(
					withHeapPanel(
						withFixVerdict(
							flowLines({
								section: flowSection,
								finding: flowFinding,
								diagnosis,
								fixCursor: view.fixCursor,
								readOnly: props.readOnly,
								heapTargetName: heapTarget?.name ?? null,
							}),
							verdict,
							loopRecord?.fixCursor === view.fixCursor,
						),
						heapPanel,
						heapState.kind !== 'idle' && isHeapFixAt(flowSection, view.fixCursor),
					),
					props.width,
				)
			: findingsListLines(items, Math.min(view.mode === 'list' ? view.cursor : 0, Math.max(0, items.length - 1)), diagnosis);

	const height = Math.max(1, props.height);
	const offsetRef = useRef(0);
	offsetRef.current = scrollToFocus(lines, height, offsetRef.current);
	const visible = lines.slice(offsetRef.current, offsetRef.current + height);

	return (
		<Box flexDirection="column" width={props.width} height={height}>
			{visible.map((line, index) => (
				<Text
					key={index}
					wrap="truncate-end"
					bold={line.bold}
					inverse={line.inverse && !noColor ? true : undefined}
					color={line.tone ? toneColor(line.tone, noColor) : undefined}
				>
					{fitWidth(glyphText(toSafeText(line.text)), props.width)}
				</Text>
			))}
		</Box>
	);
}

function isHeapFixAt(section: {fixes: readonly PlaybookFix[]}, fixCursor: number): boolean {
	const fix = section.fixes[fixCursor];
	return fix !== undefined && heapDiffSecondsOf(fix) !== null;
}

function fitWidth(text: string, width: number): string {
	return text.length > width ? text.slice(0, Math.max(0, width - 1)) + glyphs.ellipsis : text;
}

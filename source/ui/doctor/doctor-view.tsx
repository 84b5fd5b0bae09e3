// The doctor screen (`d`): the findings list, and for a chosen finding or playbook section a guided flow
// whose steps show their live check results and evidence and end with the fixes. A fix that changes PM2
// state runs only through props.confirm (docs/ui-contract.md §2-3). Drawing only: the logic is in doctor-model.ts.
import {Box, Text} from 'ink';
import React, {useMemo, useRef, useState} from 'react';
import {ecosystemChangeOf, type Playbook} from '../../doctor/playbook.js';
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
	return <DoctorScreen {...props} diagnosis={useDiagnosisScheduler()} playbook={usePlaybook()} />;
}

/** `diagnosis`: the one diagnosis schedule, which runs the checks every few seconds while this screen is open. */
export type DoctorScreenProps = ViewProps & {diagnosis: DiagnosisScheduler; playbook: Playbook};

export function DoctorScreen(props: DoctorScreenProps) {
	const {playbook, noColor} = props;
	const {diagnosis, recheck} = useDiagnosis(props.diagnosis);

	// Kept in a ref too: keys can arrive faster than renders, and each must see the previous key's result.
	const fixLoop = useFixLoop();
	// Back from the editor a fix opened: the same flow, where the fix's re-check is shown.
	const [view, setViewState] = useState<DoctorViewState>(() => stateFromFixLoop(fixLoop?.current() ?? null, playbook) ?? initialDoctorState);
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
		if (isRunnableFix(fix, process) && finding?.pmId != null) {
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
	const lines: DoctorLine[] =
		view.mode === 'flow' && flowSection
			? wrapLines(
					withFixVerdict(
						flowLines({section: flowSection, finding: flowFinding, diagnosis, fixCursor: view.fixCursor, readOnly: props.readOnly}),
						verdict,
						loopRecord?.fixCursor === view.fixCursor,
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

function fitWidth(text: string, width: number): string {
	return text.length > width ? text.slice(0, Math.max(0, width - 1)) + glyphs.ellipsis : text;
}

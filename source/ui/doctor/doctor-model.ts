// The doctor screen as data: which items the list shows, the view state reducer, and the lines of the
// findings list and of a guided flow. Pure (no Ink), so the navigation and the flow rendering are
// unit-tested without a terminal; doctor-view.tsx only draws these lines.
import {findingHeadline} from '../../doctor/check-report.js';
import type {Finding, Severity} from '../../doctor/check-types.js';
import type {Playbook, PlaybookFix, PlaybookSection} from '../../doctor/playbook.js';
import type {ProcessSnapshot} from '../../model/types.js';
import type {Tone} from '../theme.js';
import {heapDiffSecondsOf} from './heap-diff-panel.js';

/** One row of the doctor's list: a finding, or a playbook section to browse without one. */
export type DoctorItem = {kind: 'finding'; finding: Finding} | {kind: 'section'; section: PlaybookSection};

export type DoctorViewState =
	{mode: 'list'; cursor: number; offset: number} | {mode: 'flow'; item: DoctorItem; fixCursor: number; offset: number; listCursor: number};

export const initialDoctorState: DoctorViewState = {mode: 'list', cursor: 0, offset: 0};

/** A diagnosis run: findings, or still running / failed (the diagnosis scheduler's result). */
import type {Diagnosis} from '../../services/diagnosis-scheduler.js';
export type {Diagnosis};

const severityRank: Record<Severity, number> = {error: 0, warning: 1, info: 2};

/** Findings of the selected process first (by severity), then the rest; then every playbook section to browse. */
export function doctorItems(findings: readonly Finding[], playbook: Playbook, selected: ProcessSnapshot | null): DoctorItem[] {
	const mine = (f: Finding) => selected !== null && f.pmId === selected.pmId;
	const sorted = [...findings].sort((a, b) => Number(mine(b)) - Number(mine(a)) || severityRank[a.severity] - severityRank[b.severity]);
	return [...sorted.map(finding => ({kind: 'finding', finding}) as const), ...playbook.sections.map(section => ({kind: 'section', section}) as const)];
}

export type DoctorCommand = 'doctor.up' | 'doctor.down' | 'doctor.open-flow' | 'doctor.back';

/** Applies a navigation command; `close` is returned when Esc is pressed on the list. */
export function reduceDoctor(
	state: DoctorViewState,
	command: DoctorCommand,
	context: {items: readonly DoctorItem[]; fixCount: number},
): DoctorViewState | 'close' {
	if (state.mode === 'list') {
		const last = Math.max(0, context.items.length - 1);
		const cursor = Math.min(state.cursor, last);
		switch (command) {
			case 'doctor.up':
				return {...state, cursor: Math.max(0, cursor - 1)};
			case 'doctor.down':
				return {...state, cursor: Math.min(last, cursor + 1)};
			case 'doctor.open-flow': {
				const item = context.items[cursor];
				return item ? {mode: 'flow', item, fixCursor: 0, offset: 0, listCursor: cursor} : state;
			}
			case 'doctor.back':
				return 'close';
		}
	}
	switch (command) {
		case 'doctor.up':
			return {...state, fixCursor: Math.max(0, state.fixCursor - 1)};
		case 'doctor.down':
			return {...state, fixCursor: Math.min(Math.max(0, context.fixCount - 1), state.fixCursor + 1)};
		case 'doctor.open-flow':
			return state;
		case 'doctor.back':
			return {mode: 'list', cursor: state.listCursor, offset: 0};
	}
}

/** A line of the doctor screen. `id` marks lines the scroll must keep visible. */
export type DoctorLine = {text: string; tone?: Tone; bold?: boolean; inverse?: boolean; focus?: boolean};

const severityBadge: Record<Severity, {text: string; tone: Tone}> = {
	error: {text: 'ERR ', tone: 'error'},
	warning: {text: 'WARN', tone: 'warning'},
	info: {text: 'INFO', tone: 'muted'},
};

/** Badge text and tone for a severity (also used by the process table's badge column). */
export function severityBadgeOf(severity: Severity): {text: string; tone: Tone} {
	return severityBadge[severity];
}

/** The findings list, one line per item. */
export function findingsListLines(items: readonly DoctorItem[], cursor: number, diagnosis: Diagnosis): DoctorLine[] {
	const lines: DoctorLine[] = [];
	const findingCount = items.filter(i => i.kind === 'finding').length;
	const status =
		diagnosis.status === 'running'
			? '… running the checks'
			: diagnosis.status === 'failed'
				? `checks failed: ${diagnosis.error}`
				: findingCount === 0
					? '✔ no findings'
					: `${findingCount} finding(s)`;
	lines.push({text: `Doctor · ${status}`, bold: true, tone: diagnosis.status === 'failed' ? 'error' : undefined});
	let sectionHeaderShown = false;
	items.forEach((item, index) => {
		if (item.kind === 'section' && !sectionHeaderShown) {
			sectionHeaderShown = true;
			lines.push({text: 'Troubleshooting flows', bold: true});
		}
		const selected = index === cursor;
		const marker = selected ? '›' : ' ';
		if (item.kind === 'finding') {
			const f = item.finding;
			const badge = severityBadge[f.severity];
			const where = f.process === null ? 'PM2' : `${f.process}${f.pmId === null ? '' : `:${f.pmId}`}`;
			lines.push({text: `${marker} ${badge.text}  ${where.padEnd(14)} ${f.title}`, tone: badge.tone, inverse: selected, focus: selected});
		} else {
			lines.push({text: `${marker} ${item.section.title}  #${item.section.id}`, inverse: selected, focus: selected});
		}
	});
	return lines;
}

/** Replaces `<name>` placeholders with the process name. */
export function fillPlaceholders(text: string, process: string | null): string {
	return process === null ? text : text.replaceAll('<name>', process);
}

/** The fix as one line: a command to run, an ecosystem change, or advice. */
export function fixText(fix: PlaybookFix, process: string | null): string {
	switch (fix.kind) {
		case 'command':
			return `$ ${fillPlaceholders(fix.command, process)}${fix.text ? `  — ${fillPlaceholders(fix.text, process)}` : ''}`;
		case 'ecosystem':
			return `ecosystem: ${fix.snippet}${fix.text ? `  — ${fix.text}` : ''}`;
		case 'advice':
			return fillPlaceholders(fix.text, process);
	}
}

/** Whether the doctor can run this fix itself (through the store, after confirmation). */
export function isRunnableFix(fix: PlaybookFix, process: string | null): fix is Extract<PlaybookFix, {kind: 'command'}> {
	return fix.kind === 'command' && fix.action !== null && process !== null;
}

/** The flow: summary, each diagnosis step with its live result and evidence, then the fixes. */
export function flowLines(options: {
	section: PlaybookSection;
	finding: Finding | null;
	diagnosis: Diagnosis;
	fixCursor: number;
	readOnly: boolean;
	/** The process a `pm2-doctor heap <name>` fix acts on (the finding's, else the selected one); the doctor runs that fix itself. */
	heapTargetName?: string | null;
}): DoctorLine[] {
	const {section, finding, diagnosis} = options;
	const process = finding?.process ?? null;
	const lines: DoctorLine[] = [];
	lines.push({text: `${section.title}${process ? ` — ${process}${finding?.pmId == null ? '' : ` (id ${finding.pmId})`}` : ''}  #${section.id}`, bold: true});
	if (section.summary) lines.push({text: section.summary, tone: 'muted'});
	lines.push({text: 'Diagnosis', bold: true});
	section.diagnosis.forEach((step, index) => {
		const number = `${index + 1}.`;
		if (step.checkIds.length === 0) {
			lines.push({text: ` · ${number} ${fillPlaceholders(step.text, process)}`, tone: 'muted'});
			return;
		}
		const current = diagnosis.findings;
		if (current === null) {
			lines.push({text: ` … ${number} ${step.text}  (${step.checkIds.join(', ')})`, tone: 'muted'});
			return;
		}
		const hits = current.filter(
			f => step.checkIds.includes(f.id) && (finding === null || f.process === null || f.pmId === finding.pmId || finding.pmId === null),
		);
		const failing = hits.filter(f => f.severity !== 'info');
		// While a re-run is in progress the previous results stay on screen.
		const glyph = failing.length > 0 ? '✖' : '✔';
		lines.push({
			text: ` ${glyph} ${number} ${step.text}  (${step.checkIds.join(', ')})`,
			tone: failing.length > 0 ? 'error' : hits.length > 0 ? 'warning' : 'info',
		});
		for (const hit of hits.slice(0, 3)) {
			lines.push({text: `      ${findingHeadline(hit)}`});
			for (const evidence of hit.evidence) lines.push({text: `        ${evidence}`, tone: 'muted'});
		}
	});
	lines.push({text: 'Fixes', bold: true});
	section.fixes.forEach((fix, index) => {
		const selected = index === options.fixCursor;
		const heapTarget = heapDiffSecondsOf(fix) === null ? null : (options.heapTargetName ?? null);
		const runnable = (isRunnableFix(fix, process) || heapTarget !== null) && !options.readOnly;
		lines.push({
			text: `${selected ? '›' : ' '} ${fixText(fix, heapTarget ?? process)}${runnable ? '   [f: run]' : ''}`,
			inverse: selected,
			focus: selected,
			tone: fix.kind === 'advice' ? undefined : 'accent',
		});
	});
	return lines;
}

/** The first line index to show so the focused line stays inside a window of `height` lines. */
export function scrollToFocus(lines: readonly DoctorLine[], height: number, previousOffset: number): number {
	const focus = lines.findIndex(l => l.focus);
	const maxOffset = Math.max(0, lines.length - height);
	let offset = Math.min(previousOffset, maxOffset);
	if (focus >= 0) {
		if (focus < offset) offset = focus;
		else if (focus >= offset + height) offset = focus - height + 1;
	}
	return Math.max(0, Math.min(offset, maxOffset));
}

/** The section a list item opens. */
export function sectionOf(item: DoctorItem, playbook: Playbook): PlaybookSection | null {
	return item.kind === 'section' ? item.section : (playbook.sections.find(s => s.id === item.finding.flow) ?? null);
}

/** Word-wraps lines to `width` columns; continuation lines keep the indentation plus 3 spaces. */
export function wrapLines(lines: readonly DoctorLine[], width: number): DoctorLine[] {
	const out: DoctorLine[] = [];
	for (const line of lines) {
		if (line.text.length <= width || width < 20) {
			out.push(line);
			continue;
		}
		const indent = ' '.repeat(Math.min(12, /^\s*(?:[›·✔✖…]\s+)?(?:\d+\.\s+)?/.exec(line.text)?.[0].length ?? 0));
		let rest = line.text;
		let first = true;
		while (rest.length > 0) {
			const room = first ? width : width - indent.length;
			let cut = rest.length <= room ? rest.length : rest.lastIndexOf(' ', room);
			if (cut <= room / 3) cut = Math.min(rest.length, room);
			out.push({...line, text: (first ? '' : indent) + rest.slice(0, cut).trimEnd(), focus: first ? line.focus : false});
			rest = rest.slice(cut).trimStart();
			first = false;
		}
	}
	return out;
}

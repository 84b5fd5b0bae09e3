// The heap diff in the memory-growth flow, as lines of the doctor screen: what is about to happen while the
// question is asked, the progress (snapshot 1 of 2, the wait, snapshot 2, reading), and the result (top growers
// by constructor, the retainer chain of the top grower, the files). Pure. Constructor, property and variable
// names are the app's own bytes: each goes through the sanitizer before it is laid out.
import type {PlaybookFix} from '../../doctor/playbook.js';
import {toSafeText} from '../../logs/sanitize-line.js';
import type {HeapDiff} from '../../model/heap/heap-diff.js';
import {formatHeapDiff} from '../../model/heap/heap-report.js';
import type {HeapForensicsState} from '../../services/heap-forensics.js';
import type {DoctorLine} from './doctor-model.js';

export const heapDiffFlowId = 'memory-growth';

/** The seconds of a `pm2-doctor heap <name> --compare N` fix, which the doctor runs itself; null for any other fix. */
export function heapDiffSecondsOf(fix: PlaybookFix): number | null {
	if (fix.kind !== 'command') return null;
	const match = /^pm2-doctor heap <name> --compare (\d+)$/.exec(fix.command.trim());
	return match ? Number(match[1]) : null;
}

/** The diff with every name from the heap made safe to print (one line each, no control sequences). */
export function sanitizedDiff(diff: HeapDiff): HeapDiff {
	const safe = (name: string) => toSafeText(name).replace(/\s+/g, ' ');
	return {
		...diff,
		growers: diff.growers.map(row => ({...row, name: safe(row.name)})),
		dominant: diff.dominant && {...diff.dominant, name: safe(diff.dominant.name)},
		retainers: diff.retainers && diff.retainers.map(step => ({via: safe(step.via), holder: safe(step.holder)})),
	};
}

export function heapDiffPanelLines(state: HeapForensicsState, nowMs: number, readOnly: boolean): DoctorLine[] {
	if (readOnly && state.kind === 'idle')
		return [{text: 'Heap diff: not available with --read-only (it opens the app’s inspector and pauses the app).', tone: 'muted'}];
	if (state.kind === 'idle') return [];
	const who = `${toSafeText(state.target.name)} (id ${state.target.pmId})`;
	const title = (text: string): DoctorLine => ({text: `Heap diff — ${who}: ${text}`, bold: true});
	switch (state.kind) {
		case 'proposed':
			return [title('about to start (y takes it, n cancels)'), {text: `  ${state.notice}`, tone: 'warning'}];
		case 'running': {
			const {phase} = state;
			const step =
				phase.kind === 'opening'
					? 'opening the inspector'
					: phase.kind === 'snapshot'
						? `snapshot ${phase.index} of 2 (the app pauses about ${Math.max(1, Math.round(phase.estimatedPauseMs / 1000))} s)`
						: phase.kind === 'waiting'
							? `waiting ${Math.max(0, Math.ceil((phase.untilMs - nowMs) / 1000))} s before snapshot 2 of 2`
							: 'reading the snapshots';
			return [title(`… ${step}`), {text: '  Esc cancels (the inspector is closed, the files written so far removed).', tone: 'muted'}];
		}
		case 'cancelling':
			return [title('… cancelling: closing the inspector'), {text: '  A snapshot V8 has begun runs to its end first.', tone: 'muted'}];
		case 'cancelled':
			return [title('cancelled'), {text: `  ${state.message}`, tone: 'muted'}];
		case 'failed':
			return [title('failed'), {text: `  ${toSafeText(state.message)}`, tone: 'error'}];
		case 'done': {
			const {diff, files} = state.result;
			const body = formatHeapDiff(sanitizedDiff(diff)).trimEnd().split('\n');
			const lines: DoctorLine[] = [title(diff.dominant ? `${toSafeText(diff.dominant.name).replace(/\s+/g, ' ')} grows` : 'no dominant grower')];
			for (const text of body) lines.push({text: `  ${text}`, tone: /^\s*<-|^Top grower/.test(text) ? 'warning' : undefined});
			lines.push({text: '  Files (0600, they hold the app’s data; Chrome DevTools’ Memory tab opens them):', tone: 'muted'});
			for (const file of files) lines.push({text: `    ${toSafeText(file.path)}  (the app paused ${(file.pauseMs / 1000).toFixed(1)} s)`, tone: 'muted'});
			return lines;
		}
	}
}

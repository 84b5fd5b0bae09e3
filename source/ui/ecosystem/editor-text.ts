// Pure text for the ecosystem editor view: the overlay lines of each phase (review, refusal, saved, applied),
// the prompt line, and small formatting helpers. Kept apart from the component so the view stays about layout.
import os from 'node:os';
import {verifyAppliedChanges} from '../../ecosystem/apply-ecosystem.js';
import {envBlockNames, onlyArgument} from '../../ecosystem/apply-targets.js';
import {displayPath, type EditorSession} from '../../ecosystem/editor-session.js';
import type {LintReport} from '../../ecosystem/lint-ecosystem.js';
import {hasBlockingFindings} from '../../ecosystem/lint-verdict.js';
import type {ProcessSnapshot} from '../../model/types.js';
import type {EditorState, OverlayPhase} from '../../services/editor/editor-state.js';

export const severityGlyph = {error: '✖', warning: '▲', info: '·'} as const;

export function summary(report: LintReport): string {
	const {error, warning, info} = report.counts;
	return `Lint: ${error} error(s), ${warning} warning(s), ${info} note(s) · ctrl+n next finding`;
}

const effectNote = {
	applied: '',
	'needs-delete-start': '   (NOT applied by a reload)',
	'needs-env-flag': '   (only with --env)',
	'new-app': '   (new app)',
} as const;

export function overlayLines(phase: OverlayPhase, session: EditorSession | null, readOnly: boolean, processes: readonly ProcessSnapshot[]): string[] {
	const lines: string[] = [];
	const findingLines = (report: LintReport) =>
		report.findings
			.filter(finding => finding.severity !== 'info')
			.map(finding => `! ${finding.line === null ? '' : `${finding.line}: `}${finding.appName ? `[${finding.appName}] ` : ''}${finding.message}`);
	switch (phase.kind) {
		case 'reviewing': {
			const {report} = phase.validation;
			lines.push(
				report.loaded
					? `Validation: ${report.counts.error} error(s), ${report.counts.warning} warning(s).`
					: 'The edited file does NOT load; it will not be saved unless you insist (!).',
			);
			// The file is code; say who runs it.
			lines.push(`(The file was evaluated as code in a separate node process as user ${currentUser()}; pm2 will run it the same way on apply.)`);
			lines.push(...findingLines(report), '', 'Changes (diff against the file on disk):', ...phase.diff);
			break;
		}
		case 'refused':
			lines.push(`! ${phase.save.message}`, '');
			if (phase.diff.length > 0) lines.push(phase.save.reason === 'conflict' ? 'On disk now (-) vs your buffer (+):' : 'Diff:', ...phase.diff);
			break;
		case 'saved': {
			const {plan} = phase;
			lines.push(
				`Saved ${session ? displayPath(session.file) : ''} (${phase.save.method === 'atomic-rename' ? 'atomic replace' : 'in place, verified'}).`,
				`Backup of the previous version: ${phase.save.backupPath ?? 'none (backup folder not writable)'}`,
				'',
			);
			if (!plan.loads) lines.push('! The saved file does not load: there is nothing pm2 could apply from it.');
			else if (plan.targets.length === 0) lines.push("No app's settings changed: nothing to apply.");
			for (const target of plan.targets) {
				lines.push(`What changed for ${target.name}:`);
				for (const change of target.changes) lines.push(`  ${change.key}: ${change.before} → ${change.after}${effectNote[change.effect]}`);
			}
			if (!readOnly && plan.targets.length > 0) {
				const env = envBlockNames(plan)[0];
				lines.push(
					'',
					`Apply now? pm2 startOrReload --only ${onlyArgument(plan)}${env ? ` (A: with --env ${env})` : ''} runs as user ${currentUser()} against PM2_HOME ${session?.pm2Home ?? '(default)'}. What it does:`,
					...plan.explanation.map(line => `  ${line}`),
				);
			}
			break;
		}
		case 'applied':
		case 'failed':
			lines.push(phase.result.ok ? `Applied: ${phase.result.message}` : `! ${phase.result.message}`);
			// Re-evaluated on every store poll: the values the daemon reports now, for each changed field.
			if (phase.result.ok) {
				lines.push('What the daemon reports now (updates with each poll):');
				for (const target of phase.plan.targets) {
					const process = processes.find(candidate => candidate.name === target.name) ?? null;
					lines.push(`  ${target.name}:`, ...verifyAppliedChanges(target.changes, target.config, process).map(line => `    ${line}`));
				}
			}
			lines.push('', `$ ${phase.result.command.join(' ')}`, ...phase.result.output.replace(/\u001B\[[0-9;]*m/g, '').split('\n'));
			break;
	}
	return lines;
}

/** The line under the findings: what the mode is about (the keys are in the footer). */
export function promptText(state: EditorState): string {
	const {phase, buffer} = state;
	switch (phase.kind) {
		case 'unavailable':
			return phase.starterFolder && !state.readOnly ? `i creates a best-practice ecosystem.config.js in ${phase.starterFolder}` : '';
		case 'search':
			return `Search: ${phase.query}`;
		case 'discard':
			return `Unsaved changes: a copy is in ${phase.recoveryPath ?? '(no recovery file could be written)'}. Esc again closes without saving, any other key keeps editing.`;
		case 'reviewing':
			return hasBlockingFindings(phase.validation.report) ? 'Review: the file has errors; y refuses, ! saves anyway.' : 'Review the changes: y saves.';
		case 'refused':
			return phase.save.reason === 'read-only-directory' ? 'Not saved. i writes in place (verified, backup kept, not crash-safe).' : 'Not saved.';
		case 'saved':
			return phase.plan.targets.length > 0 && !state.readOnly ? `Saved. a applies to ${onlyArgument(phase.plan).split(',').join(', ')}.` : 'Saved.';
		case 'applied':
			return 'Applied. Esc closes the editor; e edits again.';
		case 'failed':
			return 'The apply failed (see the output). Esc closes the editor; e edits again.';
		case 'editing':
			return `${state.readOnly ? 'Read-only · ' : ''}Ln ${buffer.cursor.line + 1}, Col ${buffer.cursor.column + 1}`;
		default:
			return '';
	}
}

export function currentUser(): string {
	try {
		return os.userInfo().username;
	} catch {
		return String(process.getuid?.() ?? 'unknown');
	}
}

// Pure text for the ecosystem editor view: its phases, the overlay lines (review, refusal, saved, applied),
// and small formatting helpers. Kept apart from the component so the view stays about input and layout.
import os from 'node:os';
import {verifyAppliedChanges, type ApplyResult, type FieldChange} from '../../ecosystem/apply-ecosystem.js';
import {displayPath, type EditorSession} from '../../ecosystem/editor-session.js';
import type {LintReport} from '../../ecosystem/lint-ecosystem.js';
import type {LoadResult} from '../../ecosystem/load-ecosystem-file.js';
import type {SaveResult} from '../../ecosystem/save-ecosystem-file.js';
import type {ViewProps} from '../view-props.js';

export type Validation = {report: LintReport; load: LoadResult};

export type Phase =
	| {kind: 'loading'; message: string}
	| {kind: 'unavailable'; message: string}
	| {kind: 'editing'}
	| {kind: 'search'; query: string}
	| {kind: 'busy'; message: string}
	| {kind: 'review'; validation: Validation; diff: string[]; offset: number}
	| {kind: 'refused'; save: Exclude<SaveResult, {ok: true}>; validation: Validation; diff: string[]; offset: number}
	| {kind: 'saved'; save: Extract<SaveResult, {ok: true}>; changes: FieldChange[]; explanation: string[]; appAfter: Record<string, unknown> | null; offset: number}
	| {kind: 'applied'; result: ApplyResult; changes: FieldChange[]; appAfter: Record<string, unknown> | null; offset: number}
	| {kind: 'discard'};

export const severityGlyph = {error: '✖', warning: '▲', info: '·'} as const;

/** Replaces characters a terminal would interpret with a visible stand-in, keeping one column per code unit. */
export function inertChars(text: string): string {
	return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, char => (char === '\t' ? '→' : '·'));
}

export function summary(report: LintReport): string {
	const {error, warning, info} = report.counts;
	return `Lint: ${error} error(s), ${warning} warning(s), ${info} note(s) · ctrl+n next finding`;
}

export function overlayLines(
	phase: Exclude<Phase, {kind: 'loading' | 'unavailable' | 'busy' | 'editing' | 'search' | 'discard'}>,
	session: EditorSession | null,
	readOnly: boolean,
	selected: ViewProps['selected'],
): string[] {
	const lines: string[] = [];
	const findingLines = (report: LintReport) =>
		report.findings.filter(finding => finding.severity !== 'info').map(finding => `! ${finding.line === null ? '' : `${finding.line}: `}${finding.appName ? `[${finding.appName}] ` : ''}${finding.message}`);
	switch (phase.kind) {
		case 'review': {
			const {report} = phase.validation;
			lines.push(report.loaded ? `Validation: ${report.counts.error} error(s), ${report.counts.warning} warning(s).` : 'The edited file does NOT load; it will not be saved unless you insist (!).');
			// R-3.7: the file is code; say who runs it.
			lines.push(`(The file was evaluated as code in a separate node process as user ${currentUser()}; pm2 will run it the same way on apply.)`);
			lines.push(...findingLines(report), '', 'Changes (diff against the file on disk):', ...phase.diff);
			break;
		}
		case 'refused':
			lines.push(`! ${phase.save.message}`, '');
			if (phase.diff.length > 0) lines.push(phase.save.reason === 'conflict' ? 'On disk now (-) vs your buffer (+):' : 'Diff:', ...phase.diff);
			break;
		case 'saved':
			lines.push(
				`Saved ${session ? displayPath(session.file) : ''} (${phase.save.method === 'atomic-rename' ? 'atomic replace' : 'in place, verified'}).`,
				`Backup of the previous version: ${phase.save.backupPath ?? 'none (backup folder not writable)'}`,
				'',
			);
			if (phase.changes.length > 0) {
				lines.push('What changed for the app:');
				for (const change of phase.changes) lines.push(`  ${change.key}: ${change.before} → ${change.after}${change.effect === 'applied' ? '' : change.effect === 'needs-delete-start' ? '   (NOT applied by a reload)' : change.effect === 'needs-env-flag' ? '   (only with --env)' : '   (new app)'}`);
				lines.push('');
			}
			if (!readOnly) {
				lines.push(`Apply now? pm2 startOrReload runs as user ${currentUser()} against PM2_HOME ${session?.pm2Home ?? '(default)'}. What it does:`, ...phase.explanation.map(line => `  ${line}`));
			}
			break;
		case 'applied':
			lines.push(phase.result.ok ? `Applied: ${phase.result.message}` : `! ${phase.result.message}`);
			// Re-evaluated on every store poll: the values the daemon reports now, for each changed field.
			if (phase.result.ok && phase.appAfter && phase.changes.length > 0) {
				lines.push('What the daemon reports now (updates with each poll):', ...verifyAppliedChanges(phase.changes, phase.appAfter, selected?.name === session?.appName ? selected : null).map(line => `  ${line}`));
			}
			lines.push('', `$ ${phase.result.command.join(' ')}`, ...phase.result.output.replace(/\u001B\[[0-9;]*m/g, '').split('\n'));
			break;
	}
	return lines;
}

export function currentUser(): string {
	try {
		return os.userInfo().username;
	} catch {
		return String(process.getuid?.() ?? 'unknown');
	}
}

/** Names of the env_<name> blocks that changed (they apply only with --env <name>). */
export function envBlockNames(changes: FieldChange[]): string[] {
	return [...new Set(changes.filter(change => change.effect === 'needs-env-flag').map(change => change.key.split('.')[0]!.slice('env_'.length)))];
}

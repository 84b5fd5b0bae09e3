// The health column's words: the problem a process has, named ("LOOP 3/1m", "LEAK +5.0 MB/min", "PORT 3000",
// "NOSTART"), from the one diagnosis schedule's findings and the restart timeline's loop badge. Pure.
import type {Finding, Severity} from '../doctor/check-types.js';
import {toSafeText} from '../logs/sanitize-line.js';
import {maskSecretsInText} from '../model/mask-secrets.js';
import type {ProcessSnapshot} from '../model/types.js';
import type {StoreState} from '../services/store/store-types.js';
import {healthy, type Health, type HealthLevel} from './table-rows.js';
import {glyphs, glyphText, type Tone} from './theme.js';
import {loopBadgeFor} from './trends/trends-data.js';

const severityRank: Record<Severity, number> = {error: 0, warning: 1, info: 2};

/** The short name of what a finding found; `loopBadge` is the timeline's "LOOP n/window" when it has one. */
export function findingLabel(finding: Finding, loopBadge: string): string {
	switch (finding.flow) {
		case 'restart-loop':
		case 'watch-restart-loop':
			return loopBadge.startsWith('LOOP') ? loopBadge : 'LOOP';
		case 'memory-growth': {
			const rate = /\(([\d.]+ ?[KMGT]?i?B)\/min\)/.exec(finding.title);
			// "5.0 MB" → "5 MB": short labels leave the row to the names.
			return rate ? `LEAK +${rate[1]!.replace(/\.0 /, ' ')}/min` : 'MEM LIMIT';
		}
		case 'port-conflict': {
			const port = /port (\d+)/.exec(finding.title);
			return port ? `PORT ${port[1]}` : 'PORT';
		}
		case 'start-failure':
			return 'NOSTART';
		case 'log-bloat':
			return 'LOG SIZE';
		case 'kill-timeout':
			return 'KILL TIMEOUT';
		default:
			return finding.severity === 'error' ? 'ERROR' : 'WARN';
	}
}

/**
 * Health per pm_id: the worst finding of each process names the problem; a restart-loop badge from the
 * timeline (LOOP, STUCK, ERRORED) counts as a warning when no finding says more.
 */
export function healthByPmId(findings: readonly Finding[], loopBadges: ReadonlyMap<number, string>): Map<number, Health> {
	const worst = new Map<number, Finding>();
	for (const finding of findings) {
		if (finding.pmId === null || finding.severity === 'info') continue;
		const current = worst.get(finding.pmId);
		if (!current || severityRank[finding.severity] < severityRank[current.severity]) worst.set(finding.pmId, finding);
	}
	const health = new Map<number, Health>();
	for (const [pmId, badge] of loopBadges) if (badge !== '') health.set(pmId, {level: 'warning', label: badge});
	for (const [pmId, finding] of worst) {
		const level: HealthLevel = finding.severity === 'error' ? 'error' : 'warning';
		health.set(pmId, {level, label: findingLabel(finding, loopBadges.get(pmId) ?? '')});
	}
	return health;
}

/** The restart timeline's loop badge of each process ("LOOP 7/5m", "STUCK"; '' for none). */
export function loopBadgesOf(state: StoreState, processes: readonly ProcessSnapshot[]): Map<number, string> {
	const loopBadges = new Map<number, string>();
	for (const process of processes) loopBadges.set(process.pmId, loopBadgeFor(state, process));
	return loopBadges;
}

/** The detail pane's health lines for a row: what is wrong and the most telling fact, or that nothing is. */
export type HealthExplanation = {tone: Tone; headline: string; evidence: string | null};

/**
 * Explains the health of the processes `pmIds` (a row: one process or an app's instances) from the one
 * diagnosis schedule's findings (null before the first run). Finding texts quote apps' own output: masked, then sanitized.
 */
export function healthExplanation(findings: readonly Finding[] | null, pmIds: readonly number[], health: Health = healthy): HealthExplanation {
	const own = (findings ?? [])
		.filter(finding => finding.pmId !== null && pmIds.includes(finding.pmId) && finding.severity !== 'info')
		.sort((a, b) => severityRank[a.severity] - severityRank[b.severity]);
	const safe = (text: string) => glyphText(toSafeText(maskSecretsInText(text)));
	const worst = own[0];
	if (worst) {
		const cause = worst.rootCause ? ` (cause: ${worst.rootCause.title})` : '';
		const more = own.length > 1 ? ` ${glyphs.separator} ${own.length - 1} more` : '';
		const mark = worst.severity === 'error' ? glyphs.error : glyphs.warning;
		return {
			tone: worst.severity === 'error' ? 'error' : 'warning',
			headline: `${mark} ${safe(worst.title + cause)}${more} ${glyphs.separator} t troubleshoots`,
			evidence: worst.evidence[0] === undefined ? null : safe(worst.evidence[0]),
		};
	}
	if (health.level !== 'ok') {
		return {tone: 'warning', headline: `${glyphs.warning} ${safe(health.label)} on the restart timeline ${glyphs.separator} h opens it`, evidence: null};
	}
	if (findings === null) return {tone: 'muted', headline: `Checking${glyphs.ellipsis}`, evidence: null};
	return {tone: 'muted', headline: 'No problems found.', evidence: null};
}

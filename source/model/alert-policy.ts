// Which finding changes become alerts. Pure: the recorder's sinks (webhook, command) send what this lets through.
//
// Against alert fatigue: a severity threshold; per finding, an alert only when what the receiver last heard
// changes (appeared → resolved, not appeared twice); and a rate limit over all findings, so a host where
// everything breaks at once pages a few times and then sends one summary of what it held back.
import type {Severity} from '../doctor/check-types.js';
import {severityRank, type FindingChange} from './finding-changes.js';

export type AlertPolicyOptions = {
	minSeverity: Severity;
	/** At most this many alerts per `rateWindowMs`, all findings together. */
	maxAlertsPerWindow: number;
	rateWindowMs: number;
};

export const defaultAlertPolicy: AlertPolicyOptions = {minSeverity: 'warning', maxAlertsPerWindow: 5, rateWindowMs: 10 * 60_000};

export type AlertPolicyState = {
	/** Per finding key, the last change the receiver was told. */
	lastSent: ReadonlyMap<string, 'appeared' | 'escalated' | 'cleared'>;
	sentAtMs: readonly number[];
	/** Alerts held back by the rate limit since the last summary. */
	suppressed: number;
};

export type Alert = {kind: 'change'; change: FindingChange} | {kind: 'suppressed'; count: number; atMs: number};

export function createAlertPolicyState(): AlertPolicyState {
	return {lastSent: new Map(), sentAtMs: [], suppressed: 0};
}

/** Decides the alerts for one run's changes (call with no changes too: a held-back summary may be due). */
export function decideAlerts(
	state: AlertPolicyState,
	changes: readonly FindingChange[],
	nowMs: number,
	options: AlertPolicyOptions,
): {state: AlertPolicyState; alerts: Alert[]} {
	const lastSent = new Map(state.lastSent);
	const sentAtMs = state.sentAtMs.filter(atMs => nowMs - atMs < options.rateWindowMs);
	let suppressed = state.suppressed;
	const alerts: Alert[] = [];
	const budgetLeft = () => options.maxAlertsPerWindow - sentAtMs.length;

	if (suppressed > 0 && budgetLeft() > 0) {
		alerts.push({kind: 'suppressed', count: suppressed, atMs: nowMs});
		sentAtMs.push(nowMs);
		suppressed = 0;
	}
	for (const change of changes) {
		const severity = change.kind === 'cleared' ? (change.previousSeverity ?? change.finding.severity) : change.finding.severity;
		if (severityRank[severity] < severityRank[options.minSeverity]) continue;
		const previous = lastSent.get(change.key);
		// Resolved only for what was announced; announced once until resolved (escalations always pass).
		if (change.kind === 'cleared' && (previous === undefined || previous === 'cleared')) continue;
		if (change.kind === 'appeared' && (previous === 'appeared' || previous === 'escalated')) continue;
		lastSent.set(change.key, change.kind);
		if (budgetLeft() <= 0) {
			suppressed++;
			continue;
		}
		alerts.push({kind: 'change', change});
		sentAtMs.push(nowMs);
	}
	return {state: {lastSent, sentAtMs, suppressed}, alerts};
}

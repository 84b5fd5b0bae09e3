// Which findings appeared, escalated or cleared between diagnosis runs. Pure: the recorder stores the changes
// and alerts on them.
//
// A finding is identified by its check and process, not its title: a restart loop's title and evidence change
// with every restart ("5 restarts…", "6 restarts…") and is still one loop. A finding that is missing from one
// run is not cleared at once: a check near its threshold flickers, and each flicker would be an alert. It clears
// after it has been absent for `clearAfterMs`.
import type {Finding, Severity} from '../doctor/check-types.js';

export type FindingChangeKind = 'appeared' | 'escalated' | 'cleared';

export type FindingChange = {kind: FindingChangeKind; key: string; atMs: number; finding: Finding; previousSeverity: Severity | null};

type Tracked = {finding: Finding; missingSinceMs: number | null};

export type FindingTracker = {readonly active: ReadonlyMap<string, Tracked>};

export const severityRank: Record<Severity, number> = {info: 0, warning: 1, error: 2};

export function findingKey(finding: Pick<Finding, 'id' | 'process'>): string {
	return `${finding.id}:${finding.process ?? '*'}`;
}

export function createFindingTracker(): FindingTracker {
	return {active: new Map()};
}

/** The changes since the previous run, and the tracker after this one. */
export function trackFindings(
	tracker: FindingTracker,
	findings: readonly Finding[],
	nowMs: number,
	options: {clearAfterMs: number},
): {tracker: FindingTracker; changes: FindingChange[]} {
	const active = new Map(tracker.active);
	const changes: FindingChange[] = [];
	const seen = new Set<string>();
	for (const finding of findings) {
		const key = findingKey(finding);
		if (seen.has(key)) continue;
		seen.add(key);
		const before = active.get(key);
		if (!before) changes.push({kind: 'appeared', key, atMs: nowMs, finding, previousSeverity: null});
		else if (severityRank[finding.severity] > severityRank[before.finding.severity])
			changes.push({kind: 'escalated', key, atMs: nowMs, finding, previousSeverity: before.finding.severity});
		// A finding that calms down (error → warning) keeps its higher severity until it clears: no alert for that.
		const severity = before && severityRank[before.finding.severity] > severityRank[finding.severity] ? before.finding.severity : finding.severity;
		active.set(key, {finding: {...finding, severity}, missingSinceMs: null});
	}
	for (const [key, tracked] of active) {
		if (seen.has(key)) continue;
		const missingSinceMs = tracked.missingSinceMs ?? nowMs;
		if (nowMs - missingSinceMs >= options.clearAfterMs) {
			active.delete(key);
			changes.push({kind: 'cleared', key, atMs: nowMs, finding: tracked.finding, previousSeverity: tracked.finding.severity});
		} else active.set(key, {...tracked, missingSinceMs});
	}
	return {tracker: {active}, changes};
}

import {describe, expect, it} from 'vitest';
import type {Finding} from '../../../source/doctor/check-types.js';
import {createAlertPolicyState, decideAlerts, defaultAlertPolicy, type Alert} from '../../../source/model/alert-policy.js';
import {findingKey, type FindingChange} from '../../../source/model/finding-changes.js';

const finding = (process: string, severity: Finding['severity'] = 'error'): Finding => ({
	id: 'restart-rate',
	severity,
	process,
	pmId: 0,
	title: `${process} is in a restart loop`,
	evidence: [],
	flow: 'restart-loop',
});
const change = (kind: FindingChange['kind'], process: string, atMs = 0, severity: Finding['severity'] = 'error'): FindingChange => ({
	kind,
	key: findingKey(finding(process)),
	atMs,
	finding: finding(process, severity),
	previousSeverity: kind === 'appeared' ? null : severity,
});
const describeAlert = (alert: Alert) => (alert.kind === 'suppressed' ? `suppressed ${alert.count}` : `${alert.change.kind} ${alert.change.finding.process}`);

describe('decideAlerts', () => {
	it('announces a finding once until it is resolved, and resolves only what was announced', () => {
		let state = createAlertPolicyState();
		const sent: string[] = [];
		for (const [kind, atMs] of [
			['cleared', 0],
			['appeared', 1],
			['appeared', 2],
			['cleared', 3],
			['cleared', 4],
		] as const) {
			const decided = decideAlerts(state, [change(kind, 'api', atMs)], atMs, defaultAlertPolicy);
			state = decided.state;
			sent.push(...decided.alerts.map(describeAlert));
		}
		expect(sent).toEqual(['appeared api', 'cleared api']);
	});

	it('leaves out changes below the severity threshold', () => {
		const decided = decideAlerts(createAlertPolicyState(), [change('appeared', 'api', 0, 'info')], 0, defaultAlertPolicy);
		expect(decided.alerts).toEqual([]);
	});

	it('holds a burst to the rate limit and sends one summary of the rest when the window allows again', () => {
		const options = {...defaultAlertPolicy, maxAlertsPerWindow: 3, rateWindowMs: 600_000};
		const burst = Array.from({length: 50}, (_, index) => change('appeared', `app-${index}`));
		let decided = decideAlerts(createAlertPolicyState(), burst, 0, options);
		expect(decided.alerts.map(describeAlert)).toEqual(['appeared app-0', 'appeared app-1', 'appeared app-2']);
		decided = decideAlerts(decided.state, [], 300_000, options);
		expect(decided.alerts).toEqual([]);
		decided = decideAlerts(decided.state, [], 600_000, options);
		expect(decided.alerts.map(describeAlert)).toEqual(['suppressed 47']);
	});
});

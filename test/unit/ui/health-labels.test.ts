import {describe, expect, it} from 'vitest';
import type {Finding} from '../../../source/doctor/check-types.js';
import {healthByPmId, healthExplanation} from '../../../source/ui/health-labels.js';
import {healthy} from '../../../source/ui/table-rows.js';

const finding = (pmId: number, flow: Finding['flow'], title: string, severity: Finding['severity'] = 'error'): Finding => ({
	id: flow,
	severity,
	process: 'p',
	pmId,
	title,
	evidence: [],
	flow,
});

describe('the health column', () => {
	it('names the problem of the worst finding', () => {
		const health = healthByPmId(
			[
				finding(1, 'restart-loop', 'p is in a restart loop'),
				finding(2, 'memory-growth', 'p: memory keeps growing (5.0 MB/min)', 'warning'),
				finding(8, 'memory-growth', 'p: memory keeps growing (12.5 MB/min)', 'warning'),
				finding(3, 'port-conflict', 'p cannot listen: port 3000 is in use'),
				finding(4, 'start-failure', 'p cannot start: SyntaxError'),
				finding(5, 'log-bloat', 'out log is 2 GB', 'warning'),
				finding(5, 'start-failure', 'p cannot start (errored)'),
				finding(6, 'daemon-outdated', 'info only', 'info'),
			],
			new Map([
				[1, 'LOOP 3/1m'],
				[7, 'STUCK'],
			]),
		);
		expect(Object.fromEntries(health)).toEqual({
			1: {level: 'error', label: 'LOOP 3/1m'},
			2: {level: 'warning', label: 'LEAK +5 MB/min'},
			3: {level: 'error', label: 'PORT 3000'},
			4: {level: 'error', label: 'NOSTART'},
			5: {level: 'error', label: 'NOSTART'},
			7: {level: 'warning', label: 'STUCK'},
			8: {level: 'warning', label: 'LEAK +12.5 MB/min'},
		});
	});
});

describe("the detail pane's health explanation", () => {
	it('says what is wrong with the row, worst first, with its first evidence masked and inert', () => {
		const findings = [
			{...finding(4, 'log-bloat', 'out log is 2 GB', 'warning'), evidence: ['ok']},
			{...finding(5, 'start-failure', 'api cannot start: \u001b[31mSyntaxError'), evidence: ['connecting to postgres://u:hunter2@db/app']},
			finding(9, 'port-conflict', 'another process'),
		];
		const explained = healthExplanation(findings, [4, 5], {level: 'error', label: 'NOSTART'});
		expect(explained.tone).toBe('error');
		expect(explained.headline).toBe('✖ api cannot start: ^[[31mSyntaxError · 1 more · t troubleshoots');
		expect(explained.evidence).toBe('connecting to postgres://u:****@db/app');
	});

	it('falls back on the loop badge, then says nothing was found, or that the checks have not run yet', () => {
		expect(healthExplanation([], [1], {level: 'warning', label: 'STUCK'}).headline).toBe('⚠ STUCK on the restart timeline · h opens it');
		expect(healthExplanation([], [1], healthy)).toEqual({tone: 'muted', headline: 'No problems found.', evidence: null});
		expect(healthExplanation(null, [1], healthy).headline).toBe('Checking…');
	});
});

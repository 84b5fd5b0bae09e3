// The scale1000 phase's report rows: each figure against its same-run baseline, budget and verdict.
import {describe, expect, it} from 'vitest';
import {scale1000Rows, type Scale1000Result} from '../../../bench/scale1000.js';

const figures = (cpuPercent: number, rssBytes: number) => ({cpuPercent, rssMeanBytes: rssBytes, rssMaxBytes: rssBytes});

function result(overrides: Partial<Scale1000Result> = {}): Scale1000Result {
	return {
		processes: 1000,
		startSeconds: 60,
		jlistMs: [1700, 1800, 1600],
		doctorFirstFrameMs: [2200, 2100, 2300],
		doctor: figures(5, 120e6),
		monit: figures(50, 130e6),
		monitShowedData: true,
		daemonBaseline: [0.6, 0.6, 0.6],
		daemonWithDoctor: 1.0,
		daemonWithMonit: 1.2,
		render: {renderMs: [2, 3, 4, 40], framesPerSecond: 0.5},
		monitorData: null,
		...overrides,
	};
}

const verdicts = (rows: ReturnType<typeof scale1000Rows>) =>
	Object.fromEntries(rows.map(row => [row.figure.replace(/^1,000 processes: /, '').slice(0, 20), row.verdict]));

describe('scale1000 rows', () => {
	it('passes figures within their budgets', () => {
		expect(verdicts(scale1000Rows(result()))).toEqual({
			'first frame with dat': 'pass',
			'CPU while showing th': 'pass',
			'daemon extra CPU vs ': 'pass',
			'render time per fram': 'pass',
			'RSS, MB mean (max)': 'pass',
		});
	});

	it('misses each budget it exceeds', () => {
		const rows = scale1000Rows(
			result({
				doctorFirstFrameMs: [3000],
				jlistMs: [1700],
				doctor: figures(10, 160e6),
				daemonWithDoctor: 2.5,
				render: {renderMs: Array.from({length: 20}, () => 60), framesPerSecond: 1},
			}),
		);
		expect(Object.values(verdicts(rows))).toEqual(['MISS', 'MISS', 'MISS', 'MISS', 'MISS']);
	});

	it('gives no CPU verdict against a pm2 monit that never drew its list', () => {
		const cpu = scale1000Rows(result({monitShowedData: false})).find(row => row.figure.includes('CPU while showing'))!;
		expect(cpu.verdict).toBe('n/a');
		expect(cpu.baseline).toContain('no list drawn');
	});
});

import {describe, expect, it, vi} from 'vitest';
import type {ProcessSnapshot} from '../../../source/model/types.js';
import {onlyFiguresChanged} from '../../../source/model/snapshot-change.js';
import {makeProcess} from '../../helpers/process-fixture.js';

const base = makeProcess({pmId: 0, name: 'api', startedAtMs: 1000, createdAtMs: 1000, env: {PORT: '3000'}, args: ['--port', '3000']});

describe('onlyFiguresChanged', () => {
	it('is true when only CPU, memory, heap and event-loop figures moved (new arrays and env objects included)', () => {
		const next = {
			...base,
			cpuPercent: 7,
			rssBytes: base.rssBytes + 4096,
			heapUsedBytes: 1,
			heapTotalBytes: 2,
			eventLoopP95Ms: 3,
			env: {PORT: '3000'},
			args: ['--port', '3000'],
		};
		expect(onlyFiguresChanged([base], [next])).toBe(true);
	});

	it.each([
		['status', {status: 'errored'}],
		['pid', {pid: 4243}],
		['restart count', {restartCount: base.restartCount + 1}],
		['start time', {startedAtMs: 2000}],
		['env', {env: {PORT: '3001'}}],
		['env (a variable added)', {env: {PORT: '3000', DEBUG: '1'}}],
		['env (a variable removed)', {env: {}}],
		['args', {args: ['--port']}],
	] as Array<[string, Partial<ProcessSnapshot>]>)('is false when the %s changed', (_what, change) => {
		expect(onlyFiguresChanged([base], [{...base, ...change}])).toBe(false);
	});

	it("compares without building key lists (it runs on every poll, and those lists were most of a quiet poll's garbage)", () => {
		const env = Object.fromEntries(Array.from({length: 45}, (_, index) => [`VAR_${index}`, String(index)]));
		const before = {...base, env};
		const after = {...base, cpuPercent: 9, env: {...env}, args: [...base.args]};
		const keys = vi.spyOn(Object, 'keys');
		const entries = vi.spyOn(Object, 'entries');
		try {
			expect(onlyFiguresChanged([before], [after])).toBe(true);
			expect(keys).not.toHaveBeenCalled();
			expect(entries).not.toHaveBeenCalled();
		} finally {
			keys.mockRestore();
			entries.mockRestore();
		}
	});

	it('is false when a process came or went, or the order changed', () => {
		const other = {...base, pmId: 1, name: 'worker'};
		expect(onlyFiguresChanged([base], [base, other])).toBe(false);
		expect(onlyFiguresChanged([base, other], [other, base])).toBe(false);
	});
});

import {describe, expect, it} from 'vitest';
import {chooseTarget, inspectRefusal} from '../../../source/model/inspect-target.js';
import {makeProcess} from '../../helpers/process-fixture.js';

const online = (extra: Parameters<typeof makeProcess>[0] = {}) =>
	makeProcess({name: 'api', pmId: 0, pid: 4000, status: 'online', interpreter: 'node', ...extra});

describe('chooseTarget', () => {
	const workers = [online({pmId: 0}), online({pmId: 1, pid: 4001}), online({name: 'web', pmId: 2, pid: 4002})];
	it('takes a pm_id, or a name that names one process', () => {
		expect(chooseTarget(workers, '1')).toMatchObject({ok: true, process: {pmId: 1}});
		expect(chooseTarget(workers, 'web')).toMatchObject({ok: true, process: {pmId: 2}});
	});
	it('asks for the pm_id of one cluster worker', () => {
		expect(chooseTarget(workers, 'api')).toEqual({ok: false, message: 'api runs as 2 processes: name one by its pm_id (0, 1)'});
		expect(chooseTarget(workers, 'nope')).toMatchObject({ok: false});
	});
});

describe('inspectRefusal', () => {
	it('lets a running Node app through, by any spelling of node', () => {
		for (const interpreter of ['node', '/usr/local/bin/node', 'nodejs', 'node20']) expect(inspectRefusal(online({interpreter}), false)).toBeNull();
	});
	it('refuses what SIGUSR1 would harm or what is not ours to open', () => {
		expect(inspectRefusal(online(), true)).toMatch(/--read-only/);
		expect(inspectRefusal(online({interpreter: 'python3'}), false)).toMatch(/does not run on Node \(interpreter python3\)/);
		expect(inspectRefusal(online({interpreter: 'bun'}), false)).toMatch(/does not run on Node/);
		expect(inspectRefusal(online({interpreter: 'none'}), false)).toMatch(/"none"/);
		expect(inspectRefusal(online({nodeArgs: ['--inspect=0.0.0.0:9230']}), false)).toMatch(/already runs with --inspect/);
		expect(inspectRefusal(online({env: {NODE_OPTIONS: '--max-old-space-size=512 --inspect'}}), false)).toMatch(/already runs with --inspect/);
		expect(inspectRefusal(online({status: 'stopped', pid: null}), false)).toMatch(/not running/);
	});
});

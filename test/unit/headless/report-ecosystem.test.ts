import {describe, expect, it} from 'vitest';
import {mentionsProcess} from '../../../source/headless/report-ecosystem.js';

describe('the actions of one process', () => {
	it('are the entries that name it as a whole word', () => {
		const restart = {target: '"api" (2 instances)', result: 'Restarted "api" (2 instances).'};
		const save = {target: '/srv/app/ecosystem.config.js', result: 'Saved; apps changed: api, worker.'};
		const apply = {target: '/srv/app/ecosystem.config.js --only api-worker', result: 'Applied.'};
		expect(mentionsProcess(restart, 'api')).toBe(true);
		expect(mentionsProcess(save, 'api')).toBe(true);
		expect(mentionsProcess(save, 'worker')).toBe(true);
		expect(mentionsProcess(apply, 'api')).toBe(false);
		expect(mentionsProcess(apply, 'api-worker')).toBe(true);
		expect(mentionsProcess({target: '"a.b" (id 3)', result: ''}, 'a.b')).toBe(true);
		expect(mentionsProcess({target: '"axb" (id 3)', result: ''}, 'a.b')).toBe(false);
	});
});

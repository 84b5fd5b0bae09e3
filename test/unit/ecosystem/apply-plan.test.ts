import {describe, expect, it} from 'vitest';
import {appNameOf, planApply} from '../../../source/ecosystem/apply-plan.js';
import {envBlockNames, onlyArgument} from '../../../source/ecosystem/apply-targets.js';

const api = {name: 'api', script: 'a.js', max_memory_restart: '200M'};
const worker = {name: 'worker', script: 'w.js', env: {QUEUE: 'jobs'}, env_production: {QUEUE: 'prod'}};

describe('planApply', () => {
	it('targets only the apps whose entries changed', () => {
		const plan = planApply([api, worker], [api, {...worker, exp_backoff_restart_delay: 100}]);
		expect(plan.targets.map(target => target.name)).toEqual(['worker']);
		expect(plan.targets[0]!.changes).toEqual([{key: 'exp_backoff_restart_delay', before: '(unset)', after: '100', effect: 'applied'}]);
		expect(onlyArgument(plan)).toBe('worker');
		expect(plan.explanation.join('\n')).toContain('Fork mode');
	});

	it('several changed apps are all targets; a new app is one; a removed app is explained', () => {
		const plan = planApply(
			[api, worker],
			[
				{...api, max_memory_restart: '300M'},
				{name: 'mailer', script: 'm.js'},
			],
		);
		expect(onlyArgument(plan)).toBe('api,mailer');
		expect(plan.targets[1]!.changes[0]!.effect).toBe('new-app');
		expect(plan.removed).toEqual(['worker']);
		expect(plan.explanation.at(-1)).toBe('Removed from the file: worker. startOrReload leaves it running; `pm2 delete worker` stops it.');
	});

	it('nothing changed: no targets; a file that does not load: not loadable; env blocks named for --env', () => {
		expect(planApply([api], [api]).targets).toEqual([]);
		expect(planApply([api], null)).toMatchObject({loads: false, targets: []});
		expect(envBlockNames(planApply([worker], [{...worker, env_production: {QUEUE: 'prod2'}}]))).toEqual(['production']);
		expect(appNameOf({script: '/srv/app/server.js'})).toBe('server.js');
	});
});

// The actions service against a real daemon: each action is the RPC pm2's own CLI sends, an app's
// instances are acted on one by one, and the effect shows in the daemon's own list.
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {ActionTarget, ProcessActionSpec} from '../../../source/services/actions.js';
import type {LiveStore} from '../../../source/services/store/store-types.js';
import type {ActionsService} from '../../../source/services/actions.js';
import {createLiveStoreWithActions} from '../../helpers/live-actions.js';
import {createPm2Sandbox, demoAppsDir, fixtureAppsDir, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';

let sandbox: Pm2Sandbox;
let store: LiveStore;
let actions: ActionsService;

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-actions-');
	expect((await sandbox.pm2(['start', path.join(demoAppsDir, 'sleeper.cjs'), '--name', 'api', '-i', '2'])).code).toBe(0);
	expect((await sandbox.pm2(['start', path.join(fixtureAppsDir, 'actions-signal-logger.cjs'), '--name', 'worker'])).code).toBe(0);
	const wired = createLiveStoreWithActions(sandbox.home, {basePollIntervalMs: 300});
	store = wired.store;
	actions = wired.actions;
	store.start();
	await waitFor(() => store.getState().snapshot?.processes.filter(p => p.status === 'online').length === 3, {what: 'three online', timeoutMs: 20_000});
}, 60_000);

afterAll(async () => {
	await store?.stop();
	await sandbox?.destroy();
});

const processes = () => store.getState().snapshot?.processes ?? [];
const appTarget = (name: string): ActionTarget => ({scope: 'app', name, instances: processes().filter(p => p.name === name)});

async function run(action: ProcessActionSpec, target: ActionTarget) {
	const plan = actions.plan(action, target);
	if (plan.kind !== 'confirm') throw new Error(plan.message);
	return plan.run();
}

describe('process actions on a real daemon', () => {
	it('reloads every instance of a cluster app, and resets its counters', async () => {
		const before = await sandbox.jlist();
		const ids = before.filter((p: any) => p.name === 'api').map((p: any) => p.pm_id);
		expect(ids).toHaveLength(2);
		expect(await run({kind: 'reload'}, appTarget('api'))).toEqual({ok: true, message: 'Reloaded "api" (2 instances).'});
		const afterReload = await sandbox.jlist();
		for (const id of ids) expect(afterReload.find((p: any) => p.pm_id === id).pm2_env.restart_time).toBe(1);
		expect(afterReload.find((p: any) => p.name === 'worker').pm2_env.restart_time).toBe(0);
		const daemonLog = fs.readFileSync(path.join(sandbox.home, 'pm2.log'), 'utf8');
		for (const id of ids) expect(daemonLog).toContain(`App [api:${id}]`);

		expect((await run({kind: 'reset'}, appTarget('api'))).ok).toBe(true);
		for (const p of (await sandbox.jlist()).filter((p: any) => p.name === 'api')) expect(p.pm2_env.restart_time).toBe(0);
	}, 60_000);

	it('scales a cluster app up and down', async () => {
		expect(await run({kind: 'scale', instances: 3}, appTarget('api'))).toEqual({ok: true, message: 'Scaled "api" to 3 instance(s).'});
		expect((await sandbox.jlist()).filter((p: any) => p.name === 'api')).toHaveLength(3);
		await waitFor(() => processes().filter(p => p.name === 'api').length === 3, {what: 'three api rows'});
		expect((await run({kind: 'scale', instances: 1}, appTarget('api'))).ok).toBe(true);
		expect((await sandbox.jlist()).filter((p: any) => p.name === 'api')).toHaveLength(1);
	}, 60_000);

	it('sends a signal, empties the log files, and deletes', async () => {
		const worker = processes().find(p => p.name === 'worker')!;
		const outLog = worker.outLogPath!;
		await waitFor(() => fs.existsSync(outLog) && fs.readFileSync(outLog, 'utf8').includes('ready'), {what: 'worker ready'});
		expect((await run({kind: 'signal', signal: 'SIGUSR2'}, appTarget('worker'))).ok).toBe(true);
		await waitFor(() => fs.readFileSync(outLog, 'utf8').includes('got SIGUSR2'), {what: 'SIGUSR2 received'});

		expect(await run({kind: 'flush'}, appTarget('worker'))).toEqual({ok: true, message: 'Emptied the log files of "worker".'});
		expect(fs.statSync(outLog).size).toBe(0);

		expect((await run({kind: 'delete'}, {scope: 'instance', process: worker})).ok).toBe(true);
		expect((await sandbox.jlist()).some((p: any) => p.name === 'worker')).toBe(false);
	}, 60_000);
});

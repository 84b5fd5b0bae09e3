// A daemon stopped with SIGSTOP keeps its socket open and its pid alive: only the missing answers tell.
// The store marks it not answering once a poll passes its deadline, refuses actions (the socket would
// take them and the daemon run them on waking), and recovers on SIGCONT. Only the daemon this test
// started is stopped and continued, by its pid.
import path from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import type {LiveStore} from '../../../source/services/store/store-types.js';
import {createLiveStoreWithActions} from '../../helpers/live-actions.js';
import {createPm2Sandbox, demoAppsDir, isAlive, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';

/** The store's default poll deadline. */
const pollDeadlineMs = 5000;
let sandbox: Pm2Sandbox;
let store: LiveStore | null = null;
let stoppedPid: number | null = null;

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-frozen-');
	expect((await sandbox.pm2(['start', path.join(demoAppsDir, 'sleeper.cjs'), '--name', 'sleepy'])).code).toBe(0);
});

afterAll(async () => {
	await store?.stop();
	// A stopped daemon would ignore `pm2 kill`.
	if (stoppedPid !== null && isAlive(stoppedPid)) process.kill(stoppedPid, 'SIGCONT');
	await sandbox.destroy();
});

it('marks a stopped daemon not answering within a poll deadline, refuses actions, and recovers on SIGCONT', async () => {
	const wired = createLiveStoreWithActions(sandbox.home);
	store = wired.store;
	store.start();
	const live = store;
	await waitFor(() => live.getState().snapshot?.processes.some(p => p.name === 'sleepy'), {what: 'first snapshot'});
	const daemonPid = sandbox.daemonPid()!;
	expect(live.getState().connection).toMatchObject({kind: 'attached', daemonPid});
	const sleepy = live.getState().snapshot!.processes.find(p => p.name === 'sleepy')!;

	stoppedPid = daemonPid;
	process.kill(daemonPid, 'SIGSTOP');
	const stoppedAtMs = Date.now();
	// The next poll starts within a second and passes its deadline; the margin is for a loaded machine.
	await waitFor(() => live.getState().connection.kind === 'not-answering', {what: 'not answering', timeoutMs: 1000 + pollDeadlineMs + 5000, intervalMs: 50});
	// Not before a deadline could pass (the unanswered poll may have been sent up to an interval before the stop).
	expect(Date.now() - stoppedAtMs).toBeGreaterThanOrEqual(pollDeadlineMs / 2);
	expect(live.getState().connection).toMatchObject({kind: 'not-answering', daemonPid});
	const lastSnapshot = live.getState().snapshot;

	const target = {scope: 'app', name: 'sleepy', instances: [sleepy]} as const;
	expect(wired.actions.plan({kind: 'restart'}, target)).toEqual({
		kind: 'refused',
		message: `Restart refused: the PM2 daemon at ${sandbox.home} is not answering (it would run the action whenever it wakes up).`,
	});

	process.kill(daemonPid, 'SIGCONT');
	stoppedPid = null;
	// The poll still waiting on the socket is answered as soon as the daemon runs again.
	await waitFor(() => live.getState().connection.kind === 'attached', {what: 'recovery', timeoutMs: 10_000, intervalMs: 50});
	expect(live.getState().snapshot).not.toBe(lastSnapshot);
	expect(live.getState().connection).toMatchObject({kind: 'attached', daemonPid});

	// The refused restart was never queued for the daemon to run on waking.
	const after = (await sandbox.jlist()).find(app => app.name === 'sleepy');
	expect(after.pm2_env.restart_time).toBe(sleepy.restartCount);
	const plan = wired.actions.plan({kind: 'restart'}, target);
	if (plan.kind !== 'confirm') throw new Error(plan.message);
	expect((await plan.run()).ok).toBe(true);
});

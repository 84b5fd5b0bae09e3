// The PM2 client against real daemons: attach never spawns, reads have deadlines,
// a daemon killed while attached is noticed and re-attached, and an action issued during
// the outage is refused instead of being replayed on the next daemon.
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {DaemonClient} from '../../../source/pm2/daemon-client.js';
import {findPm2Daemons} from '../../../source/host/pm2-daemons.js';
import {probeDaemon} from '../../../source/pm2/probe-daemon.js';
import {createLiveStore} from '../../../source/services/store/live-store.js';
import type {LiveStore} from '../../../source/services/store/store-types.js';
import {createLiveStoreWithActions} from '../../helpers/live-actions.js';
import {createPm2Sandbox, demoAppsDir, repoRoot, run, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';

const cliPath = path.join(repoRoot, 'dist', 'source', 'bin.js');

/** Resolves once the store has taken `count` more snapshots. */
async function waitForPolls(store: LiveStore, count: number): Promise<void> {
	for (let poll = 0; poll < count; poll++) {
		const takenAtMs = store.getState().snapshot?.takenAtMs ?? 0;
		await waitFor(() => (store.getState().snapshot?.takenAtMs ?? 0) > takenAtMs, {what: `poll ${poll + 1} of ${count}`, timeoutMs: 30_000});
	}
}

describe('against an empty PM2_HOME', () => {
	let sandbox: Pm2Sandbox;
	beforeAll(async () => {
		sandbox = await createPm2Sandbox();
	});
	afterAll(async () => sandbox.destroy());

	it('status and the UI say so, exit 2, and leave no daemon and no socket behind', async () => {
		const status = await run(process.execPath, [cliPath, 'status', '--pm2-home', sandbox.home], {env: sandbox.env});
		expect(status.code).toBe(2);
		expect(status.stderr).toContain(`No PM2 daemon is running at ${sandbox.home}`);
		expect(status.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(2);
		expect(status.stderr).not.toMatch(/\n\s+at /); // no stack trace

		const probe = await probeDaemon(sandbox.home);
		expect(probe.kind).toBe('absent');
		const store = createLiveStore({home: sandbox.home, client: new DaemonClient(sandbox.home)});
		store.start();
		const firstFailure = await waitFor(() => (store.getState().connection.kind === 'unreachable' ? store.getState().connection : null), {
			what: 'unreachable state',
		});
		// Each failed attempt sets a new unreachable state: wait for a re-attach attempt to have failed too.
		await waitFor(() => store.getState().connection !== firstFailure && store.getState().connection.kind === 'unreachable', {
			what: 'a failed re-attach attempt',
			timeoutMs: 30_000,
		});
		await store.stop();

		expect(fs.readdirSync(sandbox.home)).toEqual([]);
		expect((await findPm2Daemons()).some(daemon => daemon.home === sandbox.home)).toBe(false);
	});

	it('reports a stale socket left by a dead daemon', async () => {
		const socketPath = path.join(sandbox.home, 'rpc.sock');
		// A process that exits without closing its server leaves the socket file behind, as a crashed daemon does.
		const child = await run(process.execPath, ['-e', `const s=require('net').createServer().listen(${JSON.stringify(socketPath)},()=>process.exit(0))`]);
		expect(child.code).toBe(0);
		expect(fs.existsSync(socketPath)).toBe(true);
		const status = await run(process.execPath, [cliPath, 'status', '--pm2-home', sandbox.home], {env: sandbox.env});
		expect(status.code).toBe(2);
		expect(status.stderr).toMatch(/stale socket/);
		fs.rmSync(socketPath, {force: true});
	});
});

describe('against a running daemon', () => {
	let sandbox: Pm2Sandbox;
	let store: LiveStore | null = null;
	beforeAll(async () => {
		sandbox = await createPm2Sandbox();
		await sandbox.pm2(['start', path.join(demoAppsDir, 'sleeper.cjs'), '--name', 'sleepy']);
		await sandbox.pm2(['start', path.join(demoAppsDir, 'crash-loop.cjs'), '--name', 'crashy']);
	});
	afterEach(async () => {
		await store?.stop();
		store = null;
	});
	afterAll(async () => sandbox.destroy());

	it('lists the processes with our field names, like pm2 jlist', async () => {
		const client = new DaemonClient(sandbox.home);
		const outcome = await client.attach(() => {});
		expect(outcome.ok).toBe(true);
		const processes = await client.listProcesses();
		client.detach();
		const jlist = await sandbox.jlist();
		expect(processes.map(p => p.name).sort()).toEqual(jlist.map(p => p.name).sort());
		const sleepy = processes.find(p => p.name === 'sleepy')!;
		const raw = jlist.find(p => p.name === 'sleepy');
		expect(sleepy.pid).toBe(raw.pid);
		expect(sleepy.status).toBe('online');
		expect(sleepy.scriptPath).toBe(path.join(demoAppsDir, 'sleeper.cjs'));
		expect(sleepy.outLogPath).toBe(raw.pm2_env.pm_out_log_path);
	});

	it('a call on a detached client is refused at once, not queued', async () => {
		const client = new DaemonClient(sandbox.home);
		await client.attach(() => {});
		client.detach();
		const startedAt = Date.now();
		await expect(client.listProcesses()).rejects.toThrow(/unreachable/);
		expect(Date.now() - startedAt).toBeLessThan(1000);
	});

	it('notices a killed daemon, refuses actions meanwhile, never replays them, and re-attaches', async () => {
		const wired = createLiveStoreWithActions(sandbox.home);
		store = wired.store;
		store.start();
		await waitFor(() => store!.getState().snapshot?.processes.length === 2, {what: 'first snapshot'});
		const before = store.getState().snapshot!.processes.find(p => p.name === 'sleepy')!;

		await sandbox.pm2(['kill']);
		await waitFor(() => store!.getState().connection.kind === 'unreachable', {what: 'unreachable', timeoutMs: 5000});

		const refused = wired.actions.plan({kind: 'restart'}, {scope: 'app', name: before.name, instances: [before]});
		expect(refused).toMatchObject({kind: 'refused', message: expect.stringMatching(/not attached/)});

		// A new daemon with the same app under the same id.
		await sandbox.pm2(['start', path.join(demoAppsDir, 'sleeper.cjs'), '--name', 'sleepy']);
		await waitFor(() => store!.getState().connection.kind === 'attached', {what: 're-attach', timeoutMs: 15_000});
		await waitFor(() => store!.getState().snapshot?.processes.some(p => p.name === 'sleepy' && p.status === 'online'), {
			what: 'resync',
		});
		// A replay would be sent on re-attach, before the polls: let the store poll the new daemon a few times.
		await waitForPolls(store, 3);
		const after = (await sandbox.jlist()).find(p => p.name === 'sleepy');
		expect(after.pm2_env.restart_time).toBe(0);
	});

	it('restarts a process when asked, and the restart count shows it', async () => {
		const wired = createLiveStoreWithActions(sandbox.home);
		store = wired.store;
		store.start();
		await waitFor(() => store!.getState().snapshot?.processes.find(p => p.name === 'sleepy'), {what: 'sleepy'});
		const sleepy = store.getState().snapshot!.processes.find(p => p.name === 'sleepy')!;
		const plan = wired.actions.plan({kind: 'restart'}, {scope: 'app', name: 'sleepy', instances: [sleepy]});
		if (plan.kind !== 'confirm') throw new Error(plan.message);
		expect(plan.message).toBe(`Restart "sleepy" (id ${sleepy.pmId})?`);
		expect(await plan.run()).toEqual({ok: true, message: 'Restarted "sleepy".'});
		await waitFor(() => store!.getState().snapshot?.processes.find(p => p.pmId === sleepy.pmId)!.restartCount === sleepy.restartCount + 1, {
			what: 'restart count +1',
		});
	});

	it('keeps a bounded history per process', async () => {
		store = createLiveStore({home: sandbox.home, client: new DaemonClient(sandbox.home), historyCapacity: 3, basePollIntervalMs: 200});
		store.start();
		await waitFor(() => (store!.getState().histories.values().next().value?.size ?? 0) >= 3, {what: 'history'});
		await new Promise(r => setTimeout(r, 600));
		for (const ring of store.getState().histories.values()) expect(ring.size).toBeLessThanOrEqual(3);
		// The doctor's window keeps one compact poll per 5 s out of these 200 ms polls.
		const {polls, snapshot} = store.getState();
		expect(polls.length).toBeGreaterThanOrEqual(1);
		for (let i = 1; i < polls.length; i++) expect(polls[i]!.takenAtMs - polls[i - 1]!.takenAtMs).toBeGreaterThanOrEqual(5000);
		expect(polls[0]!.processes.map(p => p.pmId)).toEqual(snapshot!.processes.map(p => p.pmId));
		expect(polls[0]!.processes[0]).not.toHaveProperty('env');
	});

	it('read-only: actions are refused', async () => {
		const wired = createLiveStoreWithActions(sandbox.home, {readOnly: true});
		store = wired.store;
		store.start();
		await waitFor(() => store!.getState().snapshot?.processes.length, {what: 'first snapshot'});
		const plan = wired.actions.plan({kind: 'stop'}, {scope: 'instance', process: store.getState().snapshot!.processes[0]!});
		expect(plan).toMatchObject({kind: 'refused', message: expect.stringMatching(/read-only/)});
	});
});

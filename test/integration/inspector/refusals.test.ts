// Every case where `heap` must refuse: one line, exit 2, the target running, unpaused, its inspector closed.
// And the guarantee that holds when pm2-doctor is SIGKILLed in the middle of a snapshot.
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {runHeapCommand} from '../../../source/inspector/heap-command.js';
import {isPortAnswering} from '../../../source/inspector/open-inspector.js';
import {writeAppEcosystem} from '../doctor/doctor-helpers.js';
import {lockInspectorPort} from '../../helpers/inspector-port-lock.js';
import {createPm2Sandbox, fixtureAppsDir, isAlive, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {cliPath, expectLeftAlone, holdsListener, inspectorPort, processOf, runCli} from './inspector-helpers.js';

let sandbox: Pm2Sandbox;
let releaseInspectorPort: (() => void) | undefined;

beforeAll(async () => {
	releaseInspectorPort = await lockInspectorPort();
	sandbox = await createPm2Sandbox('pm2doc-refuse-');
	const leaker = path.join(fixtureAppsDir, 'heap-leaker.cjs');
	const starts = [
		['start', leaker, '--name', 'leaker'],
		['start', leaker, '--name', 'inspected', '--node-args=--inspect=127.0.0.1:0'],
		['start', path.join(fixtureAppsDir, 'not-node.py'), '--name', 'python-app', '--interpreter', 'python3'],
		['start', path.join(fixtureAppsDir, 'not-node.sh'), '--name', 'binary-app', '--interpreter', 'none'],
		['start', path.join(fixtureAppsDir, 'exits-on-sigusr1.cjs'), '--name', 'goes-away'],
	];
	for (const args of starts) expect((await sandbox.pm2(args)).code, args.join(' ')).toBe(0);
	// 40 MB of retained objects: a snapshot long enough to be killed in the middle of.
	writeAppEcosystem(sandbox.workDir, 'big.config.js', {name: 'big-leaker', script: leaker, env: {HEAP_PREFILL_MB: '40'}});
	expect((await sandbox.pm2(['start', 'big.config.js'])).code).toBe(0);
}, 16 * 60_000);

afterAll(async () => {
	await sandbox?.destroy();
	releaseInspectorPort?.();
});

/** runHeapCommand in this process against the leaker, with injected host effects; what it wrote to stderr. */
async function runInProcess(inject: Partial<Parameters<typeof runHeapCommand>[0]>): Promise<{code: number; stderr: string}> {
	const written: string[] = [];
	const spy = vi.spyOn(process.stderr, 'write').mockImplementation(chunk => (written.push(String(chunk)), true));
	try {
		const code = await runHeapCommand({home: sandbox.home, target: 'leaker', outDir: sandbox.workDir, json: false, readOnly: false, ...inject});
		return {code, stderr: written.join('')};
	} finally {
		spy.mockRestore();
	}
}

/** Refused in one line; `afterNotice` when the refusal comes after the notice (the process was signalled). */
async function expectRefused(args: string[], message: RegExp, {afterNotice = false} = {}) {
	const result = await runCli(sandbox, args);
	expect(result.code).toBe(2);
	const lines = result.stderr.trim().split('\n');
	expect(lines).toHaveLength(afterNotice ? 2 : 1);
	if (afterNotice) expect(lines[0]).toContain('the app pauses about');
	expect(lines.at(-1)).toMatch(message);
	expect(result.stdout).toBe('');
}

describe('heap refuses', () => {
	it('an app that does not run on Node (Python, interpreter none): nothing is signalled', async () => {
		for (const name of ['python-app', 'binary-app']) {
			const {pid} = await processOf(sandbox, name);
			await expectRefused(['heap', name, '--out', sandbox.workDir], /does not run on Node/);
			await expectLeftAlone(sandbox, name, pid, {heartbeat: false});
		}
	});

	it('an app already started with --inspect', async () => {
		const {pid} = await processOf(sandbox, 'inspected');
		await expectRefused(['heap', 'inspected', '--out', sandbox.workDir], /already runs with --inspect/);
		expect((await processOf(sandbox, 'inspected')).pid).toBe(pid);
	});

	it('with --read-only', async () => {
		const {pid} = await processOf(sandbox, 'leaker');
		await expectRefused(['heap', 'leaker', '--read-only', '--out', sandbox.workDir], /--read-only/);
		await expectLeftAlone(sandbox, 'leaker', pid);
	});

	it('when the inspector port is taken', async () => {
		const {pid} = await processOf(sandbox, 'leaker');
		const blocker = net.createServer();
		await new Promise<void>((resolve, reject) => blocker.once('error', reject).listen(inspectorPort, '127.0.0.1', resolve));
		try {
			await expectRefused(['heap', 'leaker', '--out', sandbox.workDir], /port 127\.0\.0\.1:9229 is taken/);
		} finally {
			await new Promise(resolve => blocker.close(resolve));
		}
		await expectLeftAlone(sandbox, 'leaker', pid);
	});

	it('when the process exits as it is signalled', async () => {
		await expectRefused(['heap', 'goes-away', '--out', sandbox.workDir], /exited/, {afterNotice: true});
		expect(await isPortAnswering(inspectorPort)).toBe(false);
	});

	it('when the user may not signal the process (EPERM)', async () => {
		const {pid} = await processOf(sandbox, 'leaker');
		const {code, stderr} = await runInProcess({
			signal: () => {
				throw Object.assign(new Error('kill EPERM'), {code: 'EPERM'});
			},
		});
		expect(code).toBe(2);
		expect(stderr).toMatch(/no permission to signal pid \d+ \(it runs as another user\)/);
		await expectLeftAlone(sandbox, 'leaker', pid);
	});

	it('a snapshot larger than the free disk space, before anything is signalled', async () => {
		const {pid} = await processOf(sandbox, 'leaker');
		const {code, stderr} = await runInProcess({freeBytes: async () => 1024 * 1024, signal: () => expect.fail('signalled')});
		expect(code).toBe(2);
		expect(stderr).toMatch(/not enough free space in .*: the snapshot needs about [\d.]+ MB, 1 MB is free/);
		await expectLeftAlone(sandbox, 'leaker', pid);
	});
});

describe('pm2-doctor killed in the middle of a snapshot', () => {
	it('leaves the target running under the same pid, unpaused, its inspector closed and no partial file', async () => {
		const {pid} = await processOf(sandbox, 'big-leaker');
		const outDir = fs.mkdtempSync(path.join(sandbox.workDir, 'killed-'));
		const child = spawn(process.execPath, [cliPath, 'heap', 'big-leaker', '--out', outDir], {env: sandbox.env, stdio: 'ignore'});
		// The snapshot is being streamed: the file exists and grows.
		await waitFor(() => fs.readdirSync(outDir).some(file => fs.statSync(path.join(outDir, file)).size > 0), {
			timeoutMs: 120_000,
			intervalMs: 20,
			what: 'the snapshot to start',
		});
		expect(await holdsListener(pid)).toBe(true);
		child.kill('SIGKILL');
		await waitFor(() => !isAlive(child.pid!), {what: 'pm2-doctor to die'});
		await expectLeftAlone(sandbox, 'big-leaker', pid, {timeoutMs: 120_000});
		// The half-written snapshot is removed: nothing is left that looks like a snapshot and is not one.
		await waitFor(() => fs.readdirSync(outDir).length === 0, {timeoutMs: 30_000, what: 'the partial snapshot to be removed'});
	}, 300_000);
});

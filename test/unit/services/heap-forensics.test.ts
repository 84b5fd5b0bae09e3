import {describe, expect, it} from 'vitest';
import {createHeapForensics, type HeapForensicsState} from '../../../source/services/heap-forensics.js';
import {fakeHeapEffects as fakeEffects} from '../../helpers/fake-heap-effects.js';
import {makeProcess} from '../../helpers/process-fixture.js';

async function until(forensics: {getState(): HeapForensicsState}, predicate: (state: HeapForensicsState) => boolean): Promise<HeapForensicsState> {
	for (let turn = 0; turn < 200; turn++) {
		if (predicate(forensics.getState())) return forensics.getState();
		await new Promise(resolve => setImmediate(resolve));
	}
	throw new Error(`state stayed ${JSON.stringify(forensics.getState())}`);
}

const leaker = makeProcess({pmId: 4, name: 'leaker', interpreter: 'node', heapUsedBytes: 30 * 1024 * 1024});

describe('heap forensics service', () => {
	it('refuses under --read-only and for a process without a Node inspector, with the reason', () => {
		const {effects} = fakeEffects();
		const readOnly = createHeapForensics({effects, readOnly: true, outDir: '/tmp/out', port: 9229});
		expect(readOnly.propose(leaker)).toEqual({kind: 'refused', message: expect.stringContaining('--read-only')});
		expect(readOnly.getState().kind).toBe('idle');
		const service = createHeapForensics({effects, readOnly: false, outDir: '/tmp/out', port: 9229});
		expect(service.propose(makeProcess({name: 'py', interpreter: 'python3'}))).toEqual({
			kind: 'refused',
			message: expect.stringContaining('does not run on Node'),
		});
	});

	it('says what happens before it starts: the pause, the inspector on 127.0.0.1, the 0600 files and where', () => {
		const {effects} = fakeEffects();
		const service = createHeapForensics({effects, readOnly: false, outDir: '/tmp/out', port: 9229});
		const proposal = service.propose(leaker, 5);
		expect(proposal.kind).toBe('confirm');
		const state = service.getState();
		expect(state.kind).toBe('proposed');
		if (state.kind !== 'proposed') return;
		expect(state.notice).toMatch(/pauses about 20 s for each/);
		expect(state.notice).toContain('127.0.0.1:9229');
		expect(state.notice).toContain('written 0600 in /tmp/out');
		service.dismiss();
		expect(service.getState().kind).toBe('idle');
	});

	it('takes two snapshots the given seconds apart, closes the inspector before reading, and reports the diff', async () => {
		const fake = fakeEffects();
		let clock = 1_000;
		const service = createHeapForensics({effects: fake.effects, readOnly: false, outDir: '/tmp/out', port: 9229, now: () => clock});
		service.propose(leaker, 5);
		service.start();
		await until(service, state => state.kind === 'running' && state.phase.kind === 'snapshot');
		expect(service.getState()).toMatchObject({phase: {kind: 'snapshot', index: 1}});
		fake.snapshots[0]!.resolve({path: '/tmp/out/leaker-1000.heapsnapshot', bytes: 10, pauseMs: 300});
		await until(service, state => state.kind === 'running' && state.phase.kind === 'waiting');
		expect(fake.waits[0]!.ms).toBe(5000);
		clock += 5000;
		fake.waits[0]!.done.resolve();
		await until(service, state => state.kind === 'running' && state.phase.kind === 'snapshot' && state.phase.index === 2);
		fake.snapshots[1]!.resolve({path: '/tmp/out/leaker-6000.heapsnapshot', bytes: 12, pauseMs: 400});
		const done = await until(service, state => state.kind === 'done');
		if (done.kind !== 'done') return;
		expect(done.result.diff.intervalMs).toBe(5000);
		expect(done.result.diff.growers[0]!.name).toBe('Widget');
		expect(done.result.files.map(file => file.path)).toEqual(['/tmp/out/leaker-1000.heapsnapshot', '/tmp/out/leaker-6000.heapsnapshot']);
		expect(fake.closed()).toBe(1);
		expect(fake.log.filter(entry => entry.startsWith('remove'))).toEqual([]);
	});

	it('cancelled while waiting: the inspector is handed to the relay to close and the first snapshot removed', async () => {
		const fake = fakeEffects();
		const service = createHeapForensics({effects: fake.effects, readOnly: false, outDir: '/tmp/out', port: 9229, now: () => 7});
		service.propose(leaker, 30);
		service.start();
		await until(service, state => state.kind === 'running' && state.phase.kind === 'snapshot');
		fake.snapshots[0]!.resolve({path: '/tmp/out/leaker-7.heapsnapshot', bytes: 10, pauseMs: 300});
		await until(service, state => state.kind === 'running' && state.phase.kind === 'waiting');
		await service.cancel();
		expect(service.getState().kind).toBe('cancelled');
		expect(fake.abandoned()).toBe(1);
		expect(fake.closed()).toBe(0);
		expect(fake.log).toContain('remove /tmp/out/leaker-7.heapsnapshot');
		expect(fake.log.filter(entry => entry.startsWith('snapshot'))).toHaveLength(1);
	});

	it('cancelled during a snapshot: handed to the relay at once, not after the snapshot', async () => {
		const fake = fakeEffects();
		const service = createHeapForensics({effects: fake.effects, readOnly: false, outDir: '/tmp/out', port: 9229, now: () => 7});
		service.propose(leaker, 30);
		service.start();
		await until(service, state => state.kind === 'running' && state.phase.kind === 'snapshot');
		const cancelled = service.cancel();
		expect(service.getState().kind).toBe('cancelling');
		await cancelled;
		expect(fake.log.indexOf('abandon')).toBeGreaterThan(0);
		expect(service.getState()).toMatchObject({kind: 'cancelled'});
		expect(fake.log).toContain('remove /tmp/out/leaker-7.heapsnapshot');
	});
});

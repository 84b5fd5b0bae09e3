// The heap diff in the doctor's memory-growth flow: the question and its notice, the progress, Esc to cancel, the
// result panel with the app's (sanitized) constructor names; the service's state machine is real, its inspector
// and files are fakes (test/helpers/fake-heap-effects.ts).
import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {emptyHostFacts} from '../../../source/doctor/check-types.js';
import {readPlaybook} from '../../../source/doctor/playbook.js';
import {isInert} from '../../../source/logs/sanitize-line.js';
import type {HeapDiff} from '../../../source/model/heap/heap-diff.js';
import {createDiagnosisScheduler} from '../../../source/services/diagnosis-scheduler.js';
import {createHeapForensics, type HeapForensics} from '../../../source/services/heap-forensics.js';
import {DoctorScreen} from '../../../source/ui/doctor/doctor-view.js';
import {heapDiffSecondsOf} from '../../../source/ui/doctor/heap-diff-panel.js';
import {InputRouter} from '../../../source/ui/input-router.js';
import type {ConfirmRequest, ViewProps} from '../../../source/ui/view-props.js';
import {createFakeStore} from '../../helpers/fake-store.js';
import {fakeDiff, fakeHeapEffects} from '../../helpers/fake-heap-effects.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {keys, renderInk, type InkHarness} from '../../helpers/render-ink.js';

const playbook = readPlaybook();
const leaker = makeProcess({pmId: 3, name: 'leaker', interpreter: 'node', heapUsedBytes: 30 * 1024 * 1024});
const memorySection = playbook.sections.findIndex(section => section.id === 'memory-growth');
const heapFix = playbook.sections[memorySection]!.fixes.findIndex(fix => heapDiffSecondsOf(fix) !== null);

type Harness = InkHarness & {confirms: ConfirmRequest[]; flashes: string[]; forensics: HeapForensics; fake: ReturnType<typeof fakeHeapEffects>};

function mount(options: {readOnly?: boolean; diff?: HeapDiff} = {}): Harness {
	const readOnly = options.readOnly ?? false;
	const store = createFakeStore([leaker], {readOnly});
	const fake = fakeHeapEffects({diff: options.diff});
	const forensics = createHeapForensics({effects: fake.effects, readOnly, outDir: '/srv/snapshots', port: 9229, now: () => 1_000});
	const diagnosis = createDiagnosisScheduler({
		store,
		audience: 'doctor',
		intervals: {doctorMs: 60_000},
		gatherFacts: async ({home, nowMs}) => ({nowMs, pm2Home: home, processes: [], polls: [], daemonLogLines: [], errorLogTails: {}, host: emptyHostFacts(home)}),
		diagnose: () => [],
	});
	const confirms: ConfirmRequest[] = [];
	const flashes: string[] = [];
	const props: ViewProps = {
		store,
		state: store.getState(),
		selected: leaker,
		width: 110,
		height: 34,
		focused: true,
		noColor: true,
		readOnly,
		flash: message => flashes.push(message),
		confirm: request => confirms.push(request),
		close: () => {},
	};
	const harness = renderInk(
		<InputRouter activeScopes={['doctor', 'global']} readOnly={readOnly}>
			<DoctorScreen {...props} diagnosis={diagnosis} playbook={playbook} forensics={forensics} />
		</InputRouter>,
		{columns: 110, rows: 36},
	);
	return Object.assign(harness, {confirms, flashes, forensics, fake});
}

/** Opens the memory-growth flow from the list and selects its heap-diff fix. */
async function openHeapFix(harness: Harness): Promise<string> {
	await harness.waitForFrame(frame => frame.includes('Troubleshooting flows'));
	for (let step = 0; step < memorySection; step++) await harness.press(keys.down);
	await harness.press(keys.enter);
	await harness.waitForFrame(frame => frame.includes('#memory-growth') && frame.includes('Fixes'));
	for (let step = 0; step < heapFix; step++) await harness.press(keys.down);
	return harness.waitForFrame(frame => /› \$ pm2-doctor heap leaker --compare 30/.test(frame), {what: 'the heap-diff fix selected'});
}

let harness: Harness | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
});

describe('heap diff in the memory-growth flow', () => {
	it('f on the fix asks first, and the panel says what will happen: the pause, the inspector on 127.0.0.1, 0600 files and where', async () => {
		harness = mount();
		expect(await openHeapFix(harness)).toMatch(/pm2-doctor heap leaker --compare 30[\s\S]*\[f: run\]/);
		await harness.press('f');
		expect(harness.confirms).toHaveLength(1);
		expect(harness.confirms[0]!.message).toContain('Take two heap snapshots of "leaker" (id 3), 30 s apart?');
		const frame = await harness.waitForFrame(f => f.includes('about to start'));
		expect(frame).toMatch(/the app pauses about 20 s for each/);
		expect(frame).toContain('127.0.0.1:9229');
		expect(frame).toMatch(/written 0600 in\s+\/srv\/snapshots/);
		expect(harness.fake.log).toEqual([]);
		// No: nothing was opened, the notice goes.
		harness.confirms[0]!.onCancel!();
		await harness.waitForFrame(f => !f.includes('about to start'));
		expect(harness.forensics.getState().kind).toBe('idle');
	});

	it('shows the progress and Esc cancels safely: the inspector closed, the written snapshot removed', async () => {
		harness = mount();
		await openHeapFix(harness);
		await harness.press('f');
		await harness.confirms[0]!.onConfirm();
		await harness.waitForFrame(f => f.includes('snapshot 1 of 2 (the app pauses about 20 s)') && f.includes('Esc cancels'));
		harness.fake.snapshots[0]!.resolve({path: '/srv/snapshots/leaker-1000.heapsnapshot', bytes: 10, pauseMs: 300});
		await harness.waitForFrame(f => /waiting \d+ s before snapshot 2 of 2/.test(f));
		await harness.press(keys.escape);
		const frame = await harness.waitForFrame(f => f.includes('Heap diff — leaker (id 3): cancelled'));
		// Still in the flow: Esc cancelled the diff, it did not leave.
		expect(frame).toContain('#memory-growth');
		expect(harness.fake.abandoned()).toBe(1);
		expect(harness.fake.log).toContain('remove /srv/snapshots/leaker-1000.heapsnapshot');
	});

	it('shows the top growers, the retainer chain and the files, with the app’s names sanitized', async () => {
		const evil = 'Evil\u001b]0;pwned\u0007Widget\u001b[2J';
		harness = mount({
			diff: {
				...fakeDiff,
				growers: [
					{name: 'DistinctiveLeakyWidget', countDelta: 16500, selfSizeDeltaBytes: 1_100_000, countAfter: 20000, selfSizeAfterBytes: 1_300_000},
					{name: evil, countDelta: 3, selfSizeDeltaBytes: 90, countAfter: 3, selfSizeAfterBytes: 90},
				],
				dominant: {name: 'DistinctiveLeakyWidget', countDelta: 16500, selfSizeDeltaBytes: 1_100_000, countAfter: 20000, selfSizeAfterBytes: 1_300_000},
				retainers: [
					{via: '[1729013]', holder: 'Array'},
					{via: 'variable retainedWidgets\nforged line', holder: 'system / Context'},
				],
			},
		});
		await openHeapFix(harness);
		await harness.press('f');
		await harness.confirms[0]!.onConfirm();
		await harness.waitForFrame(f => f.includes('snapshot 1 of 2'));
		harness.fake.snapshots[0]!.resolve({path: '/srv/snapshots/leaker-1.heapsnapshot', bytes: 10, pauseMs: 1200});
		await harness.waitForFrame(f => f.includes('waiting'));
		harness.fake.waits[0]!.done.resolve();
		await harness.waitForFrame(f => f.includes('snapshot 2 of 2'));
		harness.fake.snapshots[1]!.resolve({path: '/srv/snapshots/leaker-2.heapsnapshot', bytes: 12, pauseMs: 1500});
		const frame = await harness.waitForFrame(f => f.includes('DistinctiveLeakyWidget grows'));
		expect(frame).toMatch(/\+16500\s+\+1 MB\s+DistinctiveLeakyWidget/);
		expect(frame).toContain('<- [1729013] in Array');
		// A newline in a name cannot forge a line of the panel: it is shown in caret notation.
		expect(frame).toContain('<- variable retainedWidgets^Jforged line in system / Context');
		expect(frame).toContain('/srv/snapshots/leaker-1.heapsnapshot  (the app paused 1.2 s)');
		expect(frame).toContain('/srv/snapshots/leaker-2.heapsnapshot');
		expect(frame).toContain('Evil^[]0;pwned^GWidget^[[2J');
		expect(isInert(frame.replace(/\n/g, ''))).toBe(true);
	});

	it('under --read-only the fix is not offered and the flow says why', async () => {
		harness = mount({readOnly: true});
		await harness.waitForFrame(frame => frame.includes('Troubleshooting flows'));
		for (let step = 0; step < memorySection; step++) await harness.press(keys.down);
		await harness.press(keys.enter);
		const frame = await harness.waitForFrame(f => f.includes('#memory-growth') && f.includes('Fixes'));
		expect(frame).toContain('Heap diff: not available with --read-only');
		expect(frame).not.toContain('[f: run]');
		expect(harness.forensics.propose(leaker)).toMatchObject({kind: 'refused', message: expect.stringContaining('--read-only')});
	});
});

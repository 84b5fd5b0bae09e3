import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {createActionsService} from '../../../source/services/actions.js';
import {emptyHostFacts, type Finding} from '../../../source/doctor/check-types.js';
import {readPlaybook} from '../../../source/doctor/playbook.js';
import type {ConfigEdit} from '../../../source/ecosystem/edit-config.js';
import {createTimelineState, ensureProcess, type RestartEvent} from '../../../source/model/restart-timeline.js';
import {createDiagnosisScheduler} from '../../../source/services/diagnosis-scheduler.js';
import {createFixLoop, type FixLoop} from '../../../source/services/editor/fix-loop.js';
import {DoctorScreen} from '../../../source/ui/doctor/doctor-view.js';
import {FixLoopContext} from '../../../source/ui/ecosystem/editor-service-context.js';
import {InputRouter} from '../../../source/ui/input-router.js';
import type {ConfirmRequest, ViewProps} from '../../../source/ui/view-props.js';
import {createFakeStore, type FakeStore} from '../../helpers/fake-store.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {restartEvent} from '../../helpers/restart-event.js';
import {keys, renderInk, type InkHarness} from '../../helpers/render-ink.js';

const playbook = readPlaybook();
const loop = makeProcess({pmId: 2, name: 'late-loop', restartCount: 40});
const web = makeProcess({pmId: 0, name: 'web'});

const loopFinding: Finding = {
	id: 'restart-rate',
	severity: 'error',
	process: 'late-loop',
	pmId: 2,
	title: 'late-loop is in a restart loop',
	evidence: ['14 crash restarts in the last minute, 14 in the last 5 minutes (pm2.log)', 'last error: Error: ECONNREFUSED 127.0.0.1:5432'],
	flow: 'restart-loop',
};
const dumpFinding: Finding = {
	id: 'dump-sync',
	severity: 'warning',
	process: null,
	pmId: null,
	title: 'A reboot would lose 1 running app(s): web',
	evidence: ['not in dump.pm2: web'],
	flow: 'not-persisted',
};

/** What the checks find on each run (the scheduler's facts are beside the point here). */
type Diagnose = () => Promise<Finding[]>;

type Harness = InkHarness & {store: FakeStore; confirms: ConfirmRequest[]; flashes: string[]; closed: () => number; diagnoseCalls: () => number};

function mount(
	options: {
		findings?: Finding[];
		readOnly?: boolean;
		height?: number;
		diagnose?: Diagnose;
		fixLoop?: FixLoop;
		openEditor?: (edit: ConfigEdit | null) => void;
		/** late-loop's exits in the restart timeline. */
		exits?: RestartEvent[];
	} = {},
): Harness {
	const store = createFakeStore([web, loop], {readOnly: options.readOnly});
	const timeline = createTimelineState();
	ensureProcess(timeline, loop.pmId, loop.name).events.push(...(options.exits ?? []));
	const confirms: ConfirmRequest[] = [];
	const flashes: string[] = [];
	let closed = 0;
	let calls = 0;
	const diagnose: Diagnose =
		options.diagnose ??
		(async () => {
			calls++;
			return options.findings ?? [loopFinding, dumpFinding];
		});
	let latest: Finding[] = [];
	const diagnosis = createDiagnosisScheduler({
		store,
		audience: 'doctor',
		intervals: {doctorMs: 60_000},
		gatherFacts: async ({home, nowMs}) => {
			latest = await diagnose();
			return {nowMs, pm2Home: home, processes: [], polls: [], daemonLogLines: [], errorLogTails: {}, host: emptyHostFacts(home)};
		},
		diagnose: () => latest,
	});
	const props: ViewProps = {
		store,
		state: {...store.getState(), timeline},
		selected: loop,
		width: 100,
		height: options.height ?? 26,
		focused: true,
		noColor: true,
		readOnly: options.readOnly ?? false,
		actions: createActionsService({
			client: store.actionsClient,
			home: store.home,
			readOnly: options.readOnly ?? false,
			connection: () => store.getState().connection,
		}),
		flash: message => flashes.push(message),
		confirm: request => confirms.push(request),
		close: () => closed++,
		openEditor: options.openEditor,
	};
	const harness = renderInk(
		<FixLoopContext.Provider value={options.fixLoop ?? null}>
			<InputRouter activeScopes={['doctor', 'global']} readOnly={options.readOnly ?? false}>
				<DoctorScreen {...props} diagnosis={diagnosis} playbook={playbook} />
			</InputRouter>
		</FixLoopContext.Provider>,
		{columns: 100, rows: (options.height ?? 26) + 2},
	);
	return Object.assign(harness, {store, confirms, flashes, closed: () => closed, diagnoseCalls: () => calls});
}

let harness: Harness | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
});

describe('DoctorScreen', () => {
	it('lists findings with severity, process and title, the selected process first, then the flows', async () => {
		harness = mount({findings: [dumpFinding, loopFinding]});
		const frame = await harness.waitForFrame(f => f.includes('2 finding(s)'));
		const lines = frame.split('\n');
		const loopLine = lines.findIndex(l => l.includes('late-loop is in a restart loop'));
		const dumpLine = lines.findIndex(l => l.includes('A reboot would lose'));
		expect(lines[loopLine]).toMatch(/› ERR\s+late-loop:2\s+late-loop is in a restart loop/);
		expect(lines[dumpLine]).toMatch(/WARN\s+PM2\s+A reboot would lose/);
		expect(loopLine).toBeLessThan(dumpLine);
		expect(frame).toContain('Troubleshooting flows');
		expect(frame).toContain('Restart loop  #restart-loop');
	});

	it('walks the restart-loop flow: live step results with evidence, then the fixes; a restart only after confirmation', async () => {
		harness = mount();
		await harness.waitForFrame(f => f.includes('2 finding(s)'));
		await harness.press(keys.enter);
		const frame = await harness.waitForFrame(f => f.includes('Restart loop — late-loop (id 2)'), {what: 'flow'});
		expect(frame).toContain('✖ 1. Count crash restarts per minute');
		expect(frame).toContain('(restart-rate)');
		expect(frame).toContain('14 crash restarts in the last minute');
		expect(frame).toMatch(/✔ 2\. Look for a process left in `waiting restart`/);
		for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
		expect(frame).toContain('· 3. Read the last error');
		expect(frame).toContain('Fixes');
		expect(frame).toContain('› $ pm2 logs late-loop --err --lines 100');

		// Down to "pm2 restart late-loop" (the 5th fix).
		await harness.press(keys.down, keys.down, keys.down, keys.down);
		await harness.waitForFrame(f => /› \$ pm2 restart late-loop.*\[f: run\]/.test(f), {what: 'restart fix selected'});
		await harness.press('f');
		expect(harness.confirms).toHaveLength(1);
		expect(harness.confirms[0]!.message).toBe('Restart "late-loop" (id 2)?');
		expect(harness.store.actions).toEqual([]);
		await harness.confirms[0]!.onConfirm();
		expect(harness.store.actions).toEqual([{action: 'restart', pmId: 2}]);
		expect(harness.flashes).toContain('Restarted "late-loop".');

		// A fix that is not a PM2 action is shown, not run.
		await harness.press(keys.up, keys.up);
		await harness.waitForFrame(f => f.includes('› ecosystem: min_uptime'), {what: 'ecosystem fix selected'});
		await harness.press('f');
		expect(harness.confirms).toHaveLength(1);
		expect(harness.flashes.at(-1)).toContain("Ecosystem change for late-loop: min_uptime: '10s'");

		await harness.press(keys.escape);
		await harness.waitForFrame(f => f.includes('2 finding(s)'), {what: 'back to the list'});
		expect(harness.closed()).toBe(0);
		await harness.press(keys.escape);
		expect(harness.closed()).toBe(1);
	});

	it('opens a playbook section without a finding, and re-runs the checks on c', async () => {
		harness = mount({findings: []});
		await harness.waitForFrame(f => f.includes('✔ no findings'));
		const calls = harness.diagnoseCalls();
		await harness.press('c');
		await harness.waitForFrame(() => harness!.diagnoseCalls() > calls, {what: 'recheck'});
		await harness.press(keys.down, keys.enter); // second section: restart-loop
		const frame = await harness.waitForFrame(f => f.includes('#restart-loop') && f.includes('Diagnosis'), {what: 'section flow'});
		expect(frame).toMatch(/✔ 1\. Count crash restarts/);
		expect(frame).toContain('› $ pm2 logs <name> --err --lines 100');
	});

	it('under --read-only never offers or runs a fix', async () => {
		harness = mount({readOnly: true});
		await harness.waitForFrame(f => f.includes('2 finding(s)'));
		await harness.press(keys.enter, keys.down, keys.down, keys.down, keys.down);
		const frame = await harness.waitForFrame(f => f.includes('› $ pm2 restart late-loop'), {what: 'restart fix selected'});
		expect(frame).not.toContain('[f: run]');
		await harness.press('f');
		expect(harness.confirms).toEqual([]);
		expect(harness.store.actions).toEqual([]);
	});

	it('shows the running state, keeps within its height, and reports a failed run', async () => {
		let fail: ((error: Error) => void) | null = null;
		harness = mount({height: 8, diagnose: () => new Promise<Finding[]>((_, reject) => (fail = reject))});
		let frame = await harness.waitForFrame(f => f.includes('… running the checks') && fail !== null, {what: 'a run under way'});
		expect(frame.split('\n').filter(l => l.trim()).length).toBeLessThanOrEqual(8);
		fail!(new Error('permission denied on /proc'));
		await harness.waitForFrame(f => f.includes('checks failed: permission denied on /proc'));
		await harness.press(keys.enter);
		frame = await harness.waitForFrame(f => f.includes('#start-failure'));
		expect(frame.split('\n').filter(l => l.trim()).length).toBeLessThanOrEqual(8);
	});

	it('closes the fix loop: an ecosystem fix opens the editor for its app, and back in the flow the re-run check says waiting, still failing ✖ with the exits after the apply, or fixed ✔', async () => {
		const fixLoop = createFixLoop();
		const edits: Array<ConfigEdit | null> = [];
		harness = mount({findings: [loopFinding], fixLoop, openEditor: edit => void edits.push(edit)});
		await harness.waitForFrame(f => f.includes('› ERR'));
		await harness.press(keys.enter);
		await harness.waitForFrame(f => f.includes('Fixes'));
		await harness.press(keys.down);
		await harness.waitForFrame(f => f.includes('› ecosystem: exp_backoff_restart_delay'));
		await harness.press('f');
		expect(edits).toHaveLength(1);
		expect(edits[0]).toMatchObject({appName: 'late-loop', key: 'exp_backoff_restart_delay'});
		expect(fixLoop.current()).toMatchObject({flowId: 'restart-loop', fixCursor: 1, finding: {process: 'late-loop'}});
		harness.unmount(); // the app shows the editor now; the editor saves and applies
		fixLoop.recordApply({
			ok: true,
			apps: ['late-loop'],
			atMs: Date.now() - 1,
			message: 'Applied',
			command: 'pm2 startOrReload /srv/ecosystem.config.js --only late-loop',
		});

		// The check still reports the loop (its windows hold the crashes from before the fix): the verdict
		// counts the exits after the apply instead.
		harness = mount({findings: [loopFinding], fixLoop});
		const waiting = await harness.waitForFrame(f => f.includes('waiting ('), {what: 'waiting verdict'});
		expect(waiting).toContain('Restart loop — late-loop (id 2)');
		expect(waiting).toContain('Fix applied at');
		expect(waiting).toContain('--only late-loop');
		expect(waiting).toMatch(/… waiting \(\d+ s of 60 s\): no crash exit of late-loop since the fix/);
		expect(waiting).not.toContain('still failing');
		harness.unmount();

		const applyAtMs = fixLoop.current()!.apply!.atMs;
		const crashAfter = restartEvent({pmId: 2, name: 'late-loop', exitAtMs: applyAtMs + 1500, exitCode: 1, uptimeBeforeExitMs: 1400, cause: {kind: 'crash'}});
		harness = mount({findings: [loopFinding], fixLoop, exits: [crashAfter]});
		const failing = await harness.waitForFrame(f => f.includes('still failing ✖'), {what: 'failing verdict'});
		expect(failing).toContain('still failing ✖ 1 crash exit of late-loop since the fix (the restart-rate check)');
		expect(failing).toMatch(/up 1\.4s exit 1 · crash \(exit code 1\)/);
		harness.unmount();

		fixLoop.recordApply({...fixLoop.current()!.apply!, atMs: Date.now() - 61_000});
		harness = mount({findings: [loopFinding], fixLoop});
		await harness.waitForFrame(f => f.includes('fixed ✔ no crash exit of late-loop in the 60 s since the fix'), {what: 'fixed verdict'});
		await harness.press(keys.escape); // back to the list: the loop is over
		await harness.waitForFrame(f => f.includes('Doctor ·'));
		expect(fixLoop.current()).toBeNull();
	});
});

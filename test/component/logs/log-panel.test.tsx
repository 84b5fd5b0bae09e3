import React from 'react';
import {afterEach, describe, expect, it, vi} from 'vitest';
import Yoga from 'yoga-layout';
import type {LogLine} from '../../../source/logs/line-buffer.js';
import type {LogTargetStatus} from '../../../source/logs/log-targets.js';
import type {LogsHandle, LogsSnapshot} from '../../../source/logs/process-log-sources.js';
import {sanitizeLine} from '../../../source/logs/sanitize-line.js';
import {InputRouter} from '../../../source/ui/input-router.js';
import type {Scope} from '../../../source/ui/keymap.js';
import {LogPanel} from '../../../source/ui/logs/log-panel.js';
import {LogsView} from '../../../source/ui/logs/logs-view.js';
import {createLogSessions, type LogSessions, type LogsOpener} from '../../../source/services/log-sessions.js';
import {forgetPanelStates, LogSessionsContext} from '../../../source/ui/logs/use-log-session.js';
import type {ViewProps} from '../../../source/ui/view-props.js';
import {createFakeStore} from '../../helpers/fake-store.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {keys, renderInk, type InkHarness} from '../../helpers/render-ink.js';

/** An in-memory log source the test pushes lines into (the real one is covered by integration tests). */
function fakeSource() {
	let lines: LogLine[] = [];
	let statuses: LogTargetStatus[] = [];
	let revision = 0;
	let snapshot: LogsSnapshot | null = null;
	const listeners = new Set<() => void>();
	let seq = 0;
	let closed = 0;
	const handle: LogsHandle = {
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		getSnapshot() {
			snapshot ??= {revision, lines, statuses, evictedCount: 0, backfillDone: true};
			return snapshot;
		},
		async close() {
			closed++;
		},
	};
	const changed = () => {
		revision++;
		snapshot = null;
		listeners.forEach(listener => listener());
	};
	return {
		handle,
		get closed() {
			return closed;
		},
		push(texts: string[], source: LogLine['source'] = 'out', processName = 'api') {
			lines = [
				...lines,
				...texts.map(text => ({seq: seq++, source, pmId: 1, processName, receivedAtMs: Date.UTC(2026, 0, 1, 12, 0, 0), text: sanitizeLine(text).text})),
			];
			changed();
		},
		setStatuses(next: LogTargetStatus[]) {
			statuses = next;
			changed();
		},
	};
}

const process = makeProcess({pmId: 1, name: 'api'});
let harness: InkHarness | null = null;
let sessions: LogSessions | null = null;

afterEach(async () => {
	harness?.unmount();
	harness = null;
	await sessions?.closeAll();
	sessions = null;
	forgetPanelStates();
});

function mount(source: ReturnType<typeof fakeSource>, {height = 10, width = 80, full = false, noColor = false} = {}) {
	const store = createFakeStore([process]);
	const opener: LogsOpener = {
		process: () => source.handle,
		all: () => source.handle,
		daemon: () => source.handle,
		options: {},
	};
	sessions = createLogSessions(opener);
	let closedView = 0;
	const props: ViewProps = {
		store,
		state: store.getState(),
		selected: process,
		width,
		height,
		focused: true,
		noColor,
		readOnly: false,
		flash() {},
		confirm() {},
		close() {
			closedView++;
		},
	};
	const scopes: Scope[] = full ? ['logs-full', 'global'] : ['logs', 'main', 'global'];
	harness = renderInk(
		<InputRouter activeScopes={scopes} readOnly={false}>
			<LogSessionsContext.Provider value={sessions}>{full ? <LogsView {...props} /> : <LogPanel {...props} />}</LogSessionsContext.Provider>
		</InputRouter>,
		{columns: width, rows: height + 5},
	);
	return {harness, closedView: () => closedView};
}

const bodyLines = (frame: string) => frame.split('\n').slice(1);

describe('LogPanel', () => {
	it('shows the newest lines with out/err markers, within its height, following by default', async () => {
		const source = fakeSource();
		source.push(Array.from({length: 30}, (_, i) => `out line ${i}`));
		source.push(['something failed'], 'err');
		const {harness} = mount(source, {height: 8});
		const frame = await harness.waitForFrame(f => f.includes('something failed'));
		expect(frame.split('\n')[0]).toMatch(/Logs · api \(id 1\) · following/);
		const body = bodyLines(frame);
		expect(body).toHaveLength(7);
		expect(body.at(-1)).toMatch(/^! something failed/);
		expect(body.at(-2)).toMatch(/^· out line 29/);
		source.push(['newest']);
		await harness.waitForFrame(f => bodyLines(f).at(-1)!.startsWith('· newest'));
	});

	it('scrolls a followed log by changing the text of its rows, not by laying out new ones', async () => {
		const source = fakeSource();
		source.push(Array.from({length: 30}, (_, i) => `warm-up line ${i}`));
		const {harness} = mount(source, {height: 10});
		await harness.waitForFrame(f => f.includes('warm-up line 29'));
		// Every layout node Ink creates is a Yoga node: a row keyed by its line was a new one on every update.
		const createdNodes = vi.spyOn(Yoga.Node, 'create');
		try {
			for (let batch = 0; batch < 10; batch++) {
				source.push(Array.from({length: 25}, (_, i) => `batch ${batch} line ${i}`));
				await harness.waitForFrame(f => bodyLines(f).at(-1)!.includes(`batch ${batch} line 24`));
			}
			expect(createdNodes).not.toHaveBeenCalled();
		} finally {
			createdNodes.mockRestore();
		}
	});

	it('pauses on PgUp (new lines do not move the view) and resumes with s', async () => {
		const source = fakeSource();
		source.push(Array.from({length: 40}, (_, i) => `line ${i}`));
		const {harness} = mount(source, {height: 8});
		await harness.waitForFrame(f => f.includes('line 39'));
		await harness.press(keys.pageUp);
		const paused = await harness.waitForFrame(f => f.includes('PAUSED (+6 newer)'));
		expect(bodyLines(paused).at(-1)).toMatch(/line 33/);
		source.push(['arrived while paused']);
		const still = await harness.waitForFrame(f => f.includes('+7 newer'));
		expect(still).not.toContain('arrived while paused');
		await harness.press('g');
		await harness.waitForFrame(f => bodyLines(f)[0]!.includes('line 0'));
		await harness.press('s');
		const resumed = await harness.waitForFrame(f => f.includes('following'));
		expect(bodyLines(resumed).at(-1)).toMatch(/arrived while paused/);
	});

	it('searches with / (case-insensitive), highlights matches and jumps with n/N', async () => {
		const source = fakeSource();
		source.push(['GET /a 200', 'Timeout talking to db', 'GET /b 200', 'timeout again', 'GET /c 200']);
		const {harness} = mount(source, {height: 10});
		await harness.waitForFrame(f => f.includes('GET /c 200'));
		await harness.press('/', 't', 'i', 'm', 'e', 'o', 'u', 't');
		await harness.waitForFrame(f => f.includes('/timeout█'));
		await harness.press(keys.enter);
		// Highlight segments are asserted in test/unit/logs/log-window.test.ts (chalk draws no SGR here).
		const searched = await harness.waitForFrame(f => f.includes('search /timeout/ 2/2'));
		expect(searched).toContain('following'); // a search does not stop following
		await harness.press('N');
		await harness.waitForFrame(f => f.includes('search /timeout/ 1/2') && f.includes('PAUSED'));
		await harness.press('n');
		await harness.waitForFrame(f => f.includes('search /timeout/ 2/2'));
		await harness.press(keys.escape);
		await harness.waitForFrame(f => !f.includes('search /'));
	});

	it('reports an invalid regex at the prompt instead of throwing', async () => {
		const source = fakeSource();
		source.push(['alpha']);
		const {harness} = mount(source);
		await harness.waitForFrame(f => f.includes('· alpha'));
		await harness.press('/');
		await harness.waitForFrame(f => f.includes('/█'), {what: 'prompt ' + JSON.stringify(harness.frames.slice(-3))});
		await harness.press('(');
		await harness.waitForFrame(f => f.includes('✖ Unterminated group'));
		await harness.press(keys.enter); // stays open
		await harness.waitForFrame(f => f.includes('/(█'));
		await harness.press(keys.escape);
		await harness.waitForFrame(f => !f.includes('█'));
	});

	it('filters with &, inverts with v, and shows stderr only with e', async () => {
		const source = fakeSource();
		source.push(['GET /a 200', 'GET /b 500', 'healthcheck ok']);
		source.push(['Error: boom'], 'err');
		const {harness} = mount(source, {height: 10});
		await harness.waitForFrame(f => f.includes('Error: boom'));
		await harness.press('&', 'G', 'E', 'T', keys.enter);
		const filtered = await harness.waitForFrame(f => f.includes('only /GET/ (2/4)'));
		expect(bodyLines(filtered).filter(line => line.trim() !== '')).toEqual(['· GET /a 200', '· GET /b 500']);
		await harness.press('v');
		const inverse = await harness.waitForFrame(f => f.includes('hiding /GET/'));
		expect(inverse).toContain('healthcheck ok');
		expect(inverse).not.toContain('GET /a');
		await harness.press('c', 'e');
		const errOnly = await harness.waitForFrame(f => f.includes('stderr only'));
		expect(bodyLines(errOnly).filter(line => line.trim() !== '')).toEqual(['! Error: boom']);
	});

	it('wraps long lines with w and shows arrival timestamps with t', async () => {
		const source = fakeSource();
		source.push(['x'.repeat(100)]);
		const {harness} = mount(source, {height: 8, width: 40});
		await harness.waitForFrame(f => f.includes('xxx'));
		await harness.press('w');
		const wrapped = await harness.waitForFrame(f => f.includes('wrap'));
		expect(bodyLines(wrapped).filter(line => line.includes('x')).length).toBe(3);
		await harness.press('t');
		const stamped = await harness.waitForFrame(f => f.includes('0.000 xxx'));
		const hh = String(new Date(Date.UTC(2026, 0, 1, 12, 0, 0)).getHours()).padStart(2, '0');
		expect(stamped).toContain(`${hh}:00:00.000`);
	});

	it('never writes a raw control sequence from a hostile line', async () => {
		const source = fakeSource();
		source.push(['t\u001b]0;pwned\u0007u', 'c\u001b]52;c;ZWNobyBwd25lZA==\u0007d', 'ERROR\rINFO', 'file\u202etxt.exe', 'q\u001b[6n']);
		const {harness} = mount(source, {height: 10, noColor: true});
		const frame = await harness.waitForFrame(f => f.includes('q^[[6n'));
		expect(frame).toContain('c^[]52;c;ZWNobyBwd25lZA==^Gd');
		expect(frame).toContain('file<U+202E>txt.exe');
		const bytes = harness.stdout.frames.join('');
		// Only Ink's own SGR styling may appear; nothing else from the C0/C1/bidi sets.
		const withoutSgr = bytes.replace(/\u001b\[[0-9;]*m/g, '');
		expect(withoutSgr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
	});

	it('says why a source has nothing (file missing, /dev/null)', async () => {
		const source = fakeSource();
		source.setStatuses([
			{
				target: {source: 'out', pmId: 1, processName: 'api', path: '/dev/null'},
				state: 'disabled',
				message: 'out: PM2 writes no file (/dev/null): nothing to show',
			},
		]);
		const {harness} = mount(source);
		await harness.waitForFrame(f => f.includes('PM2 writes no file (/dev/null)') && f.includes('No log lines yet.'));
	});
});

describe('LogsView (full screen)', () => {
	it('uses its scope and goes back with L', async () => {
		const source = fakeSource();
		source.push(['hello']);
		const mounted = mount(source, {full: true, height: 20});
		await mounted.harness.waitForFrame(f => f.includes('· hello'));
		await mounted.harness.press('L');
		expect(mounted.closedView()).toBe(1);
	});
});

// The escape corpus through the real Ink components and the plain first paint: names, namespaces, paths,
// args and env values from PM2 reach the terminal inert, in their visible form, and never as raw controls.
import React from 'react';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {isSecretName, maskedValue} from '../../../source/model/mask-secrets.js';
import type {DaemonSnapshot} from '../../../source/model/types.js';
import type {StoreState} from '../../../source/services/store/store-types.js';
import {Header} from '../../../source/ui/components/header.js';
import {ProcessDetail} from '../../../source/ui/components/process-detail.js';
import {ProcessTable} from '../../../source/ui/components/process-table.js';
import {EnvView} from '../../../source/ui/env-view.js';
import {InputRouter} from '../../../source/ui/input-router.js';
import {connectionBanner} from '../../../source/ui/connection-text.js';
import {plainFirstFrame} from '../../../source/ui/first-paint.js';
import {computeMainLayout} from '../../../source/ui/layout.js';
import {computeTableLayout, contentWidthsOf} from '../../../source/ui/table-columns.js';
import {escapeVectors, expectedVisible, expectedVisibleIn, rawControl, withoutOwnSequences} from '../../helpers/escape-vectors.js';
import {createFakeStore} from '../../helpers/fake-store.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {renderInk, type InkHarness} from '../../helpers/render-ink.js';
import {viewProps} from '../../helpers/view-props.js';

const cases = escapeVectors.map((vector, index) => [vector.name, vector, index] as const);
let harness: InkHarness | undefined;
afterEach(() => harness?.unmount());

/** Everything Ink wrote, without its own colour codes: must hold no control character. */
const writtenText = (ink: InkHarness) => withoutOwnSequences(ink.frames.join(''));

describe('process table: hostile names', () => {
	const width = 200;
	const layout = computeTableLayout(width);
	const nameWidth = layout.columns.find(column => column.id === 'name')!.width;
	const processes = escapeVectors.map((vector, index) => makeProcess({pmId: index, name: vector.input}));
	let lines: string[] = [];
	let written = '';

	beforeAll(async () => {
		const table = renderInk(
			<ProcessTable
				processes={processes}
				selectedPmId={0}
				offset={0}
				bodyRows={processes.length}
				layout={layout}
				width={width}
				nowMs={Date.now()}
				noColor={false}
				stale={false}
				isLoading={false}
				focused
				extrasOf={() => ({flag: '', trend: ''})}
			/>,
			{columns: width, rows: processes.length + 5},
		);
		lines = (await table.waitForFrame(frame => frame.split('\n').length > processes.length)).split('\n');
		written = writtenText(table);
		table.unmount();
	});

	it('writes no raw control character for any name', () => {
		expect(written).not.toMatch(rawControl);
	});

	it.each(cases)('%s: the row shows the visible form', (_name, vector, index) => {
		expect(lines[1 + index]).toMatch(new RegExp(`^.\\s+${index} `));
		expect(lines[1 + index]).toContain(expectedVisibleIn(vector, nameWidth));
	});
});

describe('detail pane: hostile name, namespace, paths and args', () => {
	const width = 250;
	it.each(cases)('%s', async (_name, vector, index) => {
		const process = makeProcess({
			pmId: index,
			name: vector.input,
			namespace: vector.input,
			scriptPath: `/srv/${vector.input}.js`,
			cwd: vector.input,
			args: [vector.input],
			nodeArgs: [vector.input],
			outLogPath: vector.input,
			env: {HOSTILE_VALUE: vector.input, [vector.input]: 'value-of-a-hostile-name'},
		});
		const health = {tone: 'warning' as const, headline: 'LEAK', evidence: null};
		harness = renderInk(<ProcessDetail process={process} health={health} width={width} height={40} noColor={false} />, {columns: width, rows: 42});
		const frame = await harness.waitForFrame(text => text.includes('out log'));
		expect(writtenText(harness)).not.toMatch(rawControl);
		const visible = expectedVisible(vector);
		const lines = frame.split('\n');
		expect(lines[0]).toContain(`${visible} (id ${index}) · `);
		expect(frame).toContain(`namespace ${visible}`);
		expect(lines[0]).toContain(`ns ${visible}`.trimEnd());
		// Ink trims the spaces at the end of a line.
		expect(frame).toContain(`/srv/${visible}.js ${visible}`.trimEnd());
		expect(lines.find(line => line.startsWith('cwd'))).toContain(visible.trimEnd());
		expect(lines.find(line => line.startsWith('out log'))).toContain(visible.trimEnd());
	});
});

describe('environment view: hostile names and values', () => {
	const width = 250;
	it.each(cases)('%s', async (_name, vector, index) => {
		const process = makeProcess({pmId: index, name: vector.input, env: {HOSTILE_VALUE: vector.input, [vector.input]: 'value-of-a-hostile-name'}});
		const store = createFakeStore([process]);
		harness = renderInk(
			<InputRouter activeScopes={['env']} readOnly={false}>
				<EnvView {...viewProps(store, store.getState(), process, {width, height: 10})} />
			</InputRouter>,
			{columns: width, rows: 12},
		);
		const frame = await harness.waitForFrame(text => text.includes('HOSTILE_VALUE'));
		expect(writtenText(harness)).not.toMatch(rawControl);
		const visible = expectedVisible(vector);
		expect(frame.split('\n')[0]).toContain(`${visible} (id ${index})`);
		expect(frame).toContain(`HOSTILE_VALUE=${visible}`.trimEnd());
		// A hostile name can also look secret ("p ESC ^secret"): then its value is masked.
		expect(frame).toContain(`${visible}=${isSecretName(vector.input) ? maskedValue : 'value-of-a-hostile-name'}`);
	});
});

describe('header: a hostile PM2_HOME path', () => {
	it.each(cases)('%s', async (_name, vector) => {
		const banner = connectionBanner({kind: 'attached', home: vector.input, daemonPid: 1, sinceMs: 0}, 0, 0);
		harness = renderInk(<Header home={vector.input} banner={banner} processCount={1} readOnly={false} width={200} noColor={false} />, {columns: 200, rows: 3});
		const frame = await harness.waitForFrame(text => text.includes('pm2-doctor'));
		expect(writtenText(harness)).not.toMatch(rawControl);
		expect(frame).toContain(` · ${expectedVisible(vector)} · `);
	});
});

describe('plain first paint: hostile names and home', () => {
	it('draws every name in its visible form and writes no raw control', () => {
		const hostileHome = escapeVectors[5]!.input;
		const store = createFakeStore(
			escapeVectors.map((vector, index) => makeProcess({pmId: index, name: vector.input})),
			{home: hostileHome},
		);
		const state = store.getState() as StoreState & {snapshot: DaemonSnapshot};
		const frame = plainFirstFrame(state, {home: hostileHome, readOnly: false, noColor: false, columns: 200, rows: 60, nowMs: Date.now()});
		expect(frame).not.toBeNull();
		const text = withoutOwnSequences(frame!);
		expect(text).not.toMatch(rawControl);
		expect(text).toContain(expectedVisible(escapeVectors[5]!));
		// The first paint sizes the name column to the longest name (no health labels before the first diagnosis).
		const shown = state.snapshot.processes;
		const content = contentWidthsOf(
			shown,
			shown.map(() => ''),
		);
		const nameWidth = computeTableLayout(200, {content}).columns.find(column => column.id === 'name')!.width;
		const visibleRows = computeMainLayout(200, 60, escapeVectors.length).tableBodyRows;
		expect(visibleRows).toBeGreaterThan(10);
		for (const vector of escapeVectors.slice(0, visibleRows)) expect(text).toContain(expectedVisibleIn(vector, nameWidth));
	});
});

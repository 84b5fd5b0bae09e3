// The plain first paint must look like Ink's first frame: every line it draws is compared with the same
// line of the App rendered by Ink for the same store and terminal size.
import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import type {DaemonSnapshot} from '../../../source/model/types.js';
import type {StoreState} from '../../../source/services/store/store-types.js';
import {App} from '../../../source/ui/app.js';
import {plainFirstFrame} from '../../../source/ui/first-paint.js';
import {createFakeStore, type FakeStore} from '../../helpers/fake-store.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {renderInk, stripAnsi, type InkHarness} from '../../helpers/render-ink.js';
import {uiServicesFor} from '../../helpers/ui-services.js';

const processes = () => [
	makeProcess({pmId: 0, name: 'api', status: 'online'}),
	makeProcess({pmId: 1, name: 'worker-with-a-rather-long-name-that-gets-cut', status: 'errored', pid: null, exitCode: 1}),
	makeProcess({pmId: 2, name: 'mailer', status: 'waiting restart', pid: null, restartCount: 12}),
	makeProcess({pmId: 3, name: 'cron', status: 'stopped', pid: null}),
	...Array.from({length: 12}, (_, index) => makeProcess({pmId: 4 + index, name: `sleeper-${index}`})),
];

let harness: InkHarness | undefined;
afterEach(() => harness?.unmount());

/** The rows a plain frame draws (it places each line with CUP "ESC[row;1H"), as text without styles. */
function plainRows(frame: string): Map<number, string> {
	const rows = new Map<number, string>();
	for (const match of frame.matchAll(/\u001B\[(\d+);1H([^\u001B]*(?:\u001B\[(?!\d+;1H)[0-9;]*m[^\u001B]*)*)/g)) {
		rows.set(Number(match[1]) - 1, stripAnsi(match[2]!));
	}
	return rows;
}

async function compare(store: FakeStore, columns: number, rows: number, options: {readOnly?: boolean; noColor?: boolean} = {}) {
	const readOnly = options.readOnly ?? false;
	const noColor = options.noColor ?? false;
	const state = store.getState() as StoreState & {snapshot: DaemonSnapshot};
	// Same clock for both: uptimes are shown to the second.
	const nowMs = Date.now();
	const plain = plainFirstFrame(state, {home: store.home, readOnly, noColor, columns, rows, nowMs});
	harness = renderInk(<App store={store} readOnly={readOnly} noColor={noColor} services={uiServicesFor(store, {readOnly})} />, {columns, rows});
	const inkLines = (await harness.waitForFrame(frame => frame.includes('api'))).split('\n');
	expect(plain).not.toBeNull();
	const drawn = plainRows(plain!);
	// Header, table header, the visible rows and the footer.
	expect(drawn.size).toBeGreaterThanOrEqual(4);
	for (const [row, text] of drawn) expect(text.trimEnd(), `row ${row}`).toBe((inkLines[row] ?? '').trimEnd());
	return {plain: plain!, drawn};
}

describe('plain first paint', () => {
	it('draws the header, the table and the footer exactly as Ink does at 120x40', async () => {
		const {drawn} = await compare(createFakeStore(processes()), 120, 40);
		expect(drawn.get(0)).toContain('attached (daemon pid 4242)');
		expect(drawn.get(3)).toMatch(/^›\s+0 api/);
		expect([...drawn.values()].join('\n')).toContain('✖ errored');
	});

	it('matches at 80x24, read-only, without colours', async () => {
		const {plain} = await compare(createFakeStore(processes()), 80, 24, {readOnly: true, noColor: true});
		expect(plain).not.toMatch(/\u001B\[(3[0-8]|9[0-7])(;[0-9]+)*m/);
	});

	it('draws nothing below the UI minimum (Ink shows the "too small" notice)', () => {
		const store = createFakeStore(processes());
		const state = store.getState() as StoreState & {snapshot: DaemonSnapshot};
		expect(plainFirstFrame(state, {home: store.home, readOnly: false, noColor: false, columns: 79, rows: 30, nowMs: Date.now()})).toBeNull();
		expect(plainFirstFrame(state, {home: store.home, readOnly: false, noColor: false, columns: 100, rows: 23, nowMs: Date.now()})).toBeNull();
	});
});

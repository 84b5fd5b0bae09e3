import {EventEmitter} from 'node:events';
import {describe, expect, it} from 'vitest';
import {eraseLinesAsWritten, eraseUnderFirstFrame, waitForFirstSnapshot} from '../../../source/ui/first-paint.js';
import type {ProcessSnapshot} from '../../../source/model/types.js';
import {createFakeStore} from '../../helpers/fake-store.js';
import {makeProcess} from '../../helpers/process-fixture.js';

const eraseLine = '\u001B[2K';

describe('handing the screen from the plain paint to Ink', () => {
	it('erases each line of the first frame just before drawing it, and below a frame ending in a line break', () => {
		expect(eraseLinesAsWritten('ab\ncd\n')).toBe(`${eraseLine}ab\n${eraseLine}cd\n${eraseLine}\u001B[J`);
		// A frame that fills the screen ends on its last line: erasing below there would cut its last character.
		expect(eraseLinesAsWritten('ab\ncd')).toBe(`${eraseLine}ab\n${eraseLine}cd`);
	});

	it('rewrites only the first write that holds a frame; everything else passes through', () => {
		const written: string[] = [];
		const stream = Object.assign(new EventEmitter(), {
			columns: 120,
			write(chunk: string) {
				written.push(chunk);
				return true;
			},
		}) as unknown as NodeJS.WriteStream;
		const wrapped = eraseUnderFirstFrame(stream);
		wrapped.write('\u001B[?25l');
		wrapped.write('first\nframe\n');
		wrapped.write('second\nframe\n');
		expect(written).toEqual(['\u001B[?25l', eraseLinesAsWritten('first\nframe\n'), 'second\nframe\n']);
		expect(wrapped.columns).toBe(120);
	});
});

/** A fake store that reads as "no poll yet" until release(). */
function storeWithoutData() {
	const store = createFakeStore([]);
	let hasData = false;
	const view = {...store, getState: () => (hasData ? store.getState() : {...store.getState(), snapshot: null})};
	return {
		store,
		view,
		release(processes: ProcessSnapshot[]) {
			hasData = true;
			store.setProcesses(processes);
		},
	};
}

describe('waitForFirstSnapshot', () => {
	it('resolves at once when the store already has data', async () => {
		const store = createFakeStore([makeProcess({name: 'api'})]);
		const state = await waitForFirstSnapshot(store, 1000);
		expect(state?.snapshot.processes[0]?.name).toBe('api');
		expect(store.listenerCount).toBe(0);
	});

	it('resolves when the first poll arrives', async () => {
		const {store, view, release} = storeWithoutData();
		const waiting = waitForFirstSnapshot(view, 5000);
		setTimeout(() => release([makeProcess({name: 'late'})]), 20);
		expect((await waiting)?.snapshot.processes[0]?.name).toBe('late');
		expect(store.listenerCount).toBe(0);
	});

	it('gives up after the timeout, or as soon as the daemon is unreachable', async () => {
		const {store, view} = storeWithoutData();
		const startedAt = Date.now();
		expect(await waitForFirstSnapshot(view, 50)).toBeNull();
		expect(Date.now() - startedAt).toBeGreaterThanOrEqual(45);

		const failing = waitForFirstSnapshot(view, 5000);
		store.setConnection({kind: 'unreachable', home: store.home, reason: 'ECONNREFUSED', sinceMs: Date.now(), nextRetryAtMs: null});
		expect(await failing).toBeNull();
		expect(store.listenerCount).toBe(0);
	});
});

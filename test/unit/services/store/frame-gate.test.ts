import {describe, expect, it} from 'vitest';
import {createFrameGate} from '../../../../source/services/store/frame-gate.js';
import {createFakeStore} from '../../../helpers/fake-store.js';
import {makeProcess} from '../../../helpers/process-fixture.js';

const poll = (cpuPercent: number, status: 'online' | 'stopped' = 'online') => [
	makeProcess({pmId: 0, name: 'api', startedAtMs: 1000, createdAtMs: 1000, cpuPercent, status}),
];

function gated(quietFrameIntervalMs: number) {
	let clockMs = 0;
	const store = createFakeStore(poll(0));
	const gate = createFrameGate(store, {quietFrameIntervalMs, now: () => clockMs});
	let notified = 0;
	gate.subscribe(() => {
		notified++;
		gate.getState(); // a render reads the state
	});
	gate.getState();
	return {store, gate, notified: () => notified, advance: (ms: number) => (clockMs += ms)};
}

describe('frame gate', () => {
	it('passes figure-only polls at most once per quiet interval', () => {
		const {store, notified, advance} = gated(2500);
		for (let i = 1; i <= 60; i++) {
			advance(1000);
			store.setProcesses(poll(i % 5));
		}
		expect(notified()).toBe(20);
	});

	it('passes every poll with an interval of 0', () => {
		const {store, notified, advance} = gated(0);
		for (let i = 1; i <= 10; i++) {
			advance(1000);
			store.setProcesses(poll(i));
		}
		expect(notified()).toBe(10);
	});

	it('passes a status change and a connection change at once', () => {
		const {store, notified, advance} = gated(2500);
		advance(100);
		store.setProcesses(poll(1, 'stopped'));
		expect(notified()).toBe(1);
		advance(100);
		store.setConnection({kind: 'unreachable', home: store.home, reason: 'gone', sinceMs: 0, nextRetryAtMs: 1000});
		expect(notified()).toBe(2);
	});

	it('passes a held figure change with the next tick after the interval, compared with what was drawn', () => {
		const {store, gate, notified, advance} = gated(2500);
		advance(1000);
		store.setProcesses(poll(1));
		expect(notified()).toBe(0);
		expect(gate.getState().snapshot?.processes[0]?.cpuPercent).toBe(1); // a frame drawn for another reason shows it
		advance(2000);
		store.setProcesses(poll(2));
		expect(notified()).toBe(0); // 2 s since that frame
		advance(600);
		store.setProcesses(poll(3));
		expect(notified()).toBe(1);
	});
});

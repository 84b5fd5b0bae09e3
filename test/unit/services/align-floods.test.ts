// A log flood is redrawn on the live store's tick; a trickle of lines at once (source/services/log-sessions.ts).
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {LogsHandle, LogsSnapshot} from '../../../source/logs/process-log-sources.js';
import type {LogLine} from '../../../source/logs/line-buffer.js';
import {alignFloodsWithTick} from '../../../source/services/log-sessions.js';

function fakeHandle() {
	let lines: LogLine[] = [];
	let revision = 0;
	const listeners = new Set<() => void>();
	const handle: LogsHandle = {
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		getSnapshot: (): LogsSnapshot => ({revision, lines, statuses: [], evictedCount: 0, backfillDone: true}),
		close: async () => {},
	};
	const append = (count: number) => {
		const from = lines.length;
		lines = [
			...lines,
			...Array.from({length: count}, (_, index) => ({
				seq: from + index,
				source: 'out' as const,
				pmId: 0,
				processName: 'api',
				receivedAtMs: 0,
				text: `line ${from + index}`,
			})),
		];
		revision++;
		for (const listener of listeners) listener();
	};
	return {handle, append, listenerCount: () => listeners.size};
}

function fakeTick() {
	const listeners = new Set<() => void>();
	return {
		subscribe: (listener: () => void) => {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		fire: () => {
			for (const listener of listeners) listener();
		},
		count: () => listeners.size,
	};
}

/** A fake log handle and tick, with one listener subscribed through alignFloodsWithTick. */
function subscribeAligned() {
	const {handle, append, listenerCount} = fakeHandle();
	const tick = fakeTick();
	const listener = vi.fn();
	const unsubscribe = alignFloodsWithTick(handle, tick.subscribe)(listener);
	return {append, tick, listener, listenerCount, unsubscribe};
}

describe('alignFloodsWithTick', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('passes a trickle of lines on at once', () => {
		const {append, listener} = subscribeAligned();
		append(3);
		expect(listener).toHaveBeenCalledTimes(1);
		append(50);
		expect(listener).toHaveBeenCalledTimes(2);
	});

	it('holds a flood until the next tick, once however many notifications came', () => {
		const {append, tick, listener} = subscribeAligned();
		append(500);
		append(500);
		expect(listener).not.toHaveBeenCalled();
		tick.fire();
		expect(listener).toHaveBeenCalledTimes(1);
		tick.fire();
		expect(listener).toHaveBeenCalledTimes(1);
	});

	it('lets a held flood through after 1.5 s when no tick comes (daemon away)', () => {
		const {append, listener} = subscribeAligned();
		append(200);
		vi.advanceTimersByTime(1499);
		expect(listener).not.toHaveBeenCalled();
		vi.advanceTimersByTime(1);
		expect(listener).toHaveBeenCalledTimes(1);
	});

	it('unsubscribes from both sources', () => {
		const {append, tick, listener, listenerCount, unsubscribe} = subscribeAligned();
		append(200);
		unsubscribe();
		expect(listenerCount()).toBe(0);
		expect(tick.count()).toBe(0);
		vi.advanceTimersByTime(5000);
		expect(listener).not.toHaveBeenCalled();
	});
});

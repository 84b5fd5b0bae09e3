// The log-session registry: one handle per key, shared, closed after the last user lets go (with fake timers).
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {LogsHandle} from '../../../source/logs/process-log-sources.js';
import {createLogSessions, type LogsOpener} from '../../../source/services/log-sessions.js';

function fakeOpener() {
	const opened: string[] = [];
	let closed = 0;
	const handleFor = (name: string): LogsHandle => {
		opened.push(name);
		return {
			subscribe: () => () => {},
			getSnapshot: () => ({revision: 0, lines: [], statuses: [], evictedCount: 0, backfillDone: true}),
			close: async () => {
				closed++;
			},
		};
	};
	const opener: LogsOpener = {
		process: snapshot => handleFor(`process ${snapshot.pmId}`),
		all: () => handleFor('all'),
		daemon: home => handleFor(`daemon ${home}`),
		options: {},
	};
	return {opener, opened, closedCount: () => closed};
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createLogSessions', () => {
	it('opens one source per key and shares it between users', () => {
		const fake = fakeOpener();
		const sessions = createLogSessions(fake.opener);
		const first = sessions.acquire('daemon', opener => opener.daemon('/home', opener.options));
		const second = sessions.acquire('daemon', opener => opener.daemon('/home', opener.options));
		expect(second).toBe(first);
		expect(fake.opened).toEqual(['daemon /home']);
		expect(sessions.openCount()).toBe(1);
	});

	it('keeps a source open across a view switch and closes it after the last user has gone', async () => {
		const fake = fakeOpener();
		const sessions = createLogSessions(fake.opener, {closeDelayMs: 2000});
		const panel = sessions.acquire('all', opener => opener.all([], opener.options));
		sessions.release('all', panel);
		await vi.advanceTimersByTimeAsync(1000);
		const fullScreen = sessions.acquire('all', opener => opener.all([], opener.options));
		expect(fullScreen).toBe(panel);
		expect(fake.opened).toHaveLength(1);
		sessions.release('all', fullScreen);
		await vi.advanceTimersByTimeAsync(1999);
		expect(fake.closedCount()).toBe(0);
		await vi.advanceTimersByTimeAsync(1);
		expect(fake.closedCount()).toBe(1);
		expect(sessions.openCount()).toBe(0);
	});

	it('closes every source at once on closeAll, and ignores a late release', async () => {
		const fake = fakeOpener();
		const sessions = createLogSessions(fake.opener);
		const one = sessions.acquire('a', opener => opener.daemon('/a', opener.options));
		sessions.acquire('b', opener => opener.daemon('/b', opener.options));
		await sessions.closeAll();
		expect(fake.closedCount()).toBe(2);
		sessions.release('a', one);
		await vi.advanceTimersByTimeAsync(5000);
		expect(fake.closedCount()).toBe(2);
	});
});

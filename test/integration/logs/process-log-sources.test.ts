import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {openDaemonLog, openProcessLogs, openAllProcessesLogs, type LogsHandle} from '../../../source/logs/process-log-sources.js';
import {isInert} from '../../../source/logs/sanitize-line.js';
import {waitFor} from '../../helpers/pm2-sandbox.js';
import {makeProcess} from '../../helpers/process-fixture.js';

let dir: string;
beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-sources-'));
});
afterAll(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

async function withHandle<T>(handle: LogsHandle, body: (handle: LogsHandle) => Promise<T>): Promise<T> {
	try {
		return await body(handle);
	} finally {
		await handle.close();
	}
}

describe('openProcessLogs', () => {
	it('back-fills out and err, marks err lines, then follows both; hostile text arrives inert', async () => {
		const out = path.join(dir, 'api-out.log');
		const err = path.join(dir, 'api-error.log');
		fs.writeFileSync(out, '2026-01-01T00:00:01Z out-1\n2026-01-01T00:00:03Z out-2\n');
		fs.writeFileSync(err, '2026-01-01T00:00:02Z err-1\n');
		const snapshot = makeProcess({pmId: 1, name: 'api', outLogPath: out, errLogPath: err});
		await withHandle(openProcessLogs(snapshot, {backfillLines: 200, pollIntervalMs: 50}), async handle => {
			await waitFor(() => handle.getSnapshot().backfillDone);
			expect(handle.getSnapshot().lines.map(l => [l.source, l.text.slice(21)])).toEqual([
				['out', 'out-1'],
				['err', 'err-1'],
				['out', 'out-2'],
			]);
			expect(handle.getSnapshot().lines.every(l => l.backfill)).toBe(true);
			fs.appendFileSync(err, 'boom\u001b]52;c;ZWNobw==\u0007\n');
			await waitFor(() => handle.getSnapshot().lines.length === 4, {what: 'live err line'});
			const last = handle.getSnapshot().lines.at(-1)!;
			expect(last).toMatchObject({source: 'err', text: 'boom^[]52;c;ZWNobw==^G', processName: 'api', pmId: 1});
			expect(isInert(last.text)).toBe(true);
			expect(handle.getSnapshot().statuses.map(s => s.state)).toEqual(['following', 'following']);
		});
	});

	it('at one update a second, announces the back-fill at once, and a line after a quiet spell too', async () => {
		// Out goes to /dev/null: its state is announced before err's tail is read, so the back-fill comes second.
		const err = path.join(dir, 'paced-error.log');
		fs.writeFileSync(err, 'old\n');
		const handle = openProcessLogs(makeProcess({pmId: 2, name: 'paced', outLogPath: '/dev/null', errLogPath: err}), {
			backfillLines: 200,
			maxUpdatesPerSecond: 1,
		});
		await withHandle(handle, async () => {
			let backfillNotifiedAtMs: number | null = null;
			let notifications = 0;
			let lastNotifiedAtMs = Date.now();
			handle.subscribe(() => {
				notifications++;
				lastNotifiedAtMs = Date.now();
				if (backfillNotifiedAtMs === null && handle.getSnapshot().backfillDone) backfillNotifiedAtMs = Date.now();
			});
			// Opening notifies for the files' states first; the back-fill right after must not wait out the second.
			const backfillSeenAtMs = (await waitFor(() => handle.getSnapshot().backfillDone && Date.now(), {intervalMs: 20})) as number;
			await waitFor(() => backfillNotifiedAtMs !== null, {what: 'the back-fill notification'});
			expect(backfillNotifiedAtMs! - backfillSeenAtMs, 'ms from the back-fill to its notification').toBeLessThan(500);

			// The situation under test: no notification for longer than the one-second update gap.
			await waitFor(() => Date.now() - lastNotifiedAtMs > 1100, {what: 'a quiet spell', intervalMs: 20});
			const before = notifications;
			fs.appendFileSync(err, 'new\n');
			const writtenAtMs = Date.now();
			await waitFor(() => notifications > before && handle.getSnapshot().lines.some(line => line.text === 'new'), {what: 'the new line', intervalMs: 20});
			expect(Date.now() - writtenAtMs, 'ms from the write to its notification').toBeLessThan(900);
		});
	});

	it('says so when logs go to /dev/null, and waits for a missing err file', async () => {
		const out = path.join(dir, 'quiet-out.log');
		fs.writeFileSync(out, 'hello\n');
		const snapshot = makeProcess({outLogPath: '/dev/null', errLogPath: path.join(dir, 'not-yet.log')});
		await withHandle(openProcessLogs(snapshot, {pollIntervalMs: 50}), async handle => {
			await waitFor(() => handle.getSnapshot().statuses.every(s => s.state !== 'starting'));
			const [outStatus, errStatus] = handle.getSnapshot().statuses;
			expect(outStatus!.state).toBe('disabled');
			expect(outStatus!.message).toMatch(/PM2 writes no file \(\/dev\/null\)/);
			expect(errStatus!.state).toBe('waiting');
			fs.writeFileSync(path.join(dir, 'not-yet.log'), 'late\n');
			await waitFor(() => handle.getSnapshot().lines.some(l => l.text === 'late'), {what: 'late file line'});
		});
	});

	it('uses the bus feed, when given, for a process whose logs go to /dev/null', async () => {
		type Chunk = {pmId: number; source: 'out' | 'err'; data: string; atMs: number};
		// Like the real bus: every subscriber receives every chunk.
		const subscribers: Array<(chunk: Chunk) => void> = [];
		const emit = (chunk: Chunk) => subscribers.forEach(subscriber => subscriber(chunk));
		let unsubscribed = 0;
		const snapshot = makeProcess({pmId: 7, outLogPath: '/dev/null', errLogPath: '/dev/null'});
		const handle = openProcessLogs(snapshot, {
			subscribeBusLogs: (pmId, onChunk) => {
				expect(pmId).toBe(7);
				subscribers.push(onChunk);
				return () => {
					unsubscribed++;
				};
			},
		});
		await withHandle(handle, async () => {
			await waitFor(() => subscribers.length === 2);
			emit({pmId: 7, source: 'out', data: 'a\nb', atMs: 1});
			emit({pmId: 7, source: 'err', data: 'oops\n', atMs: 2});
			emit({pmId: 7, source: 'out', data: 'c\n', atMs: 3});
			await waitFor(() => handle.getSnapshot().lines.length === 3);
			expect(handle.getSnapshot().lines.map(l => `${l.source}:${l.text}`)).toEqual(['out:a', 'err:oops', 'out:bc']);
			expect(handle.getSnapshot().statuses[0]!.state).toBe('bus');
		});
		expect(unsubscribed).toBe(2);
	});

	it('notifies at most 10 times a second and keeps memory bounded under a flood', async () => {
		const out = path.join(dir, 'flood-out.log');
		fs.writeFileSync(out, '');
		const snapshot = makeProcess({outLogPath: out, errLogPath: out});
		await withHandle(openProcessLogs(snapshot, {pollIntervalMs: 50, limits: {maxLines: 1000, maxBytes: 200_000}}), async handle => {
			let notifications = 0;
			handle.subscribe(() => notifications++);
			await waitFor(() => handle.getSnapshot().statuses[0]!.state === 'following');
			notifications = 0;
			const startedAt = Date.now();
			let n = 0;
			while (Date.now() - startedAt < 1000) {
				fs.appendFileSync(out, Array.from({length: 200}, () => `line ${n++} ${'x'.repeat(80)}`).join('\n') + '\n');
				await new Promise(resolve => setTimeout(resolve, 5));
			}
			const elapsedMs = Date.now() - startedAt;
			await waitFor(
				() =>
					handle
						.getSnapshot()
						.lines.at(-1)
						?.text.startsWith(`line ${n - 1} `),
				{what: 'last line'},
			);
			expect(notifications).toBeLessThanOrEqual(Math.ceil(elapsedMs / 100) + 2);
			expect(n).toBeGreaterThan(5000);
			const {lines, evictedCount} = handle.getSnapshot();
			expect(lines.length).toBeLessThanOrEqual(1000);
			expect(evictedCount).toBeGreaterThan(0);
		});
	});

	it('follows pm2.log and merges all processes with their names', async () => {
		const home = path.join(dir, 'home');
		fs.mkdirSync(home);
		fs.writeFileSync(path.join(home, 'pm2.log'), '2026-11-25T12:25:41: PM2 log: App [api:1] online\n');
		await withHandle(openDaemonLog(home), async handle => {
			await waitFor(() => handle.getSnapshot().lines.length === 1);
			expect(handle.getSnapshot().lines[0]).toMatchObject({source: 'pm2', processName: 'PM2'});
		});
		const a = path.join(dir, 'a-out.log');
		const b = path.join(dir, 'b-out.log');
		fs.writeFileSync(a, 'from a\n');
		fs.writeFileSync(b, 'from b\n');
		const snapshots = [
			makeProcess({pmId: 1, name: 'a', outLogPath: a, errLogPath: '/dev/null'}),
			makeProcess({pmId: 2, name: 'b', outLogPath: b, errLogPath: '/dev/null'}),
		];
		await withHandle(openAllProcessesLogs(snapshots), async handle => {
			await waitFor(() => handle.getSnapshot().lines.length === 2);
			expect(
				handle
					.getSnapshot()
					.lines.map(l => `${l.processName}|${l.text}`)
					.sort(),
			).toEqual(['a|from a', 'b|from b']);
		});
	});
});

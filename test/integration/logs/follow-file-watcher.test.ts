// The follower's wake-up watcher (fs.watch / fs.watchFile, source/logs/watch-for-changes.ts) with real files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {followFile, type FileFollower} from '../../../source/logs/follow-file.js';
import type {RawLine} from '../../../source/logs/line-framer.js';
import {waitFor} from '../../helpers/pm2-sandbox.js';

let dir: string;
const followers: FileFollower[] = [];

beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-watcher-'));
});
afterEach(async () => {
	await Promise.all(followers.splice(0).map(follower => follower.close()));
	vi.restoreAllMocks();
});
afterAll(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

function follow(file: string, extra: Partial<Parameters<typeof followFile>[0]> = {}) {
	const lines: RawLine[] = [];
	const follower = followFile({path: file, onLines: batch => lines.push(...batch), ...extra});
	followers.push(follower);
	return {follower, texts: () => lines.map(line => line.text)};
}

describe('the follower wake-up watcher', () => {
	it('in watch-file mode, closing one follower leaves other watchers of the same file running', async () => {
		const file = path.join(dir, 'shared.log');
		fs.writeFileSync(file, '');
		// Another part of the process watching the same path (a second log view, say).
		let otherChanges = 0;
		const other = () => otherChanges++;
		fs.watchFile(file, {interval: 20}, other);
		try {
			const first = follow(file, {wake: 'watch-file', pollIntervalMs: 20});
			await waitFor(() => first.follower.status.kind === 'following', {what: 'the first follower'});
			await first.follower.close();
			fs.appendFileSync(file, 'after close\n');
			await waitFor(() => otherChanges > 0, {what: 'the other watcher still called', timeoutMs: 3000, intervalMs: 10});
			expect(otherChanges).toBeGreaterThan(0);
		} finally {
			fs.unwatchFile(file, other);
		}
	});

	it('keeps following after its fs.watch handle reports an error, without an uncaught exception', async () => {
		const file = path.join(dir, 'watch-error.log');
		fs.writeFileSync(file, '');
		const watchSpy = vi.spyOn(fs, 'watch');
		// A poll far slower than the test: the line must come from a wake-up.
		const {follower, texts} = follow(file, {pollIntervalMs: 60_000});
		await waitFor(() => watchSpy.mock.results.length === 1, {what: 'the watcher', timeoutMs: 2000, intervalMs: 10});
		const watcher = watchSpy.mock.results[0]!.value as fs.FSWatcher;
		expect(watcher.listenerCount('error')).toBeGreaterThan(0);
		expect(() => watcher.emit('error', Object.assign(new Error('inotify watch failed'), {code: 'ENOSPC'}))).not.toThrow();
		fs.appendFileSync(file, 'still here\n');
		await waitFor(() => texts().includes('still here'), {what: 'the line after the error', timeoutMs: 3000, intervalMs: 10});
		expect(follower.status.kind).toBe('following');
	});
});

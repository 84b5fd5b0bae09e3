// Follows $PM2_HOME/pm2.log for the store: the daemon's own record of exits, memory-limit
// restarts, SIGKILL escalations and "too many unstable restarts" (pm2-api-facts §4).
// Back-filled first so restarts from before pm2-doctor started are visible.
import path from 'node:path';
import {followFile, type FileFollower} from '../../logs/follow-file.js';
import type {RawLine} from '../../logs/line-framer.js';
import {readFileTail} from '../../logs/read-file-tail.js';
import {sanitizeLine} from '../../logs/sanitize-line.js';
import type {DaemonLogLine} from '../../model/types.js';

/** Lines back-filled on attach (bounded read; a few MB at most). */
export const daemonLogBackfillLines = 2000;
/**
 * pm2.log grows slowly (a few lines per restart) and fs.watch wakes the follower when it does, so the safety
 * poll (a replaced file: the watch follows the old inode) can be slow. Polled every second it was the idle
 * screen's most frequent wake-up after the poll itself, each costing about 1 ms of a core.
 */
const daemonLogPollIntervalMs = 5000;

/** `backfill` marks the lines read from the file's end on attach: history, not news. */
export function followDaemonLog(home: string, onLines: (lines: DaemonLogLine[], delivery: {backfill: boolean}) => void): {close(): void} {
	const logPath = path.join(home, 'pm2.log');
	let follower: FileFollower | null = null;
	let closed = false;
	const deliver = (raw: RawLine[], backfill = false) => {
		if (closed || raw.length === 0) return;
		const receivedAtMs = Date.now();
		onLines(
			raw.map(line => ({receivedAtMs, text: sanitizeLine(line.text, {sgr: 'strip'}).text})),
			{backfill},
		);
	};

	void (async () => {
		const tail = await readFileTail(logPath, {lines: daemonLogBackfillLines});
		if (closed) return;
		if (tail.kind === 'ok') deliver(tail.lines, true);
		follower = followFile({
			path: logPath,
			startAt: tail.kind === 'ok' ? {offset: tail.endOffset, identity: tail.identity} : 'beginning',
			pollIntervalMs: daemonLogPollIntervalMs,
			wake: 'watch',
			onLines: lines => deliver(lines),
		});
	})();

	return {
		close() {
			closed = true;
			void follower?.close();
		},
	};
}

// Follows $PM2_HOME/pm2.log for the store: the daemon's own record of exits, memory-limit
// restarts, SIGKILL escalations and "too many unstable restarts" (pm2-api-facts §4).
import path from 'node:path';
import type {DaemonLogLine} from '../model/types.js';
import {followFile} from '../logs/follow-file.js';

/** Back-filled on attach so restarts from before pm2-doctor started are visible. */
const backfillLineCount = 2000;

export function followDaemonLog(home: string, onLines: (lines: DaemonLogLine[]) => void): {close(): void} {
	const follower = followFile(path.join(home, 'pm2.log'), {
		backfillLines: backfillLineCount,
		onLines(lines) {
			const receivedAtMs = Date.now();
			onLines(lines.map(text => ({receivedAtMs, text})));
		},
	});
	return {close: () => follower.close()};
}

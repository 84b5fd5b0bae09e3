// The follower's wake-up signal: "this file changed, look now". Only a signal; every read, rotation and
// truncation check is the follower's own (follow-file.ts), and its poll timer runs regardless (an fs.watch on
// a path follows the old inode after a rename and misses the new file).
import fs from 'node:fs';

/** 'watch': inotify and the like (fs.watch), low latency. 'watch-file': stat polling (fs.watchFile). */
export type WatchMode = 'watch' | 'watch-file';

export type ChangeWatcher = {close(): void};

/**
 * Calls `onChange` whenever `file` changes, is renamed or the watcher fails (the follower's next look sorts
 * out which); null when the file cannot be watched now (gone again: the poll covers it).
 */
export function watchForChanges(file: string, mode: WatchMode, intervalMs: number, onChange: () => void): ChangeWatcher | null {
	if (mode === 'watch-file') {
		// Unwatched by listener, not by path: fs.unwatchFile(file) alone would also stop every other
		// follower of the same path in this process.
		const listener = () => onChange();
		fs.watchFile(file, {interval: intervalMs}, listener);
		return {close: () => fs.unwatchFile(file, listener)};
	}
	let watcher: fs.FSWatcher;
	try {
		// Called through the module object (not a named import) so tests can observe it.
		watcher = fs.watch(file, () => onChange());
	} catch {
		return null;
	}
	// An FSWatcher without an 'error' listener would throw the error into the app and end it.
	watcher.on('error', () => onChange());
	return {
		close() {
			try {
				watcher.close();
			} catch {
				// Closing a watcher whose file is gone can throw on some platforms; nothing is left to release.
			}
		},
	};
}

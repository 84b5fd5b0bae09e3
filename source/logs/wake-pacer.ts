// When the follower looks at its file between polls: at once after a quiet period, at most every
// minReadGapMs under a flood, and with the watcher closed while a flood lasts.
import {watchForChanges, type ChangeWatcher, type WatchMode} from './watch-for-changes.js';

/**
 * fs.watch fires once per write(): at thousands of lines/s that is hundreds of wake-ups a second. The first
 * wake after a quiet period reads at once (low latency for sparse logs); later ones are coalesced so reads
 * happen at most every minReadGapMs (20/s: the UI renders at most 10/s anyway). Measured in
 * docs/architecture.md "Logs": 3.6 % of a core at 5,000 lines/s with a 10 ms gap.
 */
export const defaultMinReadGapMs = 50;
/**
 * Under a flood fs.watch still calls into JS once per write (~220 times a second for PM2 writing 5,000 lines/s),
 * for nothing: a read is already due every minReadGapMs. So when more wake-ups than this arrive for one read,
 * the watcher is closed and reads follow one another at minReadGapMs until one finds no new bytes, which
 * reopens the watcher. Every read still checks the path's identity and size, so rotations are seen as before.
 */
const floodWakesPerRead = 3;

export type WakePacerOptions = {
	path: string;
	mode: WatchMode | 'poll';
	pollIntervalMs: number;
	minReadGapMs: number;
	/** Starts a look at the file (it calls noteRead when it begins). */
	look(): void;
};

export type WakePacer = {
	/** A look at the file begins now. */
	noteRead(): void;
	/** A look read `bytesRead` new bytes: pauses the watcher in a flood, resumes it after. */
	afterRead(bytesRead: number): void;
	/** Watches the file now at the path (after it was opened). */
	startWatching(): void;
	stopWatching(): void;
	close(): void;
};

export function createWakePacer(options: WakePacerOptions): WakePacer {
	let watcher: ChangeWatcher | null = null;
	let wakeTimer: NodeJS.Timeout | null = null;
	let lastReadAtMs = 0;
	let wakesSinceRead = 0;
	let pausedByFlood = false;
	let closed = false;

	function wake() {
		if (closed || wakeTimer) return;
		const waitMs = Math.max(0, lastReadAtMs + options.minReadGapMs - Date.now());
		wakeTimer = setTimeout(() => {
			wakeTimer = null;
			options.look();
		}, waitMs);
	}

	function onChange() {
		wakesSinceRead++;
		wake();
	}

	function stopWatching() {
		watcher?.close();
		watcher = null;
	}

	function startWatching() {
		stopWatching();
		pausedByFlood = false;
		if (options.mode !== 'poll' && !closed) watcher = watchForChanges(options.path, options.mode, options.pollIntervalMs, onChange);
	}

	return {
		noteRead: () => (lastReadAtMs = Date.now()),
		afterRead(bytesRead) {
			const wakes = wakesSinceRead;
			wakesSinceRead = 0;
			if (closed) return;
			if (pausedByFlood) {
				if (bytesRead > 0) wake();
				else startWatching();
			} else if (watcher && options.mode === 'watch' && bytesRead > 0 && wakes > floodWakesPerRead) {
				stopWatching();
				pausedByFlood = true;
				wake();
			}
		},
		startWatching,
		stopWatching,
		close() {
			closed = true;
			if (wakeTimer) clearTimeout(wakeTimer);
			wakeTimer = null;
			stopWatching();
		},
	};
}

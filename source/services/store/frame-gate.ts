// What the interactive screen subscribes to instead of the live store itself. On a quiet box every poll
// (1 Hz) brings new figures (CPU, memory, heap) and nothing else, and each one cost a whole Ink frame: a
// React pass over the screen and Ink's output stage over every cell, most of an idle session's CPU. Like
// top (every 3 s), such changes are drawn at most once per `quietFrameIntervalMs`; anything else (a status, a
// restart, a process come or gone, the connection, a pm2.log event, a key) is drawn at once. Three quiet apps,
// three builds at once, 120 s after the first minute, the log panel's safety poll at 5 s in the last two: every
// 2.5 s (a frame every third poll) 1.24 % of a core, every 4 s 1.00 %, every 5 s 0.95 %. The idle budget is
// half of what `pm2 monit` costs (1.9-2.1 %).
// No timer of its own: a held change is drawn on a later store tick (the next poll), or with the next
// frame drawn for any other reason (a key, a log line), since every render reads the latest state.
import {onlyFiguresChanged} from '../../model/snapshot-change.js';
import type {LiveStore, StoreState} from './store-types.js';

/** Figures on a quiet screen are redrawn this often (every fifth poll at the 1 s interval). */
export const defaultQuietFrameIntervalMs = 5000;

export type FrameGate = {
	/** Like the store's subscribe, without the notifications of figure-only changes held back. */
	subscribe(listener: () => void): () => void;
	/** The store's state; what it returns is taken as drawn (call it from render). */
	getState(): StoreState;
};

/** True when going from `shown` to `next` changes only live figures of the same processes. */
export function isFiguresOnlyChange(shown: StoreState, next: StoreState): boolean {
	if (shown.connection !== next.connection) return false;
	// The same snapshot with a new revision: a background change (pm2.log lines, timeline back-fill).
	if (!shown.snapshot || !next.snapshot || shown.snapshot === next.snapshot) return false;
	return onlyFiguresChanged(shown.snapshot.processes, next.snapshot.processes);
}

export function createFrameGate(store: LiveStore, {quietFrameIntervalMs = defaultQuietFrameIntervalMs, now = Date.now} = {}): FrameGate {
	let shown: StoreState | null = null;
	let shownAtMs = -Infinity;
	return {
		getState() {
			const state = store.getState();
			if (state !== shown) {
				shown = state;
				shownAtMs = now();
			}
			return state;
		},
		subscribe(listener) {
			return store.subscribe(() => {
				const next = store.getState();
				if (next === shown) return;
				if (shown && quietFrameIntervalMs > 0 && now() - shownAtMs < quietFrameIntervalMs && isFiguresOnlyChange(shown, next)) return;
				listener();
			});
		},
	};
}

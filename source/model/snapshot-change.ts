// Whether two polls of the same processes differ only in their live figures (CPU, memory, heap, event loop).
// Such a change is what an idle screen shows every second and nothing more; a change of anything else (a
// status, a pid, a restart, a process come or gone, a setting) is news the screen shows at once.
import type {ProcessSnapshot} from './types.js';

/** The fields that move on every poll of a healthy, quiet process. */
const figureFields = new Set<keyof ProcessSnapshot>(['cpuPercent', 'rssBytes', 'heapUsedBytes', 'heapTotalBytes', 'eventLoopP95Ms']);

// Runs on every poll (the frame gate) and every render of the detail pane: it walks the objects with for-in
// and counts keys instead of building key lists, which for a process's ~45 fields and its environment was
// most of the garbage of a quiet poll.
function countKeys(record: object): number {
	let count = 0;
	for (const _key in record) count++;
	return count;
}

function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (Array.isArray(a) && Array.isArray(b)) {
		if (a.length !== b.length) return false;
		for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
		return true;
	}
	if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
		let aKeyCount = 0;
		for (const key in a) {
			if ((a as Record<string, unknown>)[key] !== (b as Record<string, unknown>)[key]) return false;
			aKeyCount++;
		}
		return aKeyCount === countKeys(b);
	}
	return false;
}

/** True when `next` lists the same processes as `previous`, in the same order, with only their figures changed. */
export function onlyFiguresChanged(previous: readonly ProcessSnapshot[], next: readonly ProcessSnapshot[]): boolean {
	if (previous.length !== next.length) return false;
	for (let index = 0; index < next.length; index++) {
		const before = previous[index]!;
		const after = next[index]!;
		if (before === after) continue;
		let afterKeyCount = 0;
		for (const key in after) {
			afterKeyCount++;
			const field = key as keyof ProcessSnapshot;
			if (!figureFields.has(field) && !sameValue(before[field], after[field])) return false;
		}
		if (countKeys(before) !== afterKeyCount) return false;
	}
	return true;
}

// Whether two polls of the same processes differ only in their live figures (CPU, memory, heap, event loop).
// Such a change is what an idle screen shows every second and nothing more; a change of anything else (a
// status, a pid, a restart, a process come or gone, a setting) is news the screen shows at once.
import type {ProcessSnapshot} from './types.js';

/** The fields that move on every poll of a healthy, quiet process. */
const figureFields = new Set<keyof ProcessSnapshot>(['cpuPercent', 'rssBytes', 'heapUsedBytes', 'heapTotalBytes', 'eventLoopP95Ms']);

function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => item === b[index]);
	if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
		const aKeys = Object.keys(a);
		if (aKeys.length !== Object.keys(b).length) return false;
		return aKeys.every(key => (a as Record<string, unknown>)[key] === (b as Record<string, unknown>)[key]);
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
		for (const key of Object.keys(after) as Array<keyof ProcessSnapshot>) {
			if (!figureFields.has(key) && !sameValue(before[key], after[key])) return false;
		}
		if (Object.keys(before).length !== Object.keys(after).length) return false;
	}
	return true;
}

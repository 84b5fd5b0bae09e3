// Selection and scrolling for lists (the process table, the help overlay). The selection is keyed by
// pm_id rather than by row index so it survives PM2 reordering, adding or deleting processes.

export type SelectionMove = 'up' | 'down' | 'top' | 'bottom' | 'page-up' | 'page-down';

/**
 * Returns the pm_id to select after the list changed: the same one if it still exists, otherwise the
 * process now at the previous row (clamped), or null for an empty list.
 */
export function reconcileSelection(ids: readonly number[], selectedId: number | null, previousIndex: number): number | null {
	if (ids.length === 0) return null;
	if (selectedId !== null && ids.includes(selectedId)) return selectedId;
	const index = Math.min(Math.max(0, previousIndex), ids.length - 1);
	return ids[index]!;
}

/** Returns the pm_id selected after a move; `pageSize` is the number of visible rows. */
export function moveSelection(ids: readonly number[], selectedId: number | null, move: SelectionMove, pageSize: number): number | null {
	if (ids.length === 0) return null;
	const current = selectedId === null ? -1 : ids.indexOf(selectedId);
	const page = Math.max(1, pageSize);
	let next: number;
	switch (move) {
		case 'up':
			next = current <= 0 ? 0 : current - 1;
			break;
		case 'down':
			next = current + 1;
			break;
		case 'top':
			next = 0;
			break;
		case 'bottom':
			next = ids.length - 1;
			break;
		case 'page-up':
			next = current - page;
			break;
		case 'page-down':
			next = current + page;
			break;
	}
	next = Math.min(Math.max(0, next), ids.length - 1);
	return ids[next]!;
}

/**
 * Returns the first visible row of a scrolling window: unchanged while the selected row is visible,
 * otherwise the minimal scroll that brings it into view. Never scrolls past the end of the list.
 */
export function scrollOffset(selectedIndex: number, previousOffset: number, visibleRows: number, total: number): number {
	const rows = Math.max(1, visibleRows);
	const maxOffset = Math.max(0, total - rows);
	let offset = Math.min(Math.max(0, previousOffset), maxOffset);
	if (selectedIndex < 0) return offset;
	if (selectedIndex < offset) offset = selectedIndex;
	else if (selectedIndex >= offset + rows) offset = selectedIndex - rows + 1;
	return Math.min(offset, maxOffset);
}

// The heap-diff service (source/services/heap-forensics.ts) as the UI reaches it: from the context the App
// provides, its state followed by subscription, and the one way to ask for a diff (a y/n question first).
import {createContext, useContext, useSyncExternalStore} from 'react';
import type {ProcessSnapshot} from '../../model/types.js';
import type {HeapForensics, HeapForensicsState} from '../../services/heap-forensics.js';
import type {ConfirmRequest, FlashKind} from '../view-props.js';

export const HeapForensicsContext = createContext<HeapForensics | null>(null);

/** The service from the context; null where none is provided (a view mounted on its own). */
export function useHeapForensics(): HeapForensics | null {
	return useContext(HeapForensicsContext);
}

const idle: HeapForensicsState = {kind: 'idle'};
const noSubscription = () => () => {};

export function useHeapForensicsState(forensics: HeapForensics | null): HeapForensicsState {
	return useSyncExternalStore(forensics?.subscribe ?? noSubscription, () => forensics?.getState() ?? idle);
}

/**
 * Proposes a diff of `process` and asks; the notice of what happens is the panel's (the question line is short).
 * True when the question was asked.
 */
export function requestHeapDiff(
	forensics: HeapForensics | null,
	process: ProcessSnapshot | null,
	compareSeconds: number | undefined,
	ui: {confirm(request: ConfirmRequest): void; flash(message: string, kind?: FlashKind): void},
): boolean {
	if (!forensics) {
		ui.flash('Heap diff: not available here.', 'error');
		return false;
	}
	const proposal = forensics.propose(process, compareSeconds);
	if (proposal.kind === 'refused') {
		ui.flash(proposal.message, 'error');
		return false;
	}
	ui.confirm({
		title: proposal.title,
		message: `${proposal.question} (the app pauses; see the notice)`,
		onConfirm: () => forensics.start(),
		onCancel: () => forensics.dismiss(),
	});
	return true;
}

// The log panel on the main screen (docs/ui-contract.md §4): logs of the selected process, `l` focuses it,
// `L` opens the full-screen view. The view itself is shared with the full screen (log-view.tsx).
import React from 'react';
import type {ProcessSnapshot} from '../../model/types.js';
import {sameProps} from '../same-props.js';
import type {ViewProps} from '../view-props.js';
import {allProcessesLogKey, LogView} from './log-view.js';

/** Logs for the selected process in the main screen's log slot. */
export const LogPanel = React.memo(function LogPanel(props: ViewProps) {
	return <LogView {...props} scope="logs" />;
}, sameLogPanel);

const noProcesses: readonly ProcessSnapshot[] = [];

/**
 * The panel draws its own updates (it subscribes to its log session): a poll is news to it only when the
 * selected process's name or log files change, or, for the merged view, which processes and files there are.
 * Its figures, and the rest of the store's state, it does not show.
 */
function sameLogPanel(before: ViewProps, after: ViewProps): boolean {
	if (!sameProps({...before, state: null, selected: null}, {...after, state: null, selected: null})) return false;
	if (!sameLogSource(before.selected, after.selected)) return false;
	if (before.state.snapshot === after.state.snapshot) return true;
	return allProcessesLogKey(before.state.snapshot?.processes ?? noProcesses) === allProcessesLogKey(after.state.snapshot?.processes ?? noProcesses);
}

function sameLogSource(before: ProcessSnapshot | null, after: ProcessSnapshot | null): boolean {
	if (before === after) return true;
	if (!before || !after) return false;
	return before.pmId === after.pmId && before.name === after.name && before.outLogPath === after.outLogPath && before.errLogPath === after.errLogPath;
}

// The log panel on the main screen (docs/ui-contract.md §4): logs of the selected process, `l` focuses it,
// `L` opens the full-screen view. The view itself is shared with the full screen (log-view.tsx).
import React from 'react';
import type {ViewProps} from '../view-props.js';
import {LogView} from './log-view.js';

/** Logs for the selected process in the main screen's log slot. */
export function LogPanel(props: ViewProps) {
	return <LogView {...props} scope="logs" />;
}

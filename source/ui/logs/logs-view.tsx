// The full-screen logs (`L`): the same view as the panel with the whole screen height; `L`, `f` or Esc go back.
import React from 'react';
import type {ViewProps} from '../view-props.js';
import {LogView} from './log-view.js';

/** Logs for the selected process, full screen. */
export function LogsView(props: ViewProps) {
	return <LogView {...props} scope="logs-full" />;
}

// PLACEHOLDER owned by the logs helper: replace this file, keeping the export name and ViewProps
// (docs/ui-contract.md §4). Render at most props.height lines and props.width columns.
import React from 'react';
import {Placeholder} from '../components/placeholder.js';
import type {ViewProps} from '../view-props.js';

/** Logs (full screen) for the selected process (placeholder until the logs helper replaces it). */
export function LogsView(props: ViewProps) {
	const subject = props.selected ? `${props.selected.name} (id ${props.selected.pmId})` : 'no process selected';
	return <Placeholder title={`Logs (full screen) · ${subject}`} note="Not built yet." width={props.width} height={props.height} />;
}

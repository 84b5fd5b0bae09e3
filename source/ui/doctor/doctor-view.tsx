// PLACEHOLDER owned by the doctor helper: replace this file, keeping the export name and ViewProps
// (docs/ui-contract.md §4). Render at most props.height lines and props.width columns.
import React from 'react';
import {Placeholder} from '../components/placeholder.js';
import type {ViewProps} from '../view-props.js';

/** Doctor for the selected process (placeholder until the doctor helper replaces it). */
export function DoctorView(props: ViewProps) {
	const subject = props.selected ? `${props.selected.name} (id ${props.selected.pmId})` : 'no process selected';
	return <Placeholder title={`Doctor · ${subject}`} note="Not built yet." width={props.width} height={props.height} />;
}

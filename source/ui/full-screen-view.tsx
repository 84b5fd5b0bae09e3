// The view that takes the whole middle of the screen in place of the panels: the doctor, the ecosystem
// editor, the restart and memory timeline, the logs, or the environment.
import {Text} from 'ink';
import React from 'react';
import type {ConfigEdit} from '../ecosystem/edit-config.js';
import type {TerminalHandoff} from '../ecosystem/external-editor.js';
import type {FullView} from './app-state.js';
import {EnvView} from './env-view.js';
import {DoctorView} from './doctor/doctor-view.js';
import {LogsView} from './logs/logs-view.js';
import {glyphs} from './theme.js';
import {TimelineView} from './trends/timeline-view.js';
import type {ViewProps} from './view-props.js';

// The editor brings acorn, yaml and diff: 0.3 M characters of source that Node keeps in memory for the
// whole run once loaded (as a two-byte string, plus compiled code). Most sessions never open it.
const EditorView = React.lazy(async () => ({default: (await import('./ecosystem/editor-view.js')).EditorView}));

export type FullScreenViewProps = ViewProps & {
	view: Exclude<FullView, 'main'>;
	handoff?: TerminalHandoff;
	/** The editor opens straight into $VISUAL/$EDITOR. */
	editorStartsExternal: boolean;
	/** A doctor fix that is an ecosystem change, put into the editor's buffer. */
	suggestedEdit: ConfigEdit | null;
};

export function FullScreenView({view, handoff, editorStartsExternal, suggestedEdit, ...props}: FullScreenViewProps) {
	if (view === 'doctor') return <DoctorView {...props} />;
	if (view === 'timeline') return <TimelineView {...props} />;
	if (view === 'logs-full') return <LogsView {...props} />;
	if (view === 'env') return <EnvView {...props} />;
	return (
		<React.Suspense fallback={<Text dimColor>{`Loading the editor${glyphs.ellipsis}`}</Text>}>
			<EditorView
				{...props}
				ecosystemFile={props.ecosystemFile ?? undefined}
				handoff={handoff}
				startInExternalEditor={editorStartsExternal}
				initialEdit={suggestedEdit ?? undefined}
			/>
		</React.Suspense>
	);
}

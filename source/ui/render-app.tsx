// Mounts the App under the root error boundary with the render options the terminal session needs.
import {render, type Instance} from 'ink';
import React from 'react';
import type {LiveStore} from '../store/store-types.js';
import {App} from './app.js';
import {RootErrorBoundary} from './error-boundary.js';

export type RenderAppOptions = {
	readOnly: boolean;
	noColor: boolean;
	ecosystemFile?: string;
	maxFps: number;
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WriteStream;
	stderr: NodeJS.WriteStream;
	onRenderError(error: Error): void;
};

/** Renders the interactive UI; Ctrl-C and console patching are ours to handle, not Ink's. */
export function renderApp(store: LiveStore, options: RenderAppOptions): Instance {
	return render(
		<RootErrorBoundary onError={options.onRenderError}>
			<App store={store} readOnly={options.readOnly} noColor={options.noColor} ecosystemFile={options.ecosystemFile} />
		</RootErrorBoundary>,
		{
			stdin: options.stdin,
			stdout: options.stdout,
			stderr: options.stderr,
			exitOnCtrlC: false,
			patchConsole: false,
			maxFps: options.maxFps,
		},
	);
}

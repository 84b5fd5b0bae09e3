// Mounts the App under the root error boundary with the render options the terminal session needs.
import fs from 'node:fs';
import v8 from 'node:v8';
import {render, type Instance} from 'ink';
import React from 'react';
import type {TerminalHandoff} from '../ecosystem/external-editor.js';
import type {LiveStore} from '../services/store/store-types.js';
import type {SuspendSwitch} from './terminal-handoff.js';
import {App} from '../ui/app.js';
import type {UiServices} from '../services/ui-services.js';
import {RootErrorBoundary} from '../ui/error-boundary.js';

// The terminal session loads this module (Ink, React, every view) only after the plain first paint.

export type RenderAppOptions = {
	readOnly: boolean;
	noColor: boolean;
	ecosystemFile?: string;
	services: UiServices;
	maxFps: number;
	handoff?: TerminalHandoff;
	suspension?: SuspendSwitch;
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WriteStream;
	stderr: NodeJS.WriteStream;
	onRenderError(error: Error): void;
};

/** Renders the interactive UI; Ctrl-C and console patching are ours to handle, not Ink's. */
export function renderApp(store: LiveStore, options: RenderAppOptions): Instance {
	const onRender = renderStatsHook();
	return render(
		<RootErrorBoundary onError={options.onRenderError}>
			<App
				store={store}
				services={options.services}
				readOnly={options.readOnly}
				noColor={options.noColor}
				ecosystemFile={options.ecosystemFile}
				handoff={options.handoff}
				suspension={options.suspension}
			/>
		</RootErrorBoundary>,
		{
			stdin: options.stdin,
			stdout: options.stdout,
			stderr: options.stderr,
			exitOnCtrlC: false,
			patchConsole: false,
			maxFps: options.maxFps,
			...(onRender ? {onRender} : {}),
			// incrementalRendering stays off: measured at 120x40 with a noisy log panel it cut output from
			// ~15 to ~5 KB/s at equal CPU, but after a resize the frame came back without its header (the
			// line diff no longer matched the screen). 15 KB/s is within the 25 KB/s budget.
		},
	);
}

// --- benchmark hook (bench/run-bench.ts) ---
// With PM2_DOCTOR_RENDER_STATS=/path/file.json, Ink's renderTime of every frame (and when it happened, epoch ms)
// is collected and written as {"renderTimesMs": [...], "atEpochMs": [...], "memory": {...}} when the process exits;
// memory is process.memoryUsage() and V8's heap spaces at that moment (what the RSS is made of).
// Unset (always, outside the benchmark): no hook at all.
function renderStatsHook(): ((metrics: {renderTime: number}) => void) | undefined {
	const file = process.env.PM2_DOCTOR_RENDER_STATS;
	if (!file) return undefined;
	const renderTimesMs: number[] = [];
	const atEpochMs: number[] = [];
	process.once('exit', () => {
		try {
			const heapSpaces = Object.fromEntries(v8.getHeapSpaceStatistics().map(space => [space.space_name, space.space_size]));
			fs.writeFileSync(file, JSON.stringify({renderTimesMs, atEpochMs, memory: {...process.memoryUsage(), heapSpaces}}));
		} catch {
			// The benchmark reports missing stats; nothing to do here.
		}
	});
	return ({renderTime}) => {
		renderTimesMs.push(renderTime);
		atEpochMs.push(Date.now());
	};
}
// --- end benchmark hook ---

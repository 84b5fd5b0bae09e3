// Renders the real LogPanel with Ink into a fake 120×40 TTY for bench/logs/follow-cpu.ts (mode render).
import {EventEmitter} from 'node:events';
import {render} from 'ink';
import React from 'react';
import type {ProcessSnapshot} from '../../source/model/types.js';
import type {LiveStore, StoreState} from '../../source/services/store/store-types.js';
import {InputRouter} from '../../source/ui/input-router.js';
import {LogPanel} from '../../source/ui/logs/log-panel.js';
import {createLogSessions} from '../../source/services/log-sessions.js';
import {LogSessionsContext} from '../../source/ui/logs/use-log-session.js';
import {InertStdin} from '../../test/helpers/inert-stdin.js';

class FakeTty extends EventEmitter {
	readonly isTTY = true;
	columns = 120;
	rows = 40;
	constructor(private readonly onWrite: (text: string) => void) {
		super();
	}
	write = (chunk: string) => {
		this.onWrite(chunk);
		return true;
	};
}

/** Mounts the panel for `snapshot`; calls onFrame with every chunk Ink writes. Returns a stop function. */
export function renderLogPanelForBench(snapshot: ProcessSnapshot, onFrame: (text: string) => void, onBytes: (bytes: number) => void): () => Promise<void> {
	const state = {snapshot: {takenAtMs: Date.now(), processes: [snapshot]}} as unknown as StoreState;
	const store = {home: '/tmp', readOnly: true, getState: () => state, subscribe: () => () => {}} as unknown as LiveStore;
	const stdout = new FakeTty(text => {
		onBytes(Buffer.byteLength(text));
		onFrame(text);
	});
	const logSessions = createLogSessions();
	const instance = render(
		<LogSessionsContext.Provider value={logSessions}>
			<InputRouter activeScopes={['logs', 'global']} readOnly>
				<LogPanel
					store={store}
					state={state}
					selected={snapshot}
					width={120}
					height={38}
					focused
					noColor={false}
					readOnly
					flash={() => {}}
					confirm={() => {}}
					close={() => {}}
				/>
			</InputRouter>
		</LogSessionsContext.Provider>,
		{stdout: stdout as any, stdin: new InertStdin() as any, patchConsole: false, exitOnCtrlC: false, maxFps: 10, incrementalRendering: true} as any,
	);
	return async () => {
		instance.unmount();
		await logSessions.closeAll();
	};
}

// Owns the terminal for the interactive UI: alternate screen, hidden cursor, raw mode, and getting
// all of it back on EVERY way out (quit, Ctrl-C, SIGTERM/SIGHUP/SIGQUIT/SIGINT, uncaught exception,
// unhandled rejection, render error, lost terminal). Ink 6 has no alternate-screen option (it came in
// Ink 7, which needs Node 22), so we do it ourselves. Measured in the shared notes (reliability §4.6):
// process.on('exit') alone misses signal deaths, hence signal-exit v4.
// Start-up order (docs/architecture.md, "Start-up"): raw mode, the plain first paint once the store has
// data (first-paint.ts), then Ink and the views are loaded and mounted over it. This module imports no
// Ink and no React, so the session owns the terminal (and its restore) from before the first paint.
import fs from 'node:fs';
import type {Instance} from 'ink';
import {onExit} from 'signal-exit';
import type {TerminalHandoff} from '../ecosystem/external-editor.js';
import type {LiveStore} from '../services/store/store-types.js';
import type {OpenLogsOptions} from '../logs/process-log-sources.js';
import type {ActionsDaemonClient} from '../services/actions.js';
import {eraseUnderFirstFrame, plainFirstFrame, waitForFirstSnapshot} from '../ui/first-paint.js';
import {createSuspendSwitch, gatedWriteStream} from './terminal-handoff.js';
import {splitTypedAheadKeys} from '../ui/type-ahead.js';
import {withoutGlobalFetch} from '../runtime/without-global-fetch.js';

export type InteractiveOptions = {
	readOnly: boolean;
	noColor: boolean;
	/** --ecosystem FILE, handed to the views (the ecosystem editor) as ViewProps.ecosystemFile. */
	ecosystemFile?: string;
	/** How the log views open their sources (back-fill size, the bus fallback for /dev/null logs). */
	logs?: OpenLogsOptions;
	/** The daemon client the UI's actions are sent through (the one the store polls with). */
	actionsClient?: ActionsDaemonClient;
	/** Upper bound on frames per second (Ink's default of 30 costs CPU and SSH bandwidth for nothing). */
	maxFps?: number;
	stdin?: NodeJS.ReadStream;
	stdout?: NodeJS.WriteStream;
	stderr?: NodeJS.WriteStream;
	/** Test hook: receives the handoff the editor uses to lend the terminal to $VISUAL/$EDITOR. */
	onHandoffReady?(handoff: TerminalHandoff): void;
};

const esc = '\u001B[';
/**
 * Enter the alternate screen, clear it, home the cursor, hide it, and turn on bracketed paste: every chunk
 * of input is then read as keys, except what the terminal marks as pasted (type-ahead.ts).
 */
export const enterSequence = `${esc}?1049h${esc}2J${esc}H${esc}?25l${esc}?2004h`;
/**
 * Turn off bracketed paste and every mouse-reporting mode (in case something enabled them), show the
 * cursor and leave the alternate screen. Harmless when a mode was not on.
 */
export const restoreSequence = `${esc}?2004l${esc}?1000l${esc}?1002l${esc}?1003l${esc}?1006l${esc}0m${esc}?25h${esc}?1049l`;

type TtyHandle = {reading?: boolean; readStart?(): number; readStop?(): number};

/**
 * Stops (or restarts) reading the terminal at the libuv level. Removing Ink's input listener is not
 * enough: the tty stream keeps reading ahead into its buffer, so keys meant for the child editor were
 * swallowed by us (seen in test/e2e/ui/terminal-hygiene.test.ts under load). Uses net.Socket's
 * internal handle; a no-op when it is not there.
 */
function setTerminalReading(stdin: NodeJS.ReadStream, reading: boolean): void {
	const handle = (stdin as unknown as {_handle?: TtyHandle})._handle;
	if (!handle?.readStart || !handle.readStop) return;
	if (reading) {
		handle.reading = true;
		handle.readStart();
	} else {
		handle.reading = false;
		handle.readStop();
	}
}

/**
 * How long the session waits for the store's first poll before drawing the plain first paint; without
 * data by then, Ink is loaded and mounted straight away (it shows "Waiting for the first process list…").
 */
export const firstPaintWaitMs = 300;

/** Exit code when the terminal went away (as after SIGHUP: 128 + 1). */
export const lostTerminalExitCode = 129;

/** Why the interactive UI cannot run on these streams, or null when both are terminals. */
export function interactiveTerminalProblem(stdin: {isTTY?: boolean}, stdout: {isTTY?: boolean}): string | null {
	if (!stdin.isTTY && !stdout.isTTY) return 'stdin and stdout are not terminals';
	if (!stdin.isTTY) return 'stdin is not a terminal';
	if (!stdout.isTTY) return 'stdout is not a terminal';
	return null;
}

/** Errors that mean the terminal is gone (SSH dropped, pty closed): stop instead of spinning. */
export function isLostTerminalError(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return code === 'EIO' || code === 'EPIPE' || code === 'EBADF' || code === 'ENXIO' || code === 'ERR_STREAM_DESTROYED';
}

/**
 * Runs the full-screen UI on `store` until the user quits; resolves with the exit code (0 on quit,
 * 1 after a render error). The caller owns the store: start it before, stop it after.
 * Fatal paths (signals, uncaught errors, lost terminal) restore the terminal and end the process.
 */
export async function runInteractiveApp(store: LiveStore, options: InteractiveOptions): Promise<number> {
	const stdin = options.stdin ?? process.stdin;
	const stdout = options.stdout ?? process.stdout;
	const stderr = options.stderr ?? process.stderr;
	let instance: Instance | undefined;
	let closeLogSessions: (() => Promise<void>) | undefined;
	let restored = false;
	let hasEnteredScreen = false;
	let renderError: Error | null = null;

	const writeNow = (text: string) => {
		// Synchronous on purpose: exit handlers cannot wait for a stream to drain.
		try {
			const fd = (stdout as {fd?: number}).fd;
			if (typeof fd === 'number') fs.writeSync(fd, text);
			else stdout.write(text);
		} catch {
			// The terminal is gone; nothing left to restore.
		}
	};
	const restore = () => {
		if (restored) return;
		restored = true;
		try {
			// Let Ink draw its last frame (and drop its listeners) while we are still on the alternate screen.
			instance?.unmount();
		} catch {
			// A render that already failed may fail again here; the terminal still has to be restored.
		}
		try {
			if (stdin.isTTY) stdin.setRawMode(false);
		} catch {
			// The terminal is gone; there is no mode left to reset.
		}
		// Leaving an alternate screen we never entered would move the cursor on the main screen.
		if (hasEnteredScreen) writeNow(restoreSequence);
	};

	const exitAfterFatal = (code: number, message: string | null) => {
		restore();
		if (message) {
			try {
				const fd = (stderr as {fd?: number}).fd;
				fs.writeSync(typeof fd === 'number' ? fd : 2, `${message}\n`);
			} catch {
				// No terminal to tell; the exit code still says it.
			}
		}
		process.exit(code);
	};

	// Signals (SIGTERM, SIGHUP, SIGQUIT, SIGINT from outside…) and plain process.exit: signal-exit calls
	// us, then re-raises the signal so the exit status still says what killed us.
	const removeExitHook = onExit(() => {
		restore();
	});
	const onUncaught = (error: unknown) => {
		if (isLostTerminalError(error)) exitAfterFatal(lostTerminalExitCode, null);
		else exitAfterFatal(1, `pm2-doctor crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
	};
	const onRejection = (reason: unknown) => {
		exitAfterFatal(1, `pm2-doctor crashed (unhandled rejection): ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
	};
	// A dropped SSH connection shows up as write errors or end-of-input (reliability §4.7).
	const onStreamError = (error: unknown) => {
		if (isLostTerminalError(error)) exitAfterFatal(lostTerminalExitCode, null);
		else onUncaught(error);
	};
	const onInputEnd = () => exitAfterFatal(lostTerminalExitCode, null);

	// Lending the terminal to $VISUAL/$EDITOR (terminal-handoff.ts explains the order of the steps).
	let isOutputOpen = true;
	const gatedStdout = gatedWriteStream(stdout, () => isOutputOpen);
	const suspension = createSuspendSwitch();
	const handoff: TerminalHandoff = {
		async suspend() {
			isOutputOpen = false;
			suspension.set(true);
			// Let React commit and the router's useInput release raw mode and stdin.
			await new Promise(resolve => setTimeout(resolve, 30));
			try {
				if (stdin.isTTY) stdin.setRawMode(false);
			} catch {
				// The terminal is gone; the editor will find that out itself.
			}
			setTerminalReading(stdin, false);
			writeNow(restoreSequence);
		},
		async resume() {
			writeNow(enterSequence);
			setTerminalReading(stdin, true);
			isOutputOpen = true;
			// The UI was drawn as nothing while suspended, so this redraws the whole frame.
			suspension.set(false);
		},
	};
	options.onHandoffReady?.(handoff);

	process.on('uncaughtException', onUncaught);
	process.on('unhandledRejection', onRejection);
	stdout.on('error', onStreamError);
	stdin.on('error', onStreamError);
	stdin.on('end', onInputEnd);

	try {
		// Raw mode from now on: keys typed while the UI loads are not echoed, and wait for Ink (type-ahead.ts).
		if (stdin.isTTY) stdin.setRawMode(true);
		const firstState = await waitForFirstSnapshot(store, firstPaintWaitMs);
		const plainFrame = firstState
			? plainFirstFrame(firstState, {
					home: store.home,
					readOnly: options.readOnly || store.readOnly,
					noColor: options.noColor,
					columns: stdout.columns || 80,
					rows: stdout.rows || 24,
					nowMs: Date.now(),
				})
			: null;
		// One write: the alternate screen and the plain frame arrive together.
		writeNow(enterSequence + (plainFrame ?? ''));
		hasEnteredScreen = true;
		// Without fetch, Ink's layout engine decodes its inline WebAssembly in place instead of loading undici (~4 MB RSS).
		const [{renderApp}, {createUiServices}, {createActionsLog}] = await withoutGlobalFetch(async () =>
			Promise.all([import('./render-app.js'), import('../services/ui-services.js'), import('../logs/actions-log.js')]),
		);
		const actionsLog = createActionsLog(store.home);
		const services = createUiServices(store, {logs: options.logs, readOnly: options.readOnly, actionsClient: options.actionsClient, actionsLog});
		closeLogSessions = services.close;
		instance = renderApp(store, {
			readOnly: options.readOnly,
			noColor: options.noColor,
			ecosystemFile: options.ecosystemFile,
			services,
			maxFps: options.maxFps ?? 10,
			handoff,
			suspension,
			stdin: splitTypedAheadKeys(stdin),
			stdout: eraseUnderFirstFrame(gatedStdout),
			stderr,
			onRenderError(error) {
				renderError = error;
				// Unmount outside React's commit phase.
				setImmediate(() => instance?.unmount());
			},
		});
		await instance.waitUntilExit();
	} catch (error) {
		renderError = renderError ?? (error instanceof Error ? error : new Error(String(error)));
	} finally {
		restore();
		void closeLogSessions?.();
		removeExitHook();
		process.off('uncaughtException', onUncaught);
		process.off('unhandledRejection', onRejection);
		stdout.off('error', onStreamError);
		stdin.off('error', onStreamError);
		stdin.off('end', onInputEnd);
	}
	if (renderError) {
		stderr.write(`pm2-doctor: the display crashed: ${(renderError as Error).stack ?? (renderError as Error).message}\n`);
		return 1;
	}
	return 0;
}

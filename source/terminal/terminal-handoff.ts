// Lends the terminal to a child program (the ecosystem editor's $VISUAL/$EDITOR) and takes it back.
// While lent: Ink's output is dropped (a frame drawn over vi, or an erase landing on the main screen,
// would corrupt both), the UI renders nothing and releases stdin and raw mode (the router's useInput
// goes inactive, so Ink detaches from stdin), and the alternate screen is left. k9s#1314/#1913 show
// the usual failure: input frozen, or a keystroke lost after returning.
import {replaceMethod} from '../ui/replace-method.js';
export type SuspendSwitch = {
	isSuspended(): boolean;
	subscribe(listener: () => void): () => void;
	set(suspended: boolean): void;
};

/** Creates the external flag the App subscribes to (useSyncExternalStore). */
export function createSuspendSwitch(): SuspendSwitch {
	let suspended = false;
	const listeners = new Set<() => void>();
	return {
		isSuspended: () => suspended,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		set(next) {
			if (next === suspended) return;
			suspended = next;
			for (const listener of [...listeners]) listener();
		},
	};
}

/**
 * Wraps a write stream so that write() is dropped while `isOpen()` is false; everything else
 * (columns, rows, isTTY, 'resize' listeners) goes to the real stream.
 */
export function gatedWriteStream(stream: NodeJS.WriteStream, isOpen: () => boolean): NodeJS.WriteStream {
	return replaceMethod(stream, 'write', (chunk: unknown, ...rest: unknown[]) => {
		if (!isOpen()) {
			// Honour a completion callback so writers waiting on it do not hang.
			const callback = rest.find(argument => typeof argument === 'function') as (() => void) | undefined;
			callback?.();
			return true;
		}
		return (stream.write as (...args: unknown[]) => boolean)(chunk, ...rest);
	});
}

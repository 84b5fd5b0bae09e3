// Keys typed while the UI was loading. The terminal is in raw mode from the first paint on, and nothing
// reads stdin until Ink mounts, so those keys wait in the terminal's buffer (not echoed) and reach Ink as
// ONE chunk ("jj", "gl"). Ink passes a chunk of plain characters on as a single input, which the router
// ignores as a paste (key-names.ts): the keys would be lost. So the first burst read after mount is split
// into single keys, escape sequences kept whole; later chunks (real pastes) pass through untouched.
import {replaceMethod} from './replace-method.js';

/** Splits input into keys: CSI and SS3 sequences, Escape with one character (Alt-x), or one character. */
export function splitKeys(text: string): string[] {
	return text.match(/\u001B\[[0-?]*[ -/]*[@-~]|\u001BO[\s\S]|\u001B[\s\S]?|[\s\S]/gu) ?? [];
}

/**
 * Wraps stdin for Ink: the data of the first read burst (the reads until one returns nothing), if it comes
 * within `windowMs` of the wrapping, is handed out one key per read(). Everything else passes through.
 */
export function splitTypedAheadKeys(stdin: NodeJS.ReadStream, windowMs = 1000): NodeJS.ReadStream {
	const wrappedAtMs = Date.now();
	const queue: string[] = [];
	let isSplitting = true;
	let hasBurstStarted = false;
	const read = (...args: unknown[]): unknown => {
		if (queue.length > 0) return queue.shift();
		const chunk = (stdin.read as (...args: unknown[]) => unknown)(...args);
		if (!isSplitting) return chunk;
		if (chunk === null) {
			if (hasBurstStarted) isSplitting = false;
			return chunk;
		}
		hasBurstStarted = true;
		if (typeof chunk !== 'string' || Date.now() - wrappedAtMs > windowMs) {
			isSplitting = false;
			return chunk;
		}
		const [first, ...others] = splitKeys(chunk);
		queue.push(...others);
		return first ?? chunk;
	};
	return replaceMethod(stdin, 'read', read);
}

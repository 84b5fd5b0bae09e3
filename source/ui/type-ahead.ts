// Keys that arrive together. Ink passes a chunk of plain characters on as a single input ("jjj"), which
// the router ignores as a paste (key-names.ts). But several keys share one read far more often than
// people paste: keys typed while the UI loads wait in the terminal's buffer, a laggy SSH link delivers
// keystrokes in bursts, `tmux send-keys jjj` writes them at once. So every chunk is handed to Ink one key
// per read (escape sequences kept whole). Only a bracketed paste (the terminal wraps it in ESC [200~ …
// ESC [201~ while the session has bracketed paste mode on, terminal-session.ts) is handed over as one
// read, without the markers: Ink would pass them on as the text "[200~".
import {replaceMethod} from './replace-method.js';

const pasteStart = '\u001B[200~';
const pasteEnd = '\u001B[201~';

/** Splits input into keys: CSI and SS3 sequences, Escape with one character (Alt-x), or one character. */
export function splitKeys(text: string): string[] {
	return text.match(/\u001B\[[0-?]*[ -/]*[@-~]|\u001BO[\s\S]|\u001B[\s\S]?|[\s\S]/gu) ?? [];
}

/**
 * Cuts a chunk into what Ink should read, one piece per read(): single keys, and the text of a bracketed
 * paste whole (markers dropped). `isInPaste` says whether the chunk continues a paste that an earlier
 * chunk opened; the result says whether this one leaves a paste open.
 */
export function splitChunk(chunk: string, isInPaste: boolean): {reads: string[]; isInPaste: boolean} {
	const reads: string[] = [];
	let rest = chunk;
	let inPaste = isInPaste;
	while (rest !== '') {
		if (inPaste) {
			const end = rest.indexOf(pasteEnd);
			const text = end < 0 ? rest : rest.slice(0, end);
			if (text !== '') reads.push(text);
			if (end < 0) break;
			rest = rest.slice(end + pasteEnd.length);
			inPaste = false;
			continue;
		}
		const start = rest.indexOf(pasteStart);
		if (start < 0) {
			reads.push(...splitKeys(rest));
			break;
		}
		reads.push(...splitKeys(rest.slice(0, start)));
		rest = rest.slice(start + pasteStart.length);
		inPaste = true;
	}
	return {reads, isInPaste: inPaste};
}

/** Wraps stdin for Ink: each chunk read is handed out one key per read(), the text of a bracketed paste whole. */
export function splitTypedAheadKeys(stdin: NodeJS.ReadStream): NodeJS.ReadStream {
	const queue: string[] = [];
	let isInPaste = false;
	const read = (...args: unknown[]): unknown => {
		if (queue.length > 0) return queue.shift();
		const chunk = (stdin.read as (...args: unknown[]) => unknown)(...args);
		if (typeof chunk !== 'string') return chunk;
		const split = splitChunk(chunk, isInPaste);
		isInPaste = split.isInPaste;
		const [first, ...others] = split.reads;
		queue.push(...others);
		return first ?? chunk;
	};
	return replaceMethod(stdin, 'read', read);
}

import {EventEmitter} from 'node:events';
import {describe, expect, it} from 'vitest';
import {splitChunk, splitKeys, splitTypedAheadKeys} from '../../../source/ui/type-ahead.js';

/** A stdin whose read() hands out the given chunks, then null (as a paused tty stream does). */
function fakeStdin(chunks: Array<string | null>) {
	const queue = [...chunks];
	return Object.assign(new EventEmitter(), {
		isTTY: true,
		read: () => (queue.length > 0 ? queue.shift()! : null),
		push: (chunk: string | null) => queue.push(chunk),
	});
}

/** Ink's loop on 'readable': read until null. */
function drain(stdin: NodeJS.ReadStream): string[] {
	const reads: string[] = [];
	for (let chunk = stdin.read(); chunk !== null; chunk = stdin.read()) reads.push(String(chunk));
	return reads;
}

const pasteStart = '\u001B[200~';
const pasteEnd = '\u001B[201~';

describe('keys that arrive in one chunk', () => {
	it('splits input into keys, escape sequences whole', () => {
		expect(splitKeys('gl')).toEqual(['g', 'l']);
		expect(splitKeys('j\u001B[Bk\u0003')).toEqual(['j', '\u001B[B', 'k', '\u0003']);
		expect(splitKeys('\u001B[6~\u001BOP\u001Bx\u001B')).toEqual(['\u001B[6~', '\u001BOP', '\u001Bx', '\u001B']);
		expect(splitKeys('é🙂')).toEqual(['é', '🙂']);
	});

	it('hands out every chunk one key per read, the first burst and later ones alike', () => {
		const raw = fakeStdin(['gl', 'q', null]);
		const stdin = splitTypedAheadKeys(raw as unknown as NodeJS.ReadStream);
		expect(drain(stdin)).toEqual(['g', 'l', 'q']);
		raw.push('jjj');
		raw.push(null);
		expect(drain(stdin)).toEqual(['j', 'j', 'j']);
		expect(stdin.isTTY).toBe(true);
	});

	it('keeps the text of a bracketed paste in one read, without the markers, with the keys around it split', () => {
		expect(splitChunk(`j${pasteStart}pasted text${pasteEnd}kk`, false)).toEqual({reads: ['j', 'pasted text', 'k', 'k'], isInPaste: false});
		expect(splitChunk(`${pasteStart}${pasteEnd}j`, false)).toEqual({reads: ['j'], isInPaste: false});
	});

	it('keeps a bracketed paste that spans chunks together, then splits again', () => {
		const raw = fakeStdin([`${pasteStart}first half `, null]);
		const stdin = splitTypedAheadKeys(raw as unknown as NodeJS.ReadStream);
		expect(drain(stdin)).toEqual(['first half ']);
		raw.push(`and more\r\nlines ${pasteEnd}jk`);
		raw.push(null);
		expect(drain(stdin)).toEqual(['and more\r\nlines ', 'j', 'k']);
	});
});

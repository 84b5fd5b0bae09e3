import {EventEmitter} from 'node:events';
import {describe, expect, it} from 'vitest';
import {splitKeys, splitTypedAheadKeys} from '../../../source/ui/type-ahead.js';

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

describe('keys typed before Ink mounts', () => {
	it('splits input into keys, escape sequences whole', () => {
		expect(splitKeys('gl')).toEqual(['g', 'l']);
		expect(splitKeys('j\u001B[Bk\u0003')).toEqual(['j', '\u001B[B', 'k', '\u0003']);
		expect(splitKeys('\u001B[6~\u001BOP\u001Bx\u001B')).toEqual(['\u001B[6~', '\u001BOP', '\u001Bx', '\u001B']);
		expect(splitKeys('é🙂')).toEqual(['é', '🙂']);
	});

	it('hands out the first burst one key per read, then passes chunks through (a later paste stays one chunk)', () => {
		const raw = fakeStdin(['gl', 'q', null]);
		const stdin = splitTypedAheadKeys(raw as unknown as NodeJS.ReadStream);
		expect(drain(stdin)).toEqual(['g', 'l', 'q']);
		raw.push('pasted text');
		raw.push(null);
		expect(drain(stdin)).toEqual(['pasted text']);
		expect(stdin.isTTY).toBe(true);
	});

	it('passes the first burst through when it comes after the window (nothing was typed ahead)', async () => {
		const raw = fakeStdin([]);
		const stdin = splitTypedAheadKeys(raw as unknown as NodeJS.ReadStream, 10);
		await new Promise(resolve => setTimeout(resolve, 30));
		raw.push('rx');
		raw.push(null);
		expect(drain(stdin)).toEqual(['rx']);
	});
});

import {describe, expect, it} from 'vitest';
import {LineFramer} from '../../../source/logs/line-framer.js';

const texts = (lines: {text: string}[]) => lines.map(l => l.text);

describe('LineFramer', () => {
	it('splits on LF, strips CR of CRLF, keeps the partial line', () => {
		const framer = new LineFramer(100);
		expect(texts(framer.push(Buffer.from('a\r\nb\nc')))).toEqual(['a', 'b']);
		expect(framer.pendingBytes).toBe(1);
		expect(texts(framer.push(Buffer.from('d\n')))).toEqual(['cd']);
		expect(framer.flush()).toBeNull();
	});

	it('decodes a multi-byte character split across pushes', () => {
		const bytes = Buffer.from('héllo→世界\n');
		const framer = new LineFramer(100);
		const split = bytes.indexOf(Buffer.from('世')) + 1; // inside 世
		expect(framer.push(bytes.subarray(0, split))).toEqual([]);
		expect(texts(framer.push(bytes.subarray(split)))).toEqual(['héllo→世界']);
	});

	it('replaces invalid UTF-8 with U+FFFD', () => {
		const framer = new LineFramer(100);
		expect(texts(framer.push(Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a])))).toEqual(['a\ufffd\ufffdb']);
	});

	it('caps a long line, counts the dropped bytes and never ends mid-character', () => {
		const framer = new LineFramer(10);
		const lines = framer.push(Buffer.from('abcdefghi世xyz\nok\n'));
		// 'abcdefghi' (9) + first byte of 世 would be 10: the partial character is dropped too.
		expect(lines[0]).toEqual({text: 'abcdefghi', truncatedBytes: 6});
		expect(lines[1]).toEqual({text: 'ok', truncatedBytes: 0});
	});

	it('holds at most maxLineBytes however long the line grows', () => {
		const framer = new LineFramer(1024);
		const chunk = Buffer.alloc(64 * 1024, 0x41);
		for (let i = 0; i < 32; i++) framer.push(chunk); // 2 MiB, no newline
		expect(framer.pendingBytes).toBe(1024);
		const [line] = framer.push(Buffer.from('\n'));
		expect(line!.text.length).toBe(1024);
		expect(line!.truncatedBytes).toBe(2 * 1024 * 1024 - 1024);
	});

	it('frames lines that lie wholly inside one chunk like those spanning chunks', () => {
		const framer = new LineFramer(4);
		// Exactly the cap is kept whole; one byte over is cut, even when that byte is a CR.
		expect(framer.push(Buffer.from('abcd\nabcde\nabc\r\nabcd\r\n'))).toEqual([
			{text: 'abcd', truncatedBytes: 0},
			{text: 'abcd', truncatedBytes: 1},
			{text: 'abc', truncatedBytes: 0},
			{text: 'abcd', truncatedBytes: 1},
		]);
		// A pending partial line is completed by the next chunk, then the chunk's own lines follow.
		expect(texts(framer.push(Buffer.from('x')))).toEqual([]);
		expect(texts(framer.push(Buffer.from('y\nz\n\n')))).toEqual(['xy', 'z', '']);
	});

	it('accepts a plain Uint8Array and keeps lines intact when the caller reuses it', () => {
		const framer = new LineFramer(100);
		const chunk = new Uint8Array(Buffer.from('héllo\nwörld\npart'));
		const lines = framer.push(chunk);
		chunk.fill(0x41);
		expect(texts(lines)).toEqual(['héllo', 'wörld']);
		expect(texts(framer.push(new Uint8Array(Buffer.from('ial\n'))))).toEqual(['partial']);
	});

	it('flushes a pending partial line', () => {
		const framer = new LineFramer(100);
		framer.push(Buffer.from('tail'));
		expect(framer.flush()).toEqual({text: 'tail', truncatedBytes: 0, incomplete: true});
		expect(framer.hasPending).toBe(false);
	});
});

// Byte-level line framing shared by the back-fill reader and the follower. Lines are split on bytes
// *before* decoding, so a multi-byte character split across two reads or two writes is decoded whole
// (tail 2.2.6 decodes each read block separately and corrupts it). The partial line is bounded: bytes past
// `maxLineBytes` are counted and dropped, so a 64 MiB line without newline costs at most the cap.

/**
 * A framed line: decoded text (invalid UTF-8 → U+FFFD) and how many bytes were cut from its end.
 * `incomplete` marks a line emitted without its newline (end of a rotated or truncated file): its end may be
 * missing, and the rest may never arrive.
 */
export type RawLine = {text: string; truncatedBytes: number; incomplete?: true};

const NEWLINE = 0x0a;

/**
 * Decodes bytes [start, end) as one line: strips a trailing CR (CRLF files), replaces invalid UTF-8 with
 * U+FFFD.
 */
export function decodeLine(bytes: Buffer, truncatedBytes: number, start = 0, end = bytes.length): RawLine {
	if (truncatedBytes === 0 && end > start && bytes[end - 1] === 0x0d) end--;
	return {text: bytes.toString('utf8', start, end), truncatedBytes};
}

/** Splits a byte stream into lines, keeping at most `maxLineBytes` of any line. */
export class LineFramer {
	private parts: Buffer[] = [];
	private keptBytes = 0;
	private droppedBytes = 0;

	constructor(private readonly maxLineBytes: number) {}

	/** Bytes of the current unterminated line held in memory (≤ maxLineBytes). */
	get pendingBytes(): number {
		return this.keptBytes;
	}

	/** True when a partial line (possibly all dropped) is pending. */
	get hasPending(): boolean {
		return this.keptBytes > 0 || this.droppedBytes > 0;
	}

	/** Feeds bytes; returns the lines completed by them. The chunk may be reused by the caller afterwards. */
	push(chunk: Uint8Array): RawLine[] {
		const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
		const lines: RawLine[] = [];
		let start = 0;
		while (start < chunk.length) {
			const newline = bytes.indexOf(NEWLINE, start);
			if (newline !== -1 && !this.hasPending && newline - start <= this.maxLineBytes) {
				// The whole line is in this chunk and within the cap: decode it in place, without a copy.
				lines.push(decodeLine(bytes, 0, start, newline));
				start = newline + 1;
				continue;
			}
			const end = newline === -1 ? chunk.length : newline;
			this.append(chunk, start, end);
			if (newline === -1) break;
			lines.push(this.take());
			start = newline + 1;
		}
		return lines;
	}

	/** Emits the pending partial line (at EOF of a rotated file, or on close); null when there is none. */
	flush(): RawLine | null {
		if (!this.hasPending) return null;
		return {...this.take(), incomplete: true};
	}

	/** Drops the pending partial line without emitting it. */
	reset(): void {
		this.parts = [];
		this.keptBytes = 0;
		this.droppedBytes = 0;
	}

	private append(chunk: Uint8Array, start: number, end: number): void {
		const room = this.maxLineBytes - this.keptBytes;
		const length = end - start;
		if (length <= room) {
			// Copy: the caller reuses its read buffer.
			if (length > 0) this.parts.push(Buffer.from(chunk.subarray(start, end)));
			this.keptBytes += length;
		} else {
			if (room > 0) this.parts.push(Buffer.from(chunk.subarray(start, start + room)));
			this.keptBytes += Math.max(0, room);
			this.droppedBytes += length - Math.max(0, room);
		}
	}

	private take(): RawLine {
		let bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.keptBytes);
		let truncated = this.droppedBytes;
		if (truncated > 0 && !isCompleteTail(bytes)) {
			// The cut fell inside a character: drop its lead and continuation bytes so the kept text decodes cleanly.
			let cut = bytes.length;
			while (cut > 0 && (bytes[cut - 1]! & 0xc0) === 0x80) cut--;
			if (cut > 0) cut--;
			truncated += bytes.length - cut;
			bytes = bytes.subarray(0, cut);
		}
		this.reset();
		return decodeLine(bytes, truncated);
	}
}

/** True when `bytes` does not end with an incomplete UTF-8 sequence. */
function isCompleteTail(bytes: Uint8Array): boolean {
	for (let back = 1; back <= Math.min(4, bytes.length); back++) {
		const byte = bytes[bytes.length - back]!;
		if ((byte & 0xc0) === 0x80) continue; // continuation byte
		const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
		return need <= back;
	}
	return true;
}

// PM2's bus delivers `log:out`/`log:err` as raw pipe chunks (1–81 lines, not line-aligned), already decoded
// to strings per chunk by the daemon. This re-frames them into lines per (pm_id, stream), carrying the
// partial last line over and flushing it after a quiet period. A character split by a pipe read
// arrives as U+FFFD and cannot be repaired here: the file follower is authoritative when bytes matter.

export type BusChunk = {pmId: number; source: 'out' | 'err'; data: string; atMs: number};

export type FramedBusLine = {pmId: number; source: 'out' | 'err'; text: string; atMs: number; truncatedChars: number};

export class BusChunkFramer {
	private partials = new Map<string, {text: string; dropped: number; atMs: number}>();

	constructor(private readonly maxLineChars = 16 * 1024) {}

	/** Feeds one chunk; returns the lines it completes. */
	push(chunk: BusChunk): FramedBusLine[] {
		const key = `${chunk.pmId}:${chunk.source}`;
		const pieces = chunk.data.split('\n');
		const lines: FramedBusLine[] = [];
		let partial = this.partials.get(key) ?? {text: '', dropped: 0, atMs: chunk.atMs};
		for (let index = 0; index < pieces.length; index++) {
			const piece = pieces[index]!;
			const room = this.maxLineChars - partial.text.length;
			if (piece.length <= room) partial.text += piece;
			else {
				partial.text += piece.slice(0, Math.max(0, room));
				partial.dropped += piece.length - Math.max(0, room);
			}
			if (index < pieces.length - 1) {
				lines.push(this.line(chunk.pmId, chunk.source, partial));
				partial = {text: '', dropped: 0, atMs: chunk.atMs};
			}
		}
		if (partial.text !== '' || partial.dropped > 0) this.partials.set(key, partial);
		else this.partials.delete(key);
		return lines;
	}

	/** Emits partial lines older than `idleMs` (a line without newline, e.g. a prompt or a crash mid-write). */
	flushIdle(nowMs: number, idleMs = 500): FramedBusLine[] {
		const lines: FramedBusLine[] = [];
		for (const [key, partial] of this.partials) {
			if (nowMs - partial.atMs < idleMs) continue;
			const [pmId, source] = key.split(':') as [string, 'out' | 'err'];
			lines.push(this.line(Number(pmId), source, partial));
			this.partials.delete(key);
		}
		return lines;
	}

	private line(pmId: number, source: 'out' | 'err', partial: {text: string; dropped: number; atMs: number}): FramedBusLine {
		const text = partial.text.endsWith('\r') ? partial.text.slice(0, -1) : partial.text;
		return {pmId, source, text, atMs: partial.atMs, truncatedChars: partial.dropped};
	}
}

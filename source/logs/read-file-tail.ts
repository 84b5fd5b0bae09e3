// Back-fill: the last N complete lines of a file, read backwards in bounded chunks (never the whole file:
// logs reach GBs). The result ends on a newline and reports the byte offset and file identity there, so
// the follower can continue from exactly that point: no line read twice, none skipped.
import fs from 'node:fs/promises';
import {LineFramer, type RawLine} from './line-framer.js';

/** (dev, ino) of a file: what changes when a log is renamed away and recreated. */
export type FileIdentity = {dev: number; ino: number};

export type ReadFileTailOptions = {
	/** How many lines to return. Default 200. */
	lines?: number;
	/** Lines are capped at this many bytes (a visible marker is added later). Default 16 KiB. */
	maxLineBytes?: number;
	/** Size of each backwards read. Default 64 KiB. */
	chunkBytes?: number;
};

export type FileTail =
	| {
			kind: 'ok';
			lines: RawLine[];
			/** Offset just past the last newline: where following should start. */
			endOffset: number;
			identity: FileIdentity;
			sizeBytes: number;
			/** Bytes read to produce the result (for tests of the bound). */
			bytesRead: number;
	  }
	| {kind: 'missing'}
	| {kind: 'unreadable'; error: string}
	| {kind: 'not-a-file'};

export const defaultBackfillLines = 200;

/** Reads the last `lines` complete lines of `path` without reading more than `lines × maxLineBytes` (+1 chunk). */
export async function readFileTail(path: string, options: ReadFileTailOptions = {}, attempt = 1): Promise<FileTail> {
	const wanted = Math.max(0, options.lines ?? defaultBackfillLines);
	const maxLineBytes = options.maxLineBytes ?? 16 * 1024;
	const chunkBytes = options.chunkBytes ?? 64 * 1024;
	let handle: fs.FileHandle;
	try {
		handle = await fs.open(path, 'r');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' || code === 'ENOTDIR') return {kind: 'missing'};
		return {kind: 'unreadable', error: (error as Error).message};
	}
	try {
		const stat = await handle.stat();
		if (!stat.isFile()) return {kind: 'not-a-file'};
		const identity = {dev: stat.dev, ino: stat.ino};
		const size = stat.size;
		// A budget, not a guess: N lines of at most maxLineBytes each, plus the newline that precedes them.
		const budget = wanted * (maxLineBytes + 1) + chunkBytes;
		const chunks: Buffer[] = [];
		let position = size;
		let newlines = 0;
		let bytesRead = 0;
		let lastNewline = -1; // absolute offset of the file's last newline
		while (position > 0 && bytesRead < budget) {
			const length = Math.min(chunkBytes, position);
			position -= length;
			const chunk = Buffer.allocUnsafe(length);
			const {bytesRead: got} = await handle.read(chunk, 0, length, position);
			if (got < length) {
				// The file shrank under us (truncated while reading): start over from what is there now.
				if (attempt < 3) return readFileTail(path, options, attempt + 1);
				return {kind: 'ok', lines: [], endOffset: 0, identity, sizeBytes: 0, bytesRead};
			}
			bytesRead += got;
			chunks.unshift(chunk);
			for (let index = got - 1; index >= 0; index--) {
				if (chunk[index] !== 0x0a) continue;
				if (lastNewline === -1) lastNewline = position + index;
				newlines++;
			}
			// N lines need N newlines after the last one's start plus the one before the first line.
			if (wanted === 0 ? lastNewline !== -1 : newlines >= wanted + 1) break;
		}
		if (lastNewline === -1) {
			// No complete line: start following at the beginning if we saw it all (the line is still being
			// written), else at the end (an enormous line in progress is shown from where we join it).
			return {kind: 'ok', lines: [], endOffset: position === 0 ? 0 : size, identity, sizeBytes: size, bytesRead};
		}
		const region = Buffer.concat(chunks);
		const regionEnd = lastNewline + 1 - position;
		let regionStart = 0;
		if (position > 0) {
			// The region starts mid-line: skip to just past its first newline.
			regionStart = region.indexOf(0x0a) + 1;
		}
		const framer = new LineFramer(maxLineBytes);
		const all = framer.push(region.subarray(regionStart, regionEnd));
		return {
			kind: 'ok',
			lines: all.length > wanted ? all.slice(all.length - wanted) : all,
			endOffset: lastNewline + 1,
			identity,
			sizeBytes: size,
			bytesRead,
		};
	} finally {
		await handle.close();
	}
}

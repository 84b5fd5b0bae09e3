// copytruncate loses, for a follower, the lines written between its last read and the truncate: they are
// only in the rotated copy. This finds that copy and reads what the follower missed from it.
import fs from 'node:fs/promises';
import path from 'node:path';
import {compareCodeUnits} from '../model/compare-text.js';

/** A rotated copy older than this is not the one made by the truncation just seen. */
const copyMaxAgeMs = 5 * 60_000;
const readChunkBytes = 64 * 1024;

export type RotatedCopyRead = {
	/** The followed file. */
	path: string;
	/** Where the follower was in the file before it was truncated. */
	offset: number;
	/** The last bytes the follower consumed before `offset`. */
	fingerprint: Buffer;
	/** Receives the missed bytes, in order. */
	onBytes(bytes: Buffer): void;
	/** Ends the pending partial line (between two copies). */
	flushPartial(): void;
};

/**
 * Finds the copy (same folder, named after the file — `app-out__<date>.log` by pm2-logrotate, `app-out.log.1` /
 * `app-out.log-<date>` by logrotate — at least `offset` bytes, and the exact bytes consumed last at `offset`)
 * and reads it from `offset` to its end. Copies made after it (several rotations between two looks) are read
 * whole, oldest first. A compressed copy (pm2-logrotate `compress: true`) cannot be matched; then those lines
 * are missed. Returns whether a copy was found.
 */
export async function readRotatedCopy(read: RotatedCopyRead): Promise<boolean> {
	const {offset, fingerprint} = read;
	if (offset === 0 || fingerprint.length === 0) return false;
	// A copy made after we saw the truncation belongs to the *next* rotation, whose truncate may not have
	// happened yet: its lines are still in the live file, and reading both would duplicate them.
	const detectedAtMs = Date.now();
	const folder = path.dirname(read.path);
	const base = path.basename(read.path);
	const stem = base.replace(/\.log$/, '');
	let names: string[];
	try {
		names = await fs.readdir(folder);
	} catch {
		return false;
	}
	const candidates: Array<{file: string; mtimeMs: number; size: number; name: string}> = [];
	for (const name of names) {
		const isRotation = name.startsWith(stem + '__') || name.startsWith(base + '.') || name.startsWith(base + '-');
		if (!isRotation || /\.(gz|zip|bz2|xz)$/.test(name)) continue;
		const file = path.join(folder, name);
		const stat = await fs.stat(file).catch(() => null);
		if (!stat?.isFile() || Date.now() - stat.mtimeMs > copyMaxAgeMs) continue;
		candidates.push({file, mtimeMs: stat.mtimeMs, size: stat.size, name});
	}
	candidates.sort((a, b) => a.mtimeMs - b.mtimeMs || compareCodeUnits(a.name, b.name));
	// Newest first: the copy holding our last bytes is normally the most recent one.
	for (let index = candidates.length - 1; index >= Math.max(0, candidates.length - 8); index--) {
		const candidate = candidates[index]!;
		if (candidate.size < offset) continue;
		if (!(await bytesMatch(candidate.file, offset - fingerprint.length, fingerprint))) continue;
		await readRange(candidate.file, offset, candidate.size, read.onBytes);
		for (const later of candidates.slice(index + 1).filter(copy => copy.mtimeMs < detectedAtMs - 1)) {
			read.flushPartial();
			await readRange(later.file, 0, later.size, read.onBytes);
		}
		return true;
	}
	return false;
}

/** Whether `file` holds exactly `expected` at `from`. */
async function bytesMatch(file: string, from: number, expected: Buffer): Promise<boolean> {
	const other = await fs.open(file, 'r').catch(() => null);
	if (!other) return false;
	try {
		const bytes = Buffer.alloc(expected.length);
		const {bytesRead} = await other.read(bytes, 0, bytes.length, from);
		return bytesRead === bytes.length && bytes.equals(expected);
	} finally {
		await other.close();
	}
}

/** Hands [from, to) of `file` to `onBytes`, chunk by chunk (the buffer is reused: consume it at once). */
async function readRange(file: string, from: number, to: number, onBytes: (bytes: Buffer) => void): Promise<void> {
	const other = await fs.open(file, 'r').catch(() => null);
	if (!other) return;
	try {
		const buffer = Buffer.allocUnsafe(Math.min(readChunkBytes, Math.max(1, to - from)));
		let position = from;
		while (position < to) {
			const {bytesRead} = await other.read(buffer, 0, Math.min(buffer.length, to - position), position);
			if (bytesRead === 0) break;
			position += bytesRead;
			onBytes(buffer.subarray(0, bytesRead));
		}
	} finally {
		await other.close();
	}
}

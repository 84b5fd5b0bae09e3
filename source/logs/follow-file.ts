// Follows a log file through everything PM2 setups do to it: copytruncate (pm2-logrotate, `pm2 flush`),
// rename-and-recreate (logrotate `create`, `pm2 reloadLogs`), deletion and recreation, a file that does not
// exist yet (docs/architecture.md "Logs"). Every read goes through this module's own descriptor, tracking
// (dev, ino, offset): truncation → offset 0, and truncate-and-regrow within one poll is caught by a fingerprint
// of the bytes before the offset; lines are framed on bytes and decoded whole (line-framer.ts), bounded by
// maxLineBytes. A poll timer (pollIntervalMs) checks identity and size; a watcher only wakes it sooner.
//
// Why the watcher is fs.watch (watch-for-changes.ts), not the `tail` package: tail reads the file itself (by
// path, so after a rename at the wrong inode, and every appended byte a second time after us), and its only
// public signals are those reads ('line') and 'error'. Used as a wake-up that way (follow: false, separator:
// null) the follow-file integration tests pass, since every check and read here is our own, and latency from a
// write to its line is about the same (medians of 20, poll 250 ms, tail vs fs.watch: append 3 vs 2 ms,
// copytruncate 4 vs 48 ms, which is the read pacing after the truncation's own wake-up that tail does not
// signal, rename-and-recreate 46 vs 47 ms). The loss is the second read: following 40 writes/s of 2 KB lines
// for 15 s cost 0.92 s of CPU with tail and 0.55 s with fs.watch (two runs each). And its public API cannot
// handle errors of its fs.watch handle (it attaches no listener: an inotify error would end the app) nor stop
// one follower in watchFile mode without the others (it unwatches by path). fs.watch gives the same signal and
// reads nothing.
import fs from 'node:fs/promises';
import type {Stats} from 'node:fs';
import {LineFramer, type RawLine} from './line-framer.js';
import type {FileIdentity} from './read-file-tail.js';
import {readRotatedCopy} from './rotated-copy.js';
import {createWakePacer, defaultMinReadGapMs} from './wake-pacer.js';

export type FollowStatus =
	| {kind: 'waiting'; reason: 'missing' | 'not-a-file'}
	| {kind: 'following'; path: string; offset: number}
	/** The path is gone but the writer may still append to the open inode (PM2 keeps it open). */
	| {kind: 'following-deleted'; path: string; offset: number}
	| {kind: 'unreadable'; error: string}
	| {kind: 'closed'};

export type FollowNotice = 'truncated' | 'replaced' | 'deleted' | 'appeared';

export type FollowFileOptions = {
	path: string;
	/**
	 * Where to start: 'end' (default: only new lines), 'beginning', or the offset/identity returned by the
	 * back-fill (if the file was replaced or truncated in between, following starts at 0 of the new file).
	 */
	startAt?: 'end' | 'beginning' | {offset: number; identity: FileIdentity};
	/** Identity and size checks happen at least this often. Default 250 ms (at most 1 s). */
	pollIntervalMs?: number;
	/** 'watch' (default): fs.watch wakes us between polls (low latency). 'watch-file': fs.watchFile. 'poll': the timer only. */
	wake?: 'watch' | 'watch-file' | 'poll';
	maxLineBytes?: number;
	/** With a wake mode: reads happen at most this often under a flood. Default 50 ms. */
	minReadGapMs?: number;
	/** Upper bound on bytes read per tick before yielding to the event loop. Default 1 MiB. */
	maxBytesPerTick?: number;
	onLines(lines: RawLine[]): void;
	onStatus?(status: FollowStatus): void;
	onNotice?(notice: FollowNotice): void;
};

export type FileFollower = {
	readonly status: FollowStatus;
	/** Checks the file now (tests and "refresh"). Resolves when the check is done. */
	poke(): Promise<void>;
	/** Stops watching and closes every descriptor. */
	close(): Promise<void>;
};

const fingerprintBytes = 32;
const readChunkBytes = 64 * 1024;

function sameIdentity(stat: Stats, identity: FileIdentity | null): boolean {
	return identity !== null && stat.dev === identity.dev && stat.ino === identity.ino;
}

/** Starts following `options.path`; never throws for missing, unreadable or rotated files. */
export function followFile(options: FollowFileOptions): FileFollower {
	const pollIntervalMs = options.pollIntervalMs ?? 250;
	const maxLineBytes = options.maxLineBytes ?? 16 * 1024;
	const maxBytesPerTick = options.maxBytesPerTick ?? 1024 * 1024;
	const framer = new LineFramer(maxLineBytes);
	const readBuffer = Buffer.allocUnsafe(readChunkBytes);

	let status: FollowStatus = {kind: 'waiting', reason: 'missing'};
	let hasReportedStatus = false;
	let handle: fs.FileHandle | null = null;
	let identity: FileIdentity | null = null;
	let offset = 0;
	/** The last bytes consumed before `offset`: if they change, the file was truncated and regrown. */
	let fingerprint: Buffer = Buffer.alloc(0);
	let lastSeenSize = -1;
	let lastSeenMtimeMs = -1;
	let isFirstOpen = true;
	let closed = false;

	let running: Promise<void> | null = null;
	let rerun = false;
	const pacer = createWakePacer({
		path: options.path,
		mode: options.wake ?? 'watch',
		pollIntervalMs,
		minReadGapMs: options.minReadGapMs ?? defaultMinReadGapMs,
		look: () => void schedule(),
	});
	const pollTimer = setInterval(() => void schedule(), pollIntervalMs);

	const setStatus = (next: FollowStatus) => {
		const changed = !hasReportedStatus || next.kind !== status.kind || ('reason' in next && 'reason' in status && next.reason !== status.reason);
		hasReportedStatus = true;
		status = next;
		if (changed) options.onStatus?.(next);
	};

	const emit = (lines: RawLine[]) => {
		if (lines.length > 0 && !closed) options.onLines(lines);
	};

	function schedule(): Promise<void> {
		if (closed) return Promise.resolve();
		if (running) {
			rerun = true;
			return running;
		}
		pacer.noteRead();
		running = (async () => {
			try {
				do {
					rerun = false;
					await tick();
				} while (rerun && !closed);
			} catch (error) {
				// A filesystem surprise must never escape into the app; report it and retry on the next poll.
				// The descriptor and offset are kept: reopening would re-read the file from 0 (duplicates).
				setStatus({kind: 'unreadable', error: (error as Error).message});
			} finally {
				running = null;
			}
		})();
		return running;
	}

	async function dropHandle() {
		pacer.stopWatching();
		const old = handle;
		handle = null;
		identity = null;
		if (old) await old.close().catch(() => {});
	}

	async function statPath(): Promise<Stats | null | {error: string}> {
		try {
			return await fs.stat(options.path);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ENOENT' || code === 'ENOTDIR') return null;
			return {error: (error as Error).message};
		}
	}

	async function openFile(): Promise<boolean> {
		try {
			handle = await fs.open(options.path, 'r');
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ENOENT') setStatus({kind: 'waiting', reason: 'missing'});
			else setStatus({kind: 'unreadable', error: (error as Error).message});
			return false;
		}
		const stat = await handle.stat();
		identity = {dev: stat.dev, ino: stat.ino};
		const startAt = options.startAt ?? 'end';
		if (!isFirstOpen || startAt === 'beginning') offset = 0;
		else if (startAt === 'end') offset = stat.size;
		else offset = sameIdentity(stat, startAt.identity) && stat.size >= startAt.offset ? startAt.offset : 0;
		if (!isFirstOpen && status.kind === 'waiting') options.onNotice?.('appeared');
		isFirstOpen = false;
		fingerprint = offset > 0 ? await readAt(Math.max(0, offset - fingerprintBytes), Math.min(offset, fingerprintBytes)) : Buffer.alloc(0);
		lastSeenSize = -1;
		framer.reset();
		pacer.startWatching();
		setStatus({kind: 'following', path: options.path, offset});
		return true;
	}

	async function readAt(position: number, length: number): Promise<Buffer> {
		const buffer = Buffer.alloc(length);
		const {bytesRead} = await handle!.read(buffer, 0, length, position);
		return buffer.subarray(0, bytesRead);
	}

	/** Reads from `offset` up to `limit` (or EOF), framing lines. Returns bytes read. */
	async function readForward(limit: number): Promise<number> {
		let total = 0;
		while (handle && total < limit) {
			const length = Math.min(readChunkBytes, limit - total);
			const {bytesRead} = await handle.read(readBuffer, 0, length, offset);
			if (bytesRead === 0) break;
			const chunk = readBuffer.subarray(0, bytesRead);
			offset += bytesRead;
			total += bytesRead;
			updateFingerprint(chunk);
			emit(framer.push(chunk));
			// A short read of a regular file is its end: asking again would only return 0 bytes.
			if (bytesRead < length) break;
		}
		return total;
	}

	function updateFingerprint(chunk: Buffer) {
		if (chunk.length >= fingerprintBytes) fingerprint = Buffer.from(chunk.subarray(chunk.length - fingerprintBytes));
		else fingerprint = Buffer.concat([fingerprint, chunk]).subarray(-fingerprintBytes);
	}

	function flushPartial() {
		const partial = framer.flush();
		if (partial) emit([partial]);
	}

	async function restartFromZero(notice: FollowNotice) {
		if (notice === 'truncated') {
			await readRotatedCopy({path: options.path, offset, fingerprint, onBytes: bytes => emit(framer.push(bytes)), flushPartial});
		}
		// The pending partial line belonged to the old content: show what we have of it rather than lose it.
		flushPartial();
		offset = 0;
		fingerprint = Buffer.alloc(0);
		options.onNotice?.(notice);
	}

	async function tick(): Promise<void> {
		const pathStat = await statPath();
		if (closed) return;
		if (pathStat && 'error' in pathStat) {
			if (!handle) setStatus({kind: 'unreadable', error: pathStat.error});
			return;
		}
		if (!handle) {
			if (!pathStat || !pathStat.isFile()) {
				// Whatever appears at this path later is new content: read it from its first byte.
				isFirstOpen = false;
				return setStatus({kind: 'waiting', reason: pathStat ? 'not-a-file' : 'missing'});
			}
			if (!(await openFile())) return;
		} else if (!pathStat || !sameIdentity(pathStat, identity)) {
			// Renamed away, deleted, or replaced. Lines written to the old inode before the writer reopened are
			// still there: drain the old descriptor to EOF first.
			await readForward(Number.MAX_SAFE_INTEGER);
			if (!pathStat) {
				// Deleted: PM2 keeps writing into the open inode until reloadLogs/restart, so keep reading it.
				if (status.kind !== 'following-deleted') options.onNotice?.('deleted');
				setStatus({kind: 'following-deleted', path: options.path, offset});
				return;
			}
			flushPartial();
			await dropHandle();
			options.onNotice?.('replaced');
			if (!pathStat.isFile()) return setStatus({kind: 'waiting', reason: 'not-a-file'});
			if (!(await openFile())) return;
			offset = 0;
			fingerprint = Buffer.alloc(0);
		}
		if (!handle) return;
		const stat = await handle.stat();
		if (stat.size < offset) {
			await restartFromZero('truncated');
		} else if (offset > 0 && fingerprint.length > 0 && (stat.size !== lastSeenSize || stat.mtimeMs !== lastSeenMtimeMs)) {
			// Truncated and regrown past our offset between two looks: the bytes we consumed last
			// are no longer there.
			const now = await readAt(offset - fingerprint.length, fingerprint.length);
			if (!now.equals(fingerprint)) await restartFromZero('truncated');
		}
		lastSeenSize = stat.size;
		lastSeenMtimeMs = stat.mtimeMs;
		const read = await readForward(maxBytesPerTick);
		if (read >= maxBytesPerTick) rerun = true; // more to read: continue after yielding
		pacer.afterRead(read);
		if (status.kind === 'following' || status.kind === 'following-deleted') status = {...status, offset};
		else setStatus({kind: 'following', path: options.path, offset});
		if (rerun) await new Promise(resolve => setImmediate(resolve));
	}

	void schedule();

	return {
		get status() {
			return status;
		},
		poke: () => schedule(),
		async close() {
			if (closed) return;
			closed = true;
			clearInterval(pollTimer);
			pacer.close();
			await running?.catch(() => {});
			await dropHandle();
			status = {kind: 'closed'};
			options.onStatus?.(status);
		},
	};
}

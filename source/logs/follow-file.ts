// Follows a log file through everything PM2 setups do to it: copytruncate (pm2-logrotate, `pm2 flush`),
// rename-and-recreate (logrotate `create`, `pm2 reloadLogs`), deletion and recreation, a file that does not
// exist yet. Built on the `tail` package (2.2.6) with its measured defects contained here
// (../shared/notes/reliability.md §2; docs/architecture.md "Logs"):
//
//   tail 2.2.6 defect                                   what this wrapper does instead
//   constructor throws ENOENT synchronously             never constructs it for a missing file; waits by polling
//   reads each block by *path* (wrong inode after a     reads only through its own fd, tracking (dev, ino, offset)
//     rotation), keeps the old cursor after rename
//   truncation resumes at the new size (loses lines)    truncation → offset 0; truncate-and-regrow within one poll
//                                                       is caught by a fingerprint of the bytes before the offset
//   decodes each block separately (splits UTF-8)        frames lines on bytes, decodes whole lines (line-framer.ts)
//   unbounded, quadratic line buffer                    bounded framer: bytes past maxLineBytes are counted, dropped
//   5 s default poll / 1 s blind window after rename    explicit pollIntervalMs (default 250 ms) and fsWatchOptions
//   nLines leaks a descriptor                           back-fill is read-file-tail.ts; tail never gets nLines
//
// So `tail` is used for what it does right — watching the file (fs.watch, or fs.watchFile with an explicit
// interval) and waking us when it changes — and every read goes through this module. The poll timer runs
// regardless, because fs.watch on a path follows the old inode after a rename and misses the new file.
import fs from 'node:fs/promises';
import path from 'node:path';
import type {Stats} from 'node:fs';
import tailPackage from 'tail';
import {LineFramer, type RawLine} from './line-framer.js';
import type {FileIdentity} from './read-file-tail.js';
import {compareCodeUnits} from '../model/compare-text.js';

const {Tail} = tailPackage;

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
	/** Identity and size checks happen at least this often. Default 250 ms (R-2.8: ≤ 1 s). */
	pollIntervalMs?: number;
	/** 'tail': tail's fs.watch wakes us between polls (low latency). 'poll': the timer only. */
	wake?: 'tail' | 'tail-watchfile' | 'poll';
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
/**
 * fs.watch fires once per write(): at thousands of lines/s that is hundreds of wake-ups a second. The first
 * wake after a quiet period reads at once (low latency for sparse logs); later ones are coalesced so reads
 * happen at most every minReadGapMs (20/s: the UI renders at most 10/s anyway). Measured in
 * docs/architecture.md "Logs": 3.6 % of a core at 5,000 lines/s with a 10 ms gap.
 */
const defaultMinReadGapMs = 50;
/**
 * Under a flood fs.watch still calls into JS once per write (~220 times a second for PM2 writing 5,000 lines/s),
 * for nothing: a read is already due every minReadGapMs. So when more wake-ups than this arrive for one read,
 * the watcher is closed and reads follow one another at minReadGapMs until one finds no new bytes, which
 * reopens the watcher. Every read still checks the path's identity and size, so rotations are seen as before.
 */
const floodWakesPerRead = 3;
/** A rotated copy older than this is not the one made by the truncation we just saw. */
const copyMaxAgeMs = 5 * 60_000;

function sameIdentity(stat: Stats, identity: FileIdentity | null): boolean {
	return identity !== null && stat.dev === identity.dev && stat.ino === identity.ino;
}

/** Starts following `options.path`; never throws for missing, unreadable or rotated files. */
export function followFile(options: FollowFileOptions): FileFollower {
	const pollIntervalMs = options.pollIntervalMs ?? 250;
	const maxLineBytes = options.maxLineBytes ?? 16 * 1024;
	const maxBytesPerTick = options.maxBytesPerTick ?? 1024 * 1024;
	const wakeMode = options.wake ?? 'tail';
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
	let tail: InstanceType<typeof Tail> | null = null;

	let running: Promise<void> | null = null;
	let rerun = false;
	let wakeTimer: NodeJS.Timeout | null = null;
	let lastTickAtMs = 0;
	let wakesSinceRead = 0;
	let watcherPausedByFlood = false;
	const minReadGapMs = options.minReadGapMs ?? defaultMinReadGapMs;
	const pollTimer = setInterval(() => void schedule(), pollIntervalMs);

	const setStatus = (next: FollowStatus) => {
		const changed =
			!hasReportedStatus || next.kind !== status.kind || ('reason' in next && 'reason' in status && next.reason !== status.reason);
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
		lastTickAtMs = Date.now();
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

	function wake() {
		if (closed || wakeTimer) return;
		const waitMs = Math.max(0, lastTickAtMs + minReadGapMs - Date.now());
		wakeTimer = setTimeout(() => {
			wakeTimer = null;
			void schedule();
		}, waitMs);
	}

	function onWatchEvent() {
		wakesSinceRead++;
		wake();
	}

	/** Closes the watcher during a flood and reopens it when the flood is over (floodWakesPerRead). */
	function paceFlood(bytesRead: number) {
		const wakes = wakesSinceRead;
		wakesSinceRead = 0;
		if (closed) return;
		if (watcherPausedByFlood) {
			if (bytesRead > 0) wake();
			else startTail();
		} else if (tail && wakeMode === 'tail' && bytesRead > 0 && wakes > floodWakesPerRead) {
			stopTail();
			watcherPausedByFlood = true;
			wake();
		}
	}

	function startTail() {
		stopTail();
		watcherPausedByFlood = false;
		if (wakeMode === 'poll') return;
		try {
			const watcher = new Tail(options.path, {
				follow: false,
				useWatchFile: wakeMode === 'tail-watchfile',
				fsWatchOptions: wakeMode === 'tail-watchfile' ? {interval: pollIntervalMs} : {},
				// Never nLines (descriptor leak) nor fromBeginning (reads the whole file).
			}) as any;
			// tail's change()/rename() read by path and re-watch after a blind 1 s; we only want the signal.
			watcher.change = onWatchEvent;
			watcher.rename = onWatchEvent;
			watcher.watchFileEvent = onWatchEvent;
			watcher.on('error', () => wake());
			// tail attaches no 'error' listener to its fs.watch handle; an unhandled one would crash the app.
			watcher.watcher?.on?.('error', () => wake());
			tail = watcher;
		} catch {
			// The file vanished between our open and tail's accessSync: the poll timer covers it.
			tail = null;
		}
	}

	function stopTail() {
		if (!tail) return;
		try {
			tail.unwatch();
		} catch {
			// Unwatching a watcher whose file is gone can throw on some platforms; nothing to release then.
		}
		tail = null;
	}

	async function dropHandle() {
		stopTail();
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

	async function openFile(pathStat: Stats): Promise<boolean> {
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
		void pathStat;
		startTail();
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

	/**
	 * copytruncate loses, for a follower, the lines written between its last read and the truncate: they are
	 * only in the rotated copy. Find that copy (same folder, named after our file — `app-out__<date>.log`
	 * by pm2-logrotate, `app-out.log.1` / `app-out.log-<date>` by logrotate — at least `offset` bytes, and the
	 * exact bytes we consumed last at `offset`) and read it from `offset` to its end. Copies made after it
	 * (several rotations between two looks) are read whole, oldest first. A compressed copy
	 * (pm2-logrotate `compress: true`) cannot be matched; then those lines are missed.
	 */
	async function recoverFromRotatedCopy(): Promise<boolean> {
		if (offset === 0 || fingerprint.length === 0) return false;
		// A copy made after we saw the truncation belongs to the *next* rotation, whose truncate may not have
		// happened yet: its lines are still in the live file, and reading both would duplicate them.
		const detectedAtMs = Date.now();
		const folder = path.dirname(options.path);
		const base = path.basename(options.path);
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
			const matches = await readRange(candidate.file, offset - fingerprint.length, offset, probe => probe.equals(fingerprint));
			if (!matches) continue;
			await readRange(candidate.file, offset, candidate.size);
			for (const later of candidates.slice(index + 1).filter(copy => copy.mtimeMs < detectedAtMs - 1)) {
				flushPartial();
				await readRange(later.file, 0, later.size);
			}
			return true;
		}
		return false;
	}

	/**
	 * Reads [from, to) of another file. With `check`, reads the range into one buffer and returns check(bytes)
	 * without emitting; without it, frames the bytes as lines. Returns false when the file cannot be read.
	 */
	async function readRange(file: string, from: number, to: number, check?: (bytes: Buffer) => boolean): Promise<boolean> {
		const other = await fs.open(file, 'r').catch(() => null);
		if (!other) return false;
		try {
			if (check) {
				const bytes = Buffer.alloc(to - from);
				const {bytesRead} = await other.read(bytes, 0, bytes.length, from);
				return bytesRead === bytes.length && check(bytes);
			}
			let position = from;
			while (position < to) {
				const {bytesRead} = await other.read(readBuffer, 0, Math.min(readChunkBytes, to - position), position);
				if (bytesRead === 0) break;
				position += bytesRead;
				emit(framer.push(readBuffer.subarray(0, bytesRead)));
			}
			return true;
		} finally {
			await other.close();
		}
	}

	async function restartFromZero(notice: FollowNotice) {
		if (notice === 'truncated') await recoverFromRotatedCopy();
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
			if (!(await openFile(pathStat))) return;
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
			if (!(await openFile(pathStat))) return;
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
		paceFlood(read);
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
			if (wakeTimer) clearTimeout(wakeTimer);
			await running?.catch(() => {});
			await dropHandle();
			status = {kind: 'closed'};
			options.onStatus?.(status);
		},
	};
}

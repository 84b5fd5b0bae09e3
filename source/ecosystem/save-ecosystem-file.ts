// Saving an ecosystem file safely:
// - optimistic concurrency: the file's sha256 at open time must still be on disk right before writing, else
//   nothing is overwritten, the buffer goes to a recovery file and both versions are returned for a diff;
// - a backup of the on-disk version before the first save, OUTSIDE the app's folder (a `watch` must not fire);
// - write-file-atomic (temp file in the target's real folder, fsync, chmod/chown like the original, rename;
//   symlinks are resolved so the link stays a link and its target is replaced), then fsync of the folder;
// - a writable file in a read-only folder cannot be replaced atomically: by default we REFUSE (the buffer goes
//   to a recovery file); with `allowInPlace` the caller (after asking the user) gets an in-place write that is
//   verified by reading back and restored from the backup on mismatch — not crash-atomic, and said so;
// - a file nobody may write (e.g. 0444) is refused too, even where a rename could replace it (as root, or in a
//   writable folder): its owner marked it read-only, and replacing it would drop that without a word;
// - the file keeps its line endings (CRLF stays CRLF) and its byte-order mark, whatever the buffer holds.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createTwoFilesPatch} from 'diff';
import writeFileAtomic from 'write-file-atomic';
import {defaultKeepPerFile, writeBackup, writeRecoveryFile} from './backup-files.js';
import {conventionsOf, toEditorText, withConventions} from './file-conventions.js';
import type {LintReport} from './lint-ecosystem.js';
import {hasBlockingFindings} from './lint-verdict.js';

export {listBackups, writeRecoveryFile} from './backup-files.js';

export type FileFingerprint = {sha256: string; size: number; mtimeMs: number; dev: number; ino: number};

/** An ecosystem file as it was when the editor opened it. */
export type OpenedEcosystemFile = {
	/** The path as given (may be a symlink). */
	file: string;
	/** Where the bytes live (symlinks resolved): what gets replaced on save. */
	realPath: string;
	text: string;
	fingerprint: FileFingerprint;
	mode: number;
	uid: number;
	gid: number;
};

export type SaveOptions = {
	/** Folder for backups (default: see `defaultBackupDir`). Must not be inside the app's folder. */
	backupDir: string;
	/** The validation of the text being saved; saving is refused when it has errors unless `force`. */
	validation: LintReport | null;
	/** The user insisted: save even though the file does not load / has errors. */
	force?: boolean;
	/** The user accepted a non-atomic, verified in-place write when the folder is not writable. */
	allowInPlace?: boolean;
	/** The user accepted replacing a file that has no write permission (it stays read-only after the save). */
	replaceReadOnlyFile?: boolean;
	/** How many backups (and, separately, recovery files) to keep per file. */
	keepBackups?: number;
};

export type SaveResult =
	| {
			ok: true;
			file: string;
			realPath: string;
			method: 'atomic-rename' | 'in-place';
			backupPath: string | null;
			/** Unified diff of what changed on disk. */
			diff: string;
			/** The new state to keep editing from (a second save compares against this). */
			opened: OpenedEcosystemFile;
	  }
	| {ok: false; reason: 'unchanged'; message: string}
	| {ok: false; reason: 'invalid'; message: string}
	| {ok: false; reason: 'conflict'; message: string; diskText: string; diff: string; recoveryPath: string | null}
	| {ok: false; reason: 'read-only-directory'; message: string; recoveryPath: string | null}
	| {ok: false; reason: 'read-only-file'; message: string; recoveryPath: string | null}
	| {ok: false; reason: 'write-failed'; message: string; recoveryPath: string | null};

/** Larger files are not opened for editing: an ecosystem file is a few KiB. */
export const maxEditableFileBytes = 1024 * 1024;

/**
 * Reads a file for editing and records its fingerprint. Throws for anything but a regular file up to
 * `maxEditableFileBytes`: reading a FIFO would block forever and /dev/zero never ends.
 */
export function openEcosystemFile(file: string): OpenedEcosystemFile {
	const absolute = path.resolve(file);
	const realPath = fs.realpathSync(absolute);
	const fd = fs.openSync(realPath, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
	let bytes: Buffer;
	let stat: fs.Stats;
	try {
		stat = fs.fstatSync(fd);
		if (!stat.isFile()) throw new Error('not a regular file; only regular files can be edited');
		if (stat.size > maxEditableFileBytes) throw new Error(`${stat.size} bytes, more than the ${maxEditableFileBytes} bytes an ecosystem file may have here`);
		bytes = fs.readFileSync(fd);
	} finally {
		fs.closeSync(fd);
	}
	return {
		file: absolute,
		realPath,
		text: bytes.toString('utf8'),
		fingerprint: fingerprintOf(bytes, stat),
		mode: stat.mode & 0o7777,
		uid: stat.uid,
		gid: stat.gid,
	};
}

function fingerprintOf(bytes: Buffer, stat: fs.Stats): FileFingerprint {
	return {sha256: sha256(bytes), size: stat.size, mtimeMs: stat.mtimeMs, dev: stat.dev, ino: stat.ino};
}

export function sha256(data: string | Buffer): string {
	return crypto.createHash('sha256').update(data).digest('hex');
}

/** Where backups and recovery files go: `$PM2_HOME/pm2-doctor/backups`, else the XDG state folder. */
export function defaultBackupDir(pm2Home?: string): string {
	if (pm2Home) return path.join(pm2Home, 'pm2-doctor', 'backups');
	const stateHome = process.env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state');
	return path.join(stateHome, 'pm2-doctor', 'backups');
}

/** Returns a unified diff between two versions (empty string when equal). */
export function unifiedDiff(fileLabel: string, before: string, after: string, beforeLabel = 'on disk', afterLabel = 'edited'): string {
	if (before === after) return '';
	return createTwoFilesPatch(fileLabel, fileLabel, before, after, beforeLabel, afterLabel, {context: 3});
}

/** Saves `text` over the opened file, following the safety rules described at the top of this module. */
export async function saveEcosystemFile(opened: OpenedEcosystemFile, editedText: string, options: SaveOptions): Promise<SaveResult> {
	const label = path.basename(opened.file);
	const keep = options.keepBackups ?? defaultKeepPerFile;
	// What goes to disk (and to a recovery file): the edited text with the file's own line endings and BOM.
	const text = withConventions(editedText, conventionsOf(opened.text));
	const recover = () => writeRecoveryFile(options.backupDir, opened, text, keep);
	if (options.validation && hasBlockingFindings(options.validation) && !options.force) {
		return {
			ok: false,
			reason: 'invalid',
			message: options.validation.loaded
				? `Not saved: ${options.validation.counts.error} error(s) (PM2 would refuse or misrun this file). Save anyway only if you insist.`
				: `Not saved: the file does not load (${options.validation.findings[0]?.message ?? 'unknown error'}).`,
		};
	}
	let diskBytes: Buffer;
	try {
		diskBytes = fs.readFileSync(opened.realPath);
	} catch (error) {
		const recoveryPath = recover();
		return {
			ok: false,
			reason: 'conflict',
			message: `The file disappeared since it was opened (${(error as Error).message}). Your text is in ${recoveryPath ?? '(no recovery file could be written)'}.`,
			diskText: '',
			diff: unifiedDiff(label, '', toEditorText(text), 'on disk (missing)', 'your buffer'),
			recoveryPath,
		};
	}
	const diskText = diskBytes.toString('utf8');
	if (sha256(diskBytes) !== opened.fingerprint.sha256) {
		const recoveryPath = recover();
		return {
			ok: false,
			reason: 'conflict',
			message: `${label} changed on disk since it was opened; nothing was overwritten. Your text is saved in ${recoveryPath ?? '(no recovery file could be written)'}.`,
			diskText,
			diff: unifiedDiff(label, toEditorText(diskText), toEditorText(text), 'on disk now (theirs)', 'your buffer (mine)'),
			recoveryPath,
		};
	}
	if (diskText === text) return {ok: false, reason: 'unchanged', message: 'No changes to save.'};
	const fileMode = fs.statSync(opened.realPath).mode & 0o7777;
	if ((fileMode & 0o222) === 0 && !options.replaceReadOnlyFile) {
		const recoveryPath = recover();
		return {
			ok: false,
			reason: 'read-only-file',
			message: `${label} is read-only (mode ${fileMode.toString(8).padStart(4, '0')}): nothing was changed; your text is in ${recoveryPath ?? '(no recovery file)'}. Make it writable (chmod u+w) if it is meant to be edited.`,
			recoveryPath,
		};
	}

	const backupPath = writeBackup(options.backupDir, opened, diskBytes, keep);
	// The diff is for people: line endings and the BOM are kept as they were, so they are not part of it.
	const diff = unifiedDiff(label, toEditorText(diskText), toEditorText(text));
	const directory = path.dirname(opened.realPath);
	if (!canWrite(directory)) {
		if (!options.allowInPlace) {
			const recoveryPath = recover();
			return {
				ok: false,
				reason: 'read-only-directory',
				message: `${directory} is not writable, so ${label} cannot be replaced atomically (the temp file must live next to it). Nothing was changed; your text is in ${recoveryPath ?? '(no recovery file)'}. Make the folder writable, or confirm an in-place write (verified, with a backup at ${backupPath ?? 'n/a'}, but not crash-safe).`,
				recoveryPath,
			};
		}
		return writeInPlace(opened, text, diskBytes, backupPath, diff, recover);
	}
	try {
		await writeFileAtomic(opened.realPath, text, {mode: opened.mode, chown: {uid: opened.uid, gid: opened.gid}, fsync: true});
		fsyncPath(opened.realPath); // chmod/chown happen after write-file-atomic's fsync: flush the inode too
		fsyncPath(directory); // write-file-atomic does not fsync the folder after rename (durability of the rename)
	} catch (error) {
		const recoveryPath = recover();
		const code = (error as NodeJS.ErrnoException).code;
		return {
			ok: false,
			reason: code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'read-only-directory' : 'write-failed',
			message: `Saving failed (${(error as Error).message}); the file on disk is unchanged. Your text is in ${recoveryPath ?? '(no recovery file)'}.`,
			recoveryPath,
		};
	}
	return {ok: true, file: opened.file, realPath: opened.realPath, method: 'atomic-rename', backupPath, diff, opened: reopen(opened, text)};
}

// In place: one positional write of the whole content, truncate, fsync, read back; restore the backup bytes if the
// read-back differs. A crash during the write can still leave a mix — the backup is the way back, and the UI says so.
function writeInPlace(
	opened: OpenedEcosystemFile,
	text: string,
	previous: Buffer,
	backupPath: string | null,
	diff: string,
	recover: () => string | null,
): SaveResult {
	if (backupPath === null) {
		return {
			ok: false,
			reason: 'write-failed',
			message: 'Refusing an in-place write without a backup (the backup folder is not writable).',
			recoveryPath: recover(),
		};
	}
	const bytes = Buffer.from(text, 'utf8');
	try {
		const fd = fs.openSync(opened.realPath, 'r+');
		try {
			fs.writeSync(fd, bytes, 0, bytes.length, 0);
			fs.ftruncateSync(fd, bytes.length);
			fs.fsyncSync(fd);
		} finally {
			fs.closeSync(fd);
		}
		if (sha256(fs.readFileSync(opened.realPath)) !== sha256(bytes)) throw new Error('read-back verification failed');
	} catch (error) {
		try {
			fs.writeFileSync(opened.realPath, previous);
		} catch {
			// The backup file is the remaining way back; it is named in the message.
		}
		return {
			ok: false,
			reason: 'write-failed',
			message: `In-place write failed (${(error as Error).message}); the previous content was restored (backup: ${backupPath}).`,
			recoveryPath: recover(),
		};
	}
	return {ok: true, file: opened.file, realPath: opened.realPath, method: 'in-place', backupPath, diff, opened: reopen(opened, text)};
}

// The new baseline is what WE wrote (not a re-read), so a concurrent writer right after us is still detected.
function reopen(opened: OpenedEcosystemFile, text: string): OpenedEcosystemFile {
	const stat = fs.statSync(opened.realPath);
	const bytes = Buffer.from(text, 'utf8');
	return {...opened, text, fingerprint: fingerprintOf(bytes, stat), mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid};
}

function canWrite(directory: string): boolean {
	try {
		fs.accessSync(directory, fs.constants.W_OK);
		return true;
	} catch {
		return false;
	}
}

function fsyncPath(target: string) {
	let fd: number | null = null;
	try {
		fd = fs.openSync(target, 'r');
		fs.fsyncSync(fd);
	} catch {
		// Some filesystems refuse fsync on folders (EINVAL/EISDIR): the rename itself has happened.
	} finally {
		if (fd !== null) fs.closeSync(fd);
	}
}

/** Finds temp files write-file-atomic may have left next to the file after a crash (`<name>.<uint32>`). */
export function findStrayTempFiles(realPath: string): string[] {
	const directory = path.dirname(realPath);
	const base = path.basename(realPath);
	try {
		return fs
			.readdirSync(directory)
			.filter(name => name.startsWith(base + '.') && /^\d{1,10}$/.test(name.slice(base.length + 1)))
			.map(name => path.join(directory, name));
	} catch {
		return [];
	}
}

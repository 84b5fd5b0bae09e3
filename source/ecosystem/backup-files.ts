// Backups (the on-disk version before a save) and recovery files (a buffer that could not be saved), kept outside
// the app's folder so a `watch` does not fire. Both are pruned per file: an editor left refusing saves for days,
// or an autosave loop, must not fill the disk.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type {OpenedEcosystemFile} from './save-ecosystem-file.js';

/** How many backups, and separately recovery files, are kept per edited file. */
export const defaultKeepPerFile = 20;

/** The prefix of a file's copies: a hash of where its bytes live, and its name for people. */
export function backupKeyOf(realPath: string): string {
	return `${crypto.createHash('sha256').update(realPath).digest('hex').slice(0, 10)}-${path.basename(realPath)}`;
}

const fileKey = (opened: Pick<OpenedEcosystemFile, 'realPath'>) => backupKeyOf(opened.realPath);

let lastStampMs = 0;
let sameMsCount = 0;

// Sorts in the order the copies were written, also within one millisecond (a counter: pruning keeps the newest),
// and stays unique across processes (the random part).
function timestamp(): string {
	const nowMs = Date.now();
	sameMsCount = nowMs === lastStampMs ? sameMsCount + 1 : 0;
	lastStampMs = nowMs;
	const sequence = String(sameMsCount).padStart(4, '0');
	return `${new Date(nowMs).toISOString().replace(/[:.]/g, '-')}-${sequence}-${crypto.randomBytes(3).toString('hex')}`;
}

function filesOf(folder: string, opened: Pick<OpenedEcosystemFile, 'realPath'>, suffix: string): string[] {
	const prefix = fileKey(opened) + '.';
	try {
		return fs
			.readdirSync(folder)
			.filter(name => name.startsWith(prefix) && name.endsWith(suffix))
			.sort();
	} catch {
		return [];
	}
}

/** Writes `data` as the newest of a file's copies in `folder` (mode 0600) and removes all but the newest `keep`. */
function writeKeptCopy(folder: string, opened: Pick<OpenedEcosystemFile, 'realPath'>, data: string | Buffer, suffix: string, keep: number): string | null {
	try {
		fs.mkdirSync(folder, {recursive: true, mode: 0o700});
		const copyPath = path.join(folder, `${fileKey(opened)}.${timestamp()}${suffix}`);
		fs.writeFileSync(copyPath, data, {mode: 0o600, flag: 'wx'});
		const names = filesOf(folder, opened, suffix);
		for (const name of names.slice(0, Math.max(0, names.length - Math.max(1, keep)))) fs.rmSync(path.join(folder, name), {force: true});
		return copyPath;
	} catch {
		return null;
	}
}

/** Copies the on-disk version to the backup folder and prunes old ones; returns the path or null. */
export function writeBackup(backupDir: string, opened: Pick<OpenedEcosystemFile, 'realPath'>, bytes: Buffer, keep = defaultKeepPerFile): string | null {
	return writeKeptCopy(backupDir, opened, bytes, '.bak', keep);
}

/** Lists the backups of a file, newest first (for a "revert" action). */
export function listBackups(backupDir: string, opened: Pick<OpenedEcosystemFile, 'realPath'>): string[] {
	return filesOf(backupDir, opened, '.bak')
		.reverse()
		.map(name => path.join(backupDir, name));
}

/** When a backup was written, from its name (`<key>.2026-01-02T03-04-05-678Z-<sequence>-<random>.bak`); null if not one. */
export function backupTimeMs(backupPath: string): number | null {
	const match = /\.(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-\d+-[0-9a-f]+\.bak$/.exec(backupPath);
	if (!match) return null;
	const atMs = Date.parse(`${match[1]}T${match[2]}:${match[3]}:${match[4]}.${match[5]}Z`);
	return Number.isNaN(atMs) ? null : atMs;
}

/** The folder recovery files go to: `recovery/` next to the backup folder. */
export function recoveryDirOf(backupDir: string): string {
	return path.join(path.dirname(backupDir), 'recovery');
}

/** Saves the user's buffer next to the backups (mode 0600, the newest `keep` kept) so a refused save loses nothing. */
export function writeRecoveryFile(backupDir: string, opened: OpenedEcosystemFile, text: string, keep = defaultKeepPerFile): string | null {
	return writeKeptCopy(recoveryDirOf(backupDir), opened, text, '.recovered', keep);
}

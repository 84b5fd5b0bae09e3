// The changes made to ecosystem files through pm2-doctor's editor, read back from its backups: every save first
// copies the version on disk (backup-files.ts, named with its time), so the change made at that time is the
// diff from that copy to the next one, or to the file as it is now. For the incident report: bounded, and
// secret-looking values masked (a diff of an env block is exactly where tokens live).
import fs from 'node:fs';
import path from 'node:path';
import {structuredPatch} from 'diff';
import {isSecretName, maskSecretsInText, maskedValue} from '../model/mask-secrets.js';
import {backupKeyOf, backupTimeMs, listBackups} from './backup-files.js';

export type EcosystemChange = {
	atMs: number;
	/** The file as saved (symlinks resolved). */
	file: string;
	/** Unified diff lines (hunk headers and ±/space lines), masked; at most `maxDiffLines`. */
	diffLines: string[];
	/** Diff lines left out past the bound. */
	omittedLines: number;
	/** What the diff is against: the next save's backup, or the file now (missing: the file is gone). */
	after: 'next-backup' | 'file-now' | 'missing';
};

export const maxDiffLines = 40;
export const maxChangesPerFile = 10;
/** Backups larger than an ecosystem file can be (save-ecosystem-file.ts refuses more) are not read. */
const maxFileBytes = 1024 * 1024;

/** The changes to `files` saved at `fromMs` or later, oldest first, at most `maxChangesPerFile` per file (the newest). */
export function readEcosystemChanges(backupDir: string, files: readonly string[], fromMs: number): EcosystemChange[] {
	const changes: EcosystemChange[] = [];
	for (const realPath of new Set(files.map(realPathOf))) {
		const versions = listBackups(backupDir, {realPath})
			.reverse()
			.map(backup => ({atMs: backupTimeMs(backup), text: readText(backup)}))
			.filter((version): version is {atMs: number; text: string} => version.atMs !== null && version.text !== null);
		const now = readText(realPath);
		const inWindow: EcosystemChange[] = [];
		versions.forEach((version, index) => {
			if (version.atMs < fromMs) return;
			const next = versions[index + 1];
			const afterText = next?.text ?? now ?? '';
			const diff = boundedDiff(path.basename(realPath), version.text, afterText);
			inWindow.push({atMs: version.atMs, file: realPath, ...diff, after: next ? 'next-backup' : now === null ? 'missing' : 'file-now'});
		});
		changes.push(...inWindow.slice(-maxChangesPerFile));
	}
	return changes.sort((a, b) => a.atMs - b.atMs);
}

/** Names of backed-up files (by their backup prefix) not among `files`, with backups in the window: saved, but not found now. */
export function otherBackedUpFiles(backupDir: string, files: readonly string[], fromMs: number): string[] {
	const known = new Set(files.map(file => backupKeyOf(realPathOf(file))));
	let names: string[];
	try {
		names = fs.readdirSync(backupDir);
	} catch {
		return [];
	}
	const others = new Set<string>();
	for (const name of names) {
		const key = /^(.+)\.\d{4}-\d{2}-\d{2}T[\d-]+Z-\d+-[0-9a-f]+\.bak$/.exec(name)?.[1];
		const atMs = backupTimeMs(name);
		if (key && atMs !== null && atMs >= fromMs && !known.has(key)) others.add(key.slice(11));
	}
	return [...others].sort();
}

/** A unified diff of two versions, masked, cut to `maxLines` lines. Pure. */
export function boundedDiff(label: string, before: string, after: string, maxLines = maxDiffLines): {diffLines: string[]; omittedLines: number} {
	if (before === after) return {diffLines: [], omittedLines: 0};
	const patch = structuredPatch(label, label, before, after, '', '', {context: 2});
	const lines = patch.hunks.flatMap(hunk => [
		`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`,
		...hunk.lines.filter(line => !line.startsWith('\\')).map(maskConfigLine),
	]);
	return {diffLines: lines.slice(0, maxLines), omittedLines: Math.max(0, lines.length - maxLines)};
}

// `API_TOKEN: 'x'`, `"DB_PASSWORD": "x"`, `secret: x` (JS, JSON, YAML): the value after a secret-looking key.
const keyValuePattern = /(["'`]?)([A-Za-z_$][\w$.-]*)\1(\s*:\s*)('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|[^,{}[\]\s][^,}\]]*)/g;

/** Masks the values of secret-looking keys in one line of a config file, and what maskSecretsInText masks. Pure. */
export function maskConfigLine(line: string): string {
	const masked = line.replace(keyValuePattern, (match, quote: string, name: string, colon: string, value: string) => {
		if (!isSecretName(name)) return match;
		const valueQuote = /^["'`]/.test(value) ? value[0]! : '';
		return `${quote}${name}${quote}${colon}${valueQuote}${maskedValue}${valueQuote}`;
	});
	return maskSecretsInText(masked);
}

function realPathOf(file: string): string {
	try {
		return fs.realpathSync(file);
	} catch {
		return path.resolve(file);
	}
}

function readText(file: string): string | null {
	try {
		if (fs.statSync(file).size > maxFileBytes) return null;
		return fs.readFileSync(file, 'utf8');
	} catch {
		return null;
	}
}

// Parts of the checkout copied where another user can read them, for tests that run the CLI or a worker as
// an unprivileged user (setpriv to nobody): the checkout itself may sit in a private folder (a 0700 mktemp
// folder, root's home), where that user cannot even reach dist/ or node_modules/.
// Files that others may already read are hard-linked (node_modules is ~200 MB and ~10 000 files), others are
// copied and made readable; every folder is 0755. Links across file systems fall back to copies.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {repoRoot} from './pm2-sandbox.js';

export type WorldReadableCopy = {
	/** The copy's root: relative paths inside it are the same as in the checkout. */
	root: string;
	/** Removes the copy (the checkout is never touched). */
	remove(): void;
};

/** Copies `relativePaths` (files or folders, relative to the checkout) into a new world-readable temporary folder. */
export function copyForOtherUsers(relativePaths: readonly string[], prefix = 'pm2doc-readable-'): WorldReadableCopy {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	try {
		fs.chmodSync(root, 0o755);
		for (const relative of relativePaths) {
			const target = path.join(root, relative);
			makeReadableFolders(root, path.dirname(target));
			copyEntry(path.join(repoRoot, relative), target, root);
		}
	} catch (error) {
		fs.rmSync(root, {recursive: true, force: true});
		throw error;
	}
	return {root, remove: () => fs.rmSync(root, {recursive: true, force: true})};
}

function makeReadableFolders(root: string, folder: string): void {
	if (folder === root || fs.existsSync(folder)) return;
	makeReadableFolders(root, path.dirname(folder));
	fs.mkdirSync(folder);
	fs.chmodSync(folder, 0o755);
}

function copyEntry(source: string, target: string, root: string): void {
	const stat = fs.lstatSync(source);
	if (stat.isSymbolicLink()) {
		const link = fs.readlinkSync(source);
		// A link into the checkout must point into the copy, or the other user is sent back to the private folder.
		const inCheckout = path.isAbsolute(link) && (link === repoRoot || link.startsWith(repoRoot + path.sep));
		fs.symlinkSync(inCheckout ? path.join(root, path.relative(repoRoot, link)) : link, target);
	} else if (stat.isDirectory()) {
		fs.mkdirSync(target);
		fs.chmodSync(target, 0o755);
		for (const name of fs.readdirSync(source)) copyEntry(path.join(source, name), path.join(target, name), root);
	} else if (stat.isFile()) {
		if (stat.mode & 0o004 && tryLink(source, target)) return;
		fs.copyFileSync(source, target);
		// Executable for everyone if the owner could execute it (node_modules/.bin targets, native helpers).
		fs.chmodSync(target, stat.mode & 0o100 ? 0o755 : 0o644);
	}
}

function tryLink(source: string, target: string): boolean {
	try {
		fs.linkSync(source, target);
		return true;
	} catch {
		return false;
	}
}

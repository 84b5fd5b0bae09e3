// Writes docs/keybindings.md from the keymap. Run: npx tsx source/scripts/write-keybindings-doc.ts
// (test/unit/ui/keymap.test.ts fails when the committed file is stale).
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {keybindingsMarkdown} from '../ui/keymap-resolve.js';

/** Path of the generated document, relative to the repository root. */
export const keybindingsDocPath = 'docs/keybindings.md';

/** Finds the repository root from this file's location (source/scripts or dist/source/scripts). */
export function repositoryRoot(): string {
	let dir = path.dirname(fileURLToPath(import.meta.url));
	while (!fs.existsSync(path.join(dir, 'package.json'))) {
		const parent = path.dirname(dir);
		if (parent === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
		dir = parent;
	}
	return dir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const target = path.join(repositoryRoot(), keybindingsDocPath);
	fs.writeFileSync(target, keybindingsMarkdown());
	process.stdout.write(`Wrote ${target}\n`);
}

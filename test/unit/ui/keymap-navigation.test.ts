// docs/OPERATIONS.md explains every navigation key and palette command (docs/keybindings.md lists them all,
// generated; this checks the prose an operator reads first did not fall behind the keymap).
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {displayKeyName} from '../../../source/ui/key-names.js';
import {navigationKeymap} from '../../../source/ui/keymap-navigation.js';
import {repoRoot} from '../../helpers/pm2-sandbox.js';

const operations = fs.readFileSync(path.join(repoRoot, 'docs', 'OPERATIONS.md'), 'utf8');

describe('docs/OPERATIONS.md', () => {
	it.each(navigationKeymap.map(entry => [entry.command, entry] as const))('explains %s', (_command, entry) => {
		const keys: readonly string[] = entry.keys;
		// A palette command is named by its word (`:scale NAME N` → `:scale`), a key by how it is shown.
		const shown = keys.map(key => (key.startsWith(':') ? `\`${key.split(' ')[0]}` : `\`${displayKeyName(key)}\``));
		expect(
			shown.some(text => operations.includes(text)),
			`${shown.join(' or ')} (${entry.description})`,
		).toBe(true);
	});
});

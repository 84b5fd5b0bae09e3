import fs from 'node:fs';
import path from 'node:path';
import type {Key} from 'ink';
import {describe, expect, it} from 'vitest';
import {displayKeyName, keyNameOf} from '../../../source/ui/key-names.js';
import {keymap} from '../../../source/ui/keymap.js';
import {footerHints, helpLines, keybindingsMarkdown, resolveCommand} from '../../../source/ui/keymap-resolve.js';
import {keybindingsDocPath} from '../../../source/scripts/write-keybindings-doc.js';
import {repoRoot} from '../../helpers/pm2-sandbox.js';

const noKey: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
};

describe('keyNameOf', () => {
	it.each([
		['j', {}, 'j'],
		['G', {shift: true}, 'G'],
		['', {upArrow: true}, 'up'],
		['', {pageDown: true}, 'pagedown'],
		['', {escape: true, meta: true}, 'escape'],
		['', {tab: true, shift: true}, 'shift+tab'],
		['c', {ctrl: true}, 'ctrl+c'],
		['x', {meta: true}, 'meta+x'],
		[' ', {}, 'space'],
		['pasted text', {}, null],
	] as Array<[string, Partial<Key>, string | null]>)('%j %j → %s', (input, key, expected) => {
		expect(keyNameOf(input, {...noKey, ...key})).toBe(expected);
	});

	it('displays keys for people', () => {
		expect(displayKeyName('ctrl+c')).toBe('Ctrl-C');
		expect(displayKeyName('pagedown')).toBe('PgDn');
		expect(displayKeyName('G')).toBe('G');
	});
});

describe('keymap', () => {
	it('has "area.verb" names, each command once per scope, and no key bound twice in one scope', () => {
		const pairs = keymap.map(entry => `${entry.scope}:${entry.command}`);
		expect(new Set(pairs).size).toBe(pairs.length);
		for (const entry of keymap) expect(entry.command).toMatch(/^[a-z]+\.[a-z0-9-]+$/);
		const seen = new Set<string>();
		for (const entry of keymap) {
			for (const key of entry.keys) {
				const slot = `${entry.scope}:${key}`;
				expect(seen.has(slot), `${slot} bound twice`).toBe(false);
				seen.add(slot);
			}
		}
	});

	it('does not shadow main-screen commands with table keys', () => {
		const tableKeys = new Set(keymap.filter(entry => entry.scope === 'table').flatMap(entry => entry.keys as readonly string[]));
		for (const entry of keymap.filter(candidate => candidate.scope === 'main' || candidate.scope === 'global')) {
			for (const key of entry.keys) expect(tableKeys.has(key), `${key} of ${entry.command}`).toBe(false);
		}
	});
});

describe('resolveCommand', () => {
	it('takes the first active scope that binds the key', () => {
		expect(resolveCommand('j', ['help', 'global'], false)?.command).toBe('help.down');
		expect(resolveCommand('j', ['table', 'main', 'global'], false)?.command).toBe('table.down');
		expect(resolveCommand('q', ['table', 'main', 'global'], false)?.command).toBe('app.quit');
		expect(resolveCommand('escape', ['confirm'], false)?.command).toBe('confirm.no');
		expect(resolveCommand('q', ['confirm'], false)).toBeNull();
	});

	it('removes dangerous commands under read-only', () => {
		expect(resolveCommand('r', ['table', 'main', 'global'], false)?.command).toBe('process.restart');
		expect(resolveCommand('r', ['table', 'main', 'global'], true)).toBeNull();
	});
});

describe('generated texts', () => {
	it('builds footer hints for the active scopes within the width', () => {
		const hints = footerHints(['table', 'main', 'global'], false, 200);
		expect(hints).toContain('↑/k up');
		expect(hints).toContain('r restart');
		expect(hints).toContain('q/Ctrl-C quit');
		expect(footerHints(['table', 'main', 'global'], true, 200)).not.toContain('restart');
		expect(footerHints(['table', 'main', 'global'], false, 30).length).toBeLessThanOrEqual(30);
		expect(footerHints(['confirm'], false, 80)).toBe('y yes  n/Esc no');
	});

	it('keeps quit, help and troubleshoot in the footer at 80 columns', () => {
		for (const readOnly of [false, true]) {
			const hints = footerHints(['table', 'main', 'global'], readOnly, 80);
			expect(hints.length).toBeLessThanOrEqual(80);
			expect(hints).toMatch(/t\/d troubleshoot {2}q\/Ctrl-C quit {2}\? help$/);
			expect(hints).toContain('/ filter');
		}
	});

	it('lists every available binding in the help', () => {
		const text = helpLines(false).join('\n');
		for (const entry of keymap) expect(text).toContain(entry.description);
		expect(helpLines(true).join('\n')).not.toContain('Restart the selected process');
	});

	it('docs/keybindings.md is up to date (regenerate: npx tsx source/scripts/write-keybindings-doc.ts)', () => {
		const committed = fs.readFileSync(path.join(repoRoot, keybindingsDocPath), 'utf8');
		expect(committed).toBe(keybindingsMarkdown());
	});
});

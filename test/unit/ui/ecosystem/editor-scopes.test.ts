// One footer per editor mode, generated from the keymap, that says what the keys do in that mode.
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {editorScopes, withEditorMode} from '../../../../source/ui/ecosystem/editor-service-context.js';
import {footerHints, helpLines, keybindingsMarkdown} from '../../../../source/ui/keymap-resolve.js';
import {repoRoot} from '../../../helpers/pm2-sandbox.js';

const footer = (mode: Parameters<typeof editorScopes>[0], readOnly = false) => footerHints(editorScopes(mode, readOnly), readOnly, 200);

describe('editor footers', () => {
	it('while typing, offers no key that would type instead (q, ?) and always the way out', () => {
		expect(footer('editing')).toMatch(/^Esc close {2}Ctrl-C quit {2}Ctrl-S save {2}Ctrl-Z undo/);
		expect(footer('editing')).not.toMatch(/\bq\b|\?/);
		expect(footer('search')).toBe('Enter find  Esc cancel');
		expect(footer('discard')).toBe('Esc close  Enter keep editing');
	});

	it('shows the review, saved and applied keys, with the global ones that work there', () => {
		expect(footer('reviewing')).toBe('y save  ! save anyway  Esc/n edit  ↑/k scroll  q/Ctrl-C quit  ? help');
		expect(footer('saved')).toBe('a apply  Esc/e edit  ↑/k scroll  q/Ctrl-C quit  ? help');
		expect(footer('applied')).toBe('Esc close  e edit  ↑/k scroll  q/Ctrl-C quit  ? help');
		expect(footer('failed')).toBe(footer('applied'));
	});

	it('read-only: no save, fix or $EDITOR keys offered', () => {
		expect(footer('editing', true)).toBe('Ctrl-F search  Ctrl-N next finding  Esc/q close  Ctrl-C quit');
		expect(footer('unavailable', true)).toBe('q/Ctrl-C quit  ? help');
	});

	it('replaces only the editor view scope with the mode scopes', () => {
		expect(withEditorMode(['editor', 'global'], 'reviewing', false)).toEqual(['editor-review', 'editor-overlay', 'global']);
		expect(withEditorMode(['confirm'], 'reviewing', false)).toEqual(['confirm']);
	});

	it('lists every editor mode key in ? and in docs/keybindings.md (regenerated)', () => {
		const help = helpLines(false).join('\n');
		for (const text of [
			'Save the reviewed changes',
			'Save although the file has errors',
			'Apply the saved file to the apps whose entries changed',
			'Apply with --env',
			'Write in place',
			'Edit the file again',
			'Close without saving',
		]) {
			expect(help).toContain(text);
		}
		expect(fs.readFileSync(path.join(repoRoot, 'docs', 'keybindings.md'), 'utf8')).toBe(keybindingsMarkdown());
	});
});

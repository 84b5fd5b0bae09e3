// Turns Ink's (input, key) pair into the key names used in the keymap ('j', 'G', 'up', 'ctrl+c'…),
// so that bindings are data and the router is a table lookup.
import type {Key} from 'ink';

/** Returns the keymap name of a keypress, or null for input no binding can match (a multi-character paste). */
export function keyNameOf(input: string, key: Key): string | null {
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.leftArrow) return 'left';
	if (key.rightArrow) return 'right';
	if (key.pageUp) return 'pageup';
	if (key.pageDown) return 'pagedown';
	if (key.home) return 'home';
	if (key.end) return 'end';
	if (key.return) return 'return';
	// Ink reports Escape with meta=true too, so it must be tested before meta+<letter>.
	if (key.escape) return 'escape';
	if (key.tab) return key.shift ? 'shift+tab' : 'tab';
	if (key.backspace) return 'backspace';
	if (key.delete) return 'delete';
	if (key.ctrl && input.length === 1) return `ctrl+${input.toLowerCase()}`;
	if (key.meta && input.length === 1) return `meta+${input}`;
	if (input === ' ') return 'space';
	if (input.length === 1) return input;
	return null;
}

/** Returns how a key name is shown to people ("↑", "Ctrl-C", "PgDn"…). */
export function displayKeyName(name: string): string {
	const named: Record<string, string> = {
		up: '↑',
		down: '↓',
		left: '←',
		right: '→',
		pageup: 'PgUp',
		pagedown: 'PgDn',
		home: 'Home',
		end: 'End',
		return: 'Enter',
		escape: 'Esc',
		tab: 'Tab',
		'shift+tab': 'Shift-Tab',
		backspace: 'Backspace',
		delete: 'Delete',
		space: 'Space',
	};
	if (named[name]) return named[name];
	if (name.startsWith('ctrl+')) return `Ctrl-${name.slice(5).toUpperCase()}`;
	if (name.startsWith('meta+')) return `Alt-${name.slice(5)}`;
	return name;
}

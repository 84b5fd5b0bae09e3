// Under --read-only the keys that change PM2 state are not bound; pressed anyway, they say why nothing happens
// instead of doing nothing.
import {useRawInput} from './input-router.js';
import {keyNameOf} from './key-names.js';
import type {Scope} from './keymap.js';
import {resolveCommand} from './keymap-resolve.js';

/** The message for a key that is unavailable read-only, or null when the key is not one. */
export function readOnlyRefusal(keyName: string | null, scopes: readonly Scope[], readOnly: boolean): string | null {
	if (!readOnly || keyName === null || resolveCommand(keyName, scopes, true)) return null;
	const refused = resolveCommand(keyName, scopes, false);
	return refused?.entry.dangerous ? `read-only: ${refused.entry.description.toLowerCase()} is not available (pm2-doctor runs with --read-only).` : null;
}

/**
 * `isPromptOpen` reads the UI state as it is now: the keys typed right after `:` or `/` arrive before the render
 * that changes `scopes`, and are the prompt's text (the `r` of `:report`), not refused commands.
 */
export function useReadOnlyRefusal(
	scopes: readonly Scope[],
	readOnly: boolean,
	flash: (message: string, kind: 'error') => void,
	isPromptOpen: () => boolean = () => false,
): void {
	useRawInput((input, key) => {
		if (isPromptOpen()) return false;
		const message = readOnlyRefusal(keyNameOf(input, key), scopes, readOnly);
		if (message) flash(message, 'error');
		return message !== null;
	}, readOnly);
}

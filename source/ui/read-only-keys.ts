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

export function useReadOnlyRefusal(scopes: readonly Scope[], readOnly: boolean, flash: (message: string, kind: 'error') => void): void {
	useRawInput((input, key) => {
		const message = readOnlyRefusal(keyNameOf(input, key), scopes, readOnly);
		if (message) flash(message, 'error');
		return message !== null;
	}, readOnly);
}

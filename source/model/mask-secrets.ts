// Masks secret-looking environment values before they are displayed. PM2 keeps an app's whole
// environment (pm2_env.env), which routinely holds API tokens and database URLs; an operator
// sharing their screen must not leak them.

import {compareCodeUnits} from './compare-text.js';

/** What a masked value is replaced with. Fixed width on purpose: the length of a secret is a hint. */
export const maskedValue = '****';

// Matched against the variable NAME. Deliberately broad ("KEY" also matches "MONKEY"): a false
// positive hides a harmless value, a false negative leaks a secret.
const secretNamePattern = /TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|KEY|CREDENTIAL|AUTH|PRIVATE|COOKIE|SESSION|SALT|_PWD$|^PWD_|_PWD_/i;

// Variables PM2 and the shell set that match the pattern above but hold no secret.
const knownHarmlessNames = new Set(['PWD', 'OLDPWD', 'SSH_AUTH_SOCK', 'XAUTHORITY']);

/** Returns true when a variable name looks like it holds a secret (`*TOKEN*`, `*SECRET*`, `*PASSWORD*`, `*KEY*`…). */
export function isSecretName(name: string): boolean {
	if (knownHarmlessNames.has(name)) return false;
	return secretNamePattern.test(name);
}

// scheme://user:password@host — the password part is masked, the user and host stay readable
// because they are what an operator needs to check ("is it pointing at the right database?").
const urlCredentialsPattern = /([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]*):([^\s@/]*)@/gi;

/** Masks the password of every `scheme://user:password@host` URL inside a value. */
export function maskUrlCredentials(value: string): string {
	return value.replace(urlCredentialsPattern, (_match, scheme: string, user: string) => `${scheme}${user}:${maskedValue}@`);
}

/** Returns the value to display for one environment variable. */
export function maskEnvValue(name: string, value: string): string {
	if (isSecretName(name)) return value === '' ? '' : maskedValue;
	return maskUrlCredentials(value);
}

/** Returns the environment as display rows sorted by name, with secret-looking values masked. */
export function maskEnv(env: Record<string, string>): Array<{name: string; value: string; masked: boolean}> {
	return Object.keys(env)
		.sort(compareCodeUnits)
		.map(name => {
			const raw = String(env[name] ?? '');
			const value = maskEnvValue(name, raw);
			return {name, value, masked: value !== raw};
		});
}

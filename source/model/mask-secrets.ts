// Masks secret-looking values before they are displayed: environment values, arguments and free text
// (log lines, command lines). PM2 keeps an app's whole environment (pm2_env.env) and its command line,
// which routinely hold API tokens, passwords and database URLs; an operator sharing their screen, or a
// `status --json` ending up in a CI log, must not leak them. This is the one secret-name detector.

import {compareCodeUnits} from './compare-text.js';

/** What a masked value is replaced with. Fixed width on purpose: the length of a secret is a hint. */
export const maskedValue = '****';

// Matched against the variable NAME. Deliberately broad ("KEY" also matches "MONKEY"): a false
// positive hides a harmless value, a false negative leaks a secret.
// DSN: Sentry-style connection strings carry a key (https://<key>@host/1).
const secretNamePattern = /TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|KEY|CREDENTIAL|AUTH|PRIVATE|COOKIE|SESSION|SALT|DSN|_PWD$|^PWD_|_PWD_/i;

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

const flagWithValuePattern = /^(-{1,2}[A-Za-z0-9][\w.-]*)=([\s\S]*)$/;
const bareFlagPattern = /^-{1,2}([A-Za-z0-9][\w.-]*)$/;
const assignmentPattern = /^([A-Za-z_][\w.-]*)=([\s\S]*)$/;

/**
 * Masks the secret-looking values of a command line (an app's `args` or `node_args`): `--password=…`,
 * `--token …` (the value is the next argument), `API_KEY=…`, and the password of any URL with credentials.
 */
export function maskArgs(args: readonly string[]): string[] {
	const masked: string[] = [];
	let nextIsSecret = false;
	for (const arg of args) {
		if (nextIsSecret) {
			nextIsSecret = false;
			if (!arg.startsWith('-')) {
				masked.push(arg === '' ? '' : maskedValue);
				continue;
			}
		}
		const assignment = flagWithValuePattern.exec(arg) ?? assignmentPattern.exec(arg);
		if (assignment) {
			const key = assignment[1]!;
			const value = assignment[2]!;
			masked.push(isSecretName(key.replace(/^-+/, '')) && value !== '' ? `${key}=${maskedValue}` : maskUrlCredentials(arg));
			continue;
		}
		const bare = bareFlagPattern.exec(arg);
		if (bare && isSecretName(bare[1]!)) nextIsSecret = true;
		masked.push(maskUrlCredentials(arg));
	}
	return masked;
}

const secretAssignmentInTextPattern = /\b([A-Za-z_][\w.-]*)=(\S+)/g;
const flagThenValueInTextPattern = /(^|\s)(-{1,2}([A-Za-z0-9][\w.-]*))(\s+)(?!-)(\S+)/g;

/**
 * Masks URL passwords, `NAME=value` pairs and `--flag value` pairs whose name looks secret inside free text
 * (log lines, command lines).
 */
export function maskSecretsInText(text: string): string {
	return maskUrlCredentials(text)
		.replace(secretAssignmentInTextPattern, (match, name: string) => (isSecretName(name) ? `${name}=${maskedValue}` : match))
		.replace(flagThenValueInTextPattern, (match, before: string, flag: string, name: string, space: string) =>
			isSecretName(name) ? `${before}${flag}${space}${maskedValue}` : match,
		);
}

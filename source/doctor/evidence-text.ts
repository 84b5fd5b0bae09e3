// Evidence comes from logs and /proc, i.e. from the apps: it is untrusted text.
// Before it goes into a finding it is made single-line, bounded and free of terminal controls
// (the one sanitizer), and secrets are masked (findings go to JSON, cron mail, CI logs).
import {toSafeText} from '../logs/sanitize-line.js';
import {maskSecretsInText} from '../model/mask-secrets.js';

const maxEvidenceChars = 300;

/** Makes one untrusted line safe to show: controls in caret/`<U+XXXX>` form, secrets masked, length capped. */
export function toEvidenceText(text: string): string {
	// A tab is one space: evidence is one line inside a longer one, tab stops would not line up.
	const safe = maskSecretsInText(toSafeText(text.length > 4 * maxEvidenceChars ? text.slice(0, 4 * maxEvidenceChars) : text, {tabWidth: 1}));
	return safe.length > maxEvidenceChars ? `${safe.slice(0, maxEvidenceChars)}…` : safe;
}

/** Strips the pm2.log timestamp/level prefix for shorter evidence. */
export function withoutDaemonLogPrefix(line: string): string {
	return line.replace(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}: PM2 (?:log|error|warn|info|debug): /, '');
}

/** Formats a duration in ms compactly ("1.5 s", "3 min"). */
export function formatDuration(ms: number): string {
	if (ms < 1000) return `${Math.round(ms)} ms`;
	if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
	if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
	return `${(ms / 3_600_000).toFixed(1)} h`;
}

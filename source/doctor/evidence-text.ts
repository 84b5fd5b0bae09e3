// Evidence comes from logs and /proc, i.e. from the apps: it is untrusted text.
// Before it goes into a finding it is made single-line, bounded and free of
// terminal controls, and credentials in URLs are masked (findings go to JSON, cron mail, CI logs).

const maxEvidenceChars = 300;

/** Makes one untrusted line safe to show: controls in caret/`<U+XXXX>` form, URL passwords masked, length capped. */
export function toEvidenceText(text: string): string {
	let out = '';
	for (const char of text) {
		const code = char.codePointAt(0)!;
		if (char === '\t') out += ' ';
		else if (code < 0x20) out += `^${String.fromCharCode(code + 0x40)}`;
		else if (code === 0x7f) out += '^?';
		else if ((code >= 0x80 && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069) || code === 0x200e || code === 0x200f || code === 0x061c)
			out += `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
		else out += char;
		if (out.length > maxEvidenceChars) break;
	}
	out = maskSecrets(out);
	return out.length > maxEvidenceChars ? `${out.slice(0, maxEvidenceChars)}…` : out;
}

/** Masks the password part of `scheme://user:password@host` and `KEY=value` pairs whose key looks secret. */
export function maskSecrets(text: string): string {
	return text
		.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)(@)/gi, '$1***$3')
		.replace(/\b([A-Z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|PRIVATE_KEY)[A-Z0-9_]*)=(\S+)/gi, '$1=***');
}

/** Strips the pm2.log timestamp/level prefix for shorter evidence. */
export function withoutDaemonLogPrefix(line: string): string {
	return line.replace(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}: PM2 (?:log|error|warn|info|debug): /, '');
}

/** Formats a byte count for evidence ("1.5 MB"). Decimal units, like PM2's own M/G suffixes in docs. */
export function formatBytes(bytes: number): string {
	const abs = Math.abs(bytes);
	if (abs >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
	if (abs >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
	if (abs >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
	return `${Math.round(bytes)} B`;
}

/** Formats a duration in ms compactly ("1.5 s", "3 min"). */
export function formatDuration(ms: number): string {
	if (ms < 1000) return `${Math.round(ms)} ms`;
	if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
	if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
	return `${(ms / 3_600_000).toFixed(1)} h`;
}

// Pure formatting helpers for the UI and the headless reports: bytes, durations, percentages.
// Every function accepts null/NaN and returns a placeholder instead of throwing, because PM2 leaves
// many fields empty (stopped processes, non-Node apps).

/** Placeholder shown for an unknown value. */
export const unknownValue = '–';

const byteUnits = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/**
 * Formats a byte count with binary multiples (1 KB = 1024 B), e.g. 1536 → "1.5 KB", 52428800 → "50 MB".
 * The one byte formatter, on screen, in check evidence and in docs: binary because /proc, V8
 * (--max-old-space-size) and PM2 (max_memory_restart "200M") all count in 1024s, and labelled "MB" as
 * `pm2 ls`, V8's flags and PM2's own units are. JSON output carries plain byte counts.
 * `fixedDecimal` keeps one decimal below 100 units, even ".0" ("+5.0 MB/min"): for rates, where the tenths matter.
 */
export function formatBytes(bytes: number | null | undefined, options: {fixedDecimal?: boolean} = {}): string {
	if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return unknownValue;
	let value = bytes;
	let unitIndex = 0;
	while (value >= 1024 && unitIndex < byteUnits.length - 1) {
		value /= 1024;
		unitIndex++;
	}
	if (unitIndex === 0) return `${Math.round(value)} B`;
	if (options.fixedDecimal) {
		const text = value < 100 ? value.toFixed(1) : String(Math.round(value));
		if (Number(text) >= 1024 && unitIndex < byteUnits.length - 1) return `1.0 ${byteUnits[unitIndex + 1]}`;
		return `${text} ${byteUnits[unitIndex]}`;
	}
	// One decimal below 10 units keeps small differences visible; above that the decimal is noise.
	const rounded = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
	// Rounding can carry into the next unit (1023.6 KB → "1024 KB"): move up instead.
	if (rounded >= 1024 && unitIndex < byteUnits.length - 1) return `1 ${byteUnits[unitIndex + 1]}`;
	return `${rounded} ${byteUnits[unitIndex]}`;
}

/** Formats "used / total" heap figures, e.g. "12 MB / 20 MB"; unknown parts become "–". */
export function formatHeap(usedBytes: number | null, totalBytes: number | null): string {
	if (usedBytes === null && totalBytes === null) return unknownValue;
	return `${formatBytes(usedBytes)} / ${formatBytes(totalBytes)}`;
}

/**
 * Formats a duration compactly with its two most significant units, e.g. 45_000 → "45s", 3_723_000 → "1h 2m",
 * 90_061_000 → "1d 1h". Sub-second durations show as "0s".
 */
export function formatDuration(durationMs: number | null | undefined): string {
	if (durationMs === null || durationMs === undefined || !Number.isFinite(durationMs) || durationMs < 0) {
		return unknownValue;
	}
	const totalSeconds = Math.floor(durationMs / 1000);
	const days = Math.floor(totalSeconds / 86_400);
	const hours = Math.floor((totalSeconds % 86_400) / 3600);
	const minutes = Math.floor((totalSeconds % 3600) / 60);
	const seconds = totalSeconds % 60;
	if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
	if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
	if (minutes > 0) return seconds > 0 ? `${minutes}m ${seconds}s` : `${minutes}m`;
	return `${seconds}s`;
}

/** Formats the time since `startedAtMs`, or "–" when PM2 reports no start time. */
export function formatUptime(startedAtMs: number | null, nowMs: number): string {
	if (startedAtMs === null) return unknownValue;
	return formatDuration(Math.max(0, nowMs - startedAtMs));
}

/** Formats a percentage with one decimal below 10 % and none above, e.g. 3.14 → "3.1%", 57.6 → "58%". */
export function formatPercent(percent: number | null | undefined): string {
	if (percent === null || percent === undefined || !Number.isFinite(percent)) return unknownValue;
	const oneDecimal = Math.round(Math.max(0, percent) * 10) / 10;
	if (oneDecimal === 0) return '0%';
	if (oneDecimal < 10) return `${oneDecimal.toFixed(1)}%`;
	return `${Math.round(oneDecimal)}%`;
}

/** Formats an epoch timestamp as a local "YYYY-MM-DD HH:MM:SS" string (stable width for tables). */
export function formatTimestamp(epochMs: number | null | undefined): string {
	if (epochMs === null || epochMs === undefined || !Number.isFinite(epochMs)) return unknownValue;
	const date = new Date(epochMs);
	const pad = (n: number) => String(n).padStart(2, '0');
	return (
		`${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` + `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
	);
}

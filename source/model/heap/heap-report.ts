// Text of `pm2-doctor heap`: the notice said before the app is paused, and the diff. Pure.
import {formatBytes} from '../format.js';
import type {HeapDiff} from './heap-diff.js';

/**
 * The snapshot pauses the app for its whole length. Measured on a 2-core VM at a load average of about 20
 * (docs/benchmarks.md): 1.2 to 17 MB of used heap a second, so the estimate takes the slow end. The file was
 * 1.3 to 1.65 times the used heap; the free-space check allows 1.8.
 */
export const snapshotBytesPerSecond = 1.5 * 1024 * 1024;
export const snapshotFileBytesPerHeapByte = 1.8;

export function estimatePauseMs(heapUsedBytes: number): number {
	return Math.max(100, Math.round((heapUsedBytes / snapshotBytesPerSecond) * 1000));
}

export function estimateSnapshotBytes(heapUsedBytes: number): number {
	return Math.round(heapUsedBytes * snapshotFileBytesPerHeapByte);
}

export function snapshotNotice(options: {label: string; heapUsedBytes: number; snapshots: number; port: number; outDir: string}): string {
	const seconds = Math.max(1, Math.round(estimatePauseMs(options.heapUsedBytes) / 1000));
	return (
		`${options.label}: ${options.snapshots === 1 ? 'a heap snapshot' : `${options.snapshots} heap snapshots`} of ${formatBytes(options.heapUsedBytes)} of heap; ` +
		`the app pauses about ${seconds} s for each, its inspector listens on 127.0.0.1:${options.port} meanwhile (closed afterwards); ` +
		`the file may hold secrets (tokens, passwords, user data): written 0600 in ${options.outDir}`
	);
}

export function formatHeapDiff(diff: HeapDiff): string {
	const lines = [
		`Heap after GC: ${formatBytes(diff.heapBeforeBytes)} -> ${formatBytes(diff.heapAfterBytes)} in ${Math.round(diff.intervalMs / 1000)} s`,
		'',
		'  count Δ     self size Δ   constructor',
		...diff.growers.map(row => `  ${signed(row.countDelta).padStart(9)}  ${signedBytes(row.selfSizeDeltaBytes).padStart(13)}   ${row.name}`),
	];
	if (diff.growers.length === 0) lines.push('  (nothing grew)');
	lines.push('');
	if (diff.dominant === null) {
		lines.push('No dominant grower: no constructor accounts for most of the growth (retained sizes are not computed).');
	} else {
		lines.push(`Top grower: ${diff.dominant.name} (${signed(diff.dominant.countDelta)} instances, ${signedBytes(diff.dominant.selfSizeDeltaBytes)})`);
		if (diff.retainers && diff.retainers.length > 0) {
			lines.push(`Kept alive by (a new instance, outwards):`);
			for (const step of diff.retainers) lines.push(`  <- ${step.via} in ${step.holder}`);
		} else {
			lines.push('No retainer chain found for a new instance.');
		}
	}
	return lines.join('\n') + '\n';
}

function signed(value: number): string {
	return value > 0 ? `+${value}` : String(value);
}

function signedBytes(value: number): string {
	return value < 0 ? `-${formatBytes(-value)}` : `+${formatBytes(value)}`;
}

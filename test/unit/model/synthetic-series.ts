// Synthetic metric series for the trend tests: sawtooth, step, noise, leak, flat.
import type {MetricSample} from '../../../source/model/types.js';

export const MB = 1024 * 1024;
export const t0 = Date.UTC(2026, 10, 25, 12, 0, 0);

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** One sample per `stepMs` for `durationMs`, heap given by `heapAt(elapsedMs)`; RSS = heap + 40 MB. */
export function series(
	durationMs: number,
	heapAt: (elapsedMs: number) => number,
	{stepMs = 1000, startedAtMs = t0 - 60_000, from = t0}: {stepMs?: number; startedAtMs?: number | null; from?: number} = {},
): MetricSample[] {
	const out: MetricSample[] = [];
	for (let elapsed = 0; elapsed <= durationMs; elapsed += stepMs) {
		const heap = heapAt(elapsed);
		out.push({
			atMs: from + elapsed,
			rssBytes: heap + 40 * MB,
			heapUsedBytes: heap,
			heapTotalBytes: heap * 1.3,
			cpuPercent: 1,
			eventLoopP95Ms: 2,
			startedAtMs,
		});
	}
	return out;
}

/** Healthy GC sawtooth: climbs `amplitude` over `periodMs`, then drops back. */
export const sawtooth = (baseBytes: number, amplitudeBytes: number, periodMs: number) => (elapsed: number) =>
	baseBytes + amplitudeBytes * ((elapsed % periodMs) / periodMs);

// Per-process bounded metric history, fed by each list() poll.
import type {ReadonlyRing} from '../store/store-types.js';
import {createRingBuffer, type RingBuffer} from './ring-buffer.js';
import type {DaemonSnapshot, MetricSample, ProcessSnapshot} from './types.js';

export function sampleOf(process: ProcessSnapshot, atMs: number): MetricSample {
	return {
		atMs,
		rssBytes: process.rssBytes,
		heapUsedBytes: process.heapUsedBytes,
		heapTotalBytes: process.heapTotalBytes,
		cpuPercent: process.cpuPercent,
		eventLoopP95Ms: process.eventLoopP95Ms,
		startedAtMs: process.startedAtMs,
	};
}

/** Appends one sample per process and forgets processes that are gone (bounded by the live list). */
export function recordSnapshotSamples(
	histories: Map<number, ReadonlyRing<MetricSample>>,
	snapshot: DaemonSnapshot,
	capacity: number,
): void {
	const present = new Set<number>();
	for (const process of snapshot.processes) {
		present.add(process.pmId);
		let ring = histories.get(process.pmId) as RingBuffer<MetricSample> | undefined;
		if (!ring) {
			ring = createRingBuffer<MetricSample>(capacity);
			histories.set(process.pmId, ring);
		}
		ring.push(sampleOf(process, snapshot.takenAtMs));
	}
	for (const pmId of histories.keys()) if (!present.has(pmId)) histories.delete(pmId);
}

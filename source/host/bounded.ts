// Bounded concurrency for the host readers: a host with thousands of pids must not open thousands of
// files at once, and each await yields to the event loop, so a slow /proc never freezes the UI.

/** Maps `items` through `task`, at most `limit` at a time; results in input order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await task(items[index]!);
		}
	};
	await Promise.all(Array.from({length: Math.max(1, Math.min(limit, items.length))}, worker));
	return results;
}

/** How many /proc or file reads run at once. */
export const hostReadConcurrency = 8;

/**
 * How long a diagnosis waits for one host reader whose empty answer finds nothing (sockets, pids, log sizes,
 * log tails, disk, scripts, other daemons): a slow /proc or disk costs a run this much at most, not the sum.
 * Generous, because the owner of a busy port is found by walking every process's descriptors, which takes
 * seconds on a loaded host with thousands of pids; well under the 30 s after which a run is abandoned.
 */
export const hostReadDeadlineMs = 10_000;

/** `work`'s value, or `fallback` when it has not settled within `deadlineMs` or failed (host facts are best effort). */
export function withDeadline<T>(work: Promise<T>, deadlineMs: number, fallback: T): Promise<T> {
	return new Promise<T>(resolve => {
		const timer = setTimeout(() => resolve(fallback), deadlineMs);
		const settle = (value: T) => {
			clearTimeout(timer);
			resolve(value);
		};
		work.then(settle, () => settle(fallback));
	});
}

// A fixed-capacity ring: memory stays bounded however long pm2-doctor runs.
// Generic (object) items; the per-process metric history uses its own columnar ring of typed arrays
// (source/model/process-history.ts) because it holds by far the most items.

/** Read-only view of a bounded ring buffer. */
export type ReadonlyRing<T> = {
	readonly size: number;
	readonly capacity: number;
	toArray(): T[];
	last(): T | undefined;
};

export type RingBuffer<T> = ReadonlyRing<T> & {
	push(item: T): void;
	clear(): void;
	/** The item at logical index (0 = oldest), or undefined when out of range. */
	at(index: number): T | undefined;
};

/** Creates an empty ring that keeps the newest `capacity` items, dropping the oldest on overflow. */
export function createRingBuffer<T>(capacity: number): RingBuffer<T> {
	if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
	const items: Array<T | undefined> = new Array(capacity);
	let start = 0;
	let size = 0;
	return {
		get size() {
			return size;
		},
		capacity,
		push(item) {
			if (size < capacity) {
				items[(start + size) % capacity] = item;
				size++;
			} else {
				items[start] = item;
				start = (start + 1) % capacity;
			}
		},
		clear() {
			items.fill(undefined);
			start = 0;
			size = 0;
		},
		at(index) {
			if (!Number.isInteger(index) || index < 0 || index >= size) return undefined;
			return items[(start + index) % capacity];
		},
		toArray() {
			const out: T[] = new Array(size);
			for (let i = 0; i < size; i++) out[i] = items[(start + i) % capacity] as T;
			return out;
		},
		last() {
			return size === 0 ? undefined : items[(start + size - 1) % capacity];
		},
	};
}

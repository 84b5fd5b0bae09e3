// A fixed-capacity ring: memory stays bounded however long pm2-doctor runs.
import type {ReadonlyRing} from '../store/store-types.js';

export type RingBuffer<T> = ReadonlyRing<T> & {
	push(item: T): void;
	clear(): void;
};

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

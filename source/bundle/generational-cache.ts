// A memo for pure functions of strings that keeps only what was used recently: entries go into the current
// generation; when it is full (or rotate() is called, e.g. once per frame) it becomes the previous
// generation and the one before is dropped. A hit in the previous generation is carried over. So memory is
// bounded by two generations, and whatever is still on screen stays cached.
export class GenerationalCache<V> {
	private current = new Map<string, V>();
	private previous = new Map<string, V>();

	constructor(private readonly maxEntriesPerGeneration: number) {}

	get(key: string, compute: (key: string) => V): V {
		let value = this.current.get(key);
		if (value !== undefined) return value;
		value = this.previous.get(key) ?? compute(key);
		if (this.current.size >= this.maxEntriesPerGeneration) this.rotate();
		this.current.set(key, value);
		return value;
	}

	rotate(): void {
		this.previous = this.current;
		this.current = new Map();
	}

	get size(): number {
		return this.current.size + this.previous.size;
	}
}

// The "strings" array at the end of a .heapsnapshot: every string value on the heap is in it, so only the indices
// asked for (constructor, property and variable names) are decoded and kept, each cut short. The strings nobody
// asked for are skipped with a native search for the next quote, not byte by byte: they are most of the array.

/** Names are short: a longer one is cut. */
const maxNameBytes = 1024;

/** Which strings to keep, by index: a flag byte each, grown as indices are seen (a Set of millions of numbers costs ~40 bytes each). */
export class WantedStrings {
	static readonly always = 1;
	/** Kept unless it is all digits: a backing store's internal edges are named "0", "1", … one string per element. */
	static readonly unlessNumeric = 2;
	private flags = new Uint8Array(1 << 16);

	add(index: number, how: number = WantedStrings.always): void {
		if (index >= this.flags.length) {
			let size = this.flags.length;
			while (size <= index) size *= 2;
			const grown = new Uint8Array(size);
			grown.set(this.flags);
			this.flags = grown;
		}
		if (this.flags[index]! !== WantedStrings.always) this.flags[index] = how;
	}

	get(index: number): number {
		return index < this.flags.length ? this.flags[index]! : 0;
	}
}

export class SnapshotStringsReader {
	/** The kept strings by their index in the array. */
	readonly strings = new Map<number, string>();
	private stringIndex = 0;
	private inString = false;
	private escaped = false;
	/** The current string's wanted flag (0: skip it). */
	private wanted = 0;
	private readonly bytes = new Uint8Array(maxNameBytes);
	private length = 0;
	private hasEscape = false;
	private stringCut = false;
	private readonly decoder = new TextDecoder();

	/** `wanted` is read while the strings come, so it may still grow until then. */
	constructor(private readonly wantedStrings: WantedStrings) {}

	/** Reads the array's bytes from `offset` (just after its opening bracket, or where the last chunk ended); true once it is closed. */
	read(chunk: Uint8Array, offset: number): boolean {
		let at = offset;
		while (at < chunk.length) {
			if (!this.inString) {
				const byte = chunk[at++]!;
				if (byte === 34 /* " */) this.startString();
				else if (byte === 93 /* ] */) return true;
				continue;
			}
			if (this.wanted === 0) {
				at = this.skip(chunk, at);
				continue;
			}
			const byte = chunk[at++]!;
			if (this.escaped) this.escaped = false;
			else if (byte === 92 /* \ */) this.escaped = this.hasEscape = true;
			else if (byte === 34) {
				this.endString();
				continue;
			}
			if (this.length < maxNameBytes) this.bytes[this.length++] = byte;
			else this.stringCut = true;
		}
		return false;
	}

	private startString(): void {
		this.inString = true;
		this.wanted = this.wantedStrings.get(this.stringIndex);
		this.length = 0;
		this.hasEscape = false;
		this.stringCut = false;
	}

	private endString(): void {
		if (this.wanted !== 0 && !(this.wanted === WantedStrings.unlessNumeric && this.isNumeric())) this.strings.set(this.stringIndex, this.decode());
		this.inString = false;
		this.stringIndex++;
	}

	/** Skips an unwanted string's bytes to its closing quote (ending it) or to the chunk's end; returns where it stopped. */
	private skip(chunk: Uint8Array, from: number): number {
		let at = from;
		if (this.escaped) {
			this.escaped = false;
			at++;
		}
		for (;;) {
			const quote = chunk.indexOf(34, at);
			const end = quote < 0 ? chunk.length : quote;
			// An odd run of backslashes before the quote (or the chunk's end) escapes it.
			let run = 0;
			while (end - run - 1 >= at && chunk[end - run - 1] === 92) run++;
			if (quote < 0) {
				this.escaped = run % 2 === 1;
				return chunk.length;
			}
			if (run % 2 === 0) {
				this.endString();
				return quote + 1;
			}
			at = quote + 1;
		}
	}

	private isNumeric(): boolean {
		if (this.length === 0 || this.stringCut) return false;
		for (let index = 0; index < this.length; index++) if (this.bytes[index]! < 48 || this.bytes[index]! > 57) return false;
		return true;
	}

	private decode(): string {
		let length = this.length;
		if (!this.hasEscape) {
			const text = this.decoder.decode(this.bytes.subarray(0, length));
			return this.stringCut ? `${text}…` : text;
		}
		// A cut may split an escape (\uXXXX is the longest): drop the dangling one.
		const lastEscape = this.bytes.subarray(0, length).lastIndexOf(92);
		if (this.stringCut && lastEscape >= length - 6) length = lastEscape;
		try {
			const text = JSON.parse(`"${this.decoder.decode(this.bytes.subarray(0, length))}"`) as string;
			return this.stringCut ? `${text}…` : text;
		} catch {
			return '(unreadable name)';
		}
	}
}

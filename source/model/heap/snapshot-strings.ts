// The "strings" array at the end of a .heapsnapshot, read byte by byte: every string value on the heap is in it,
// so only the indices asked for (constructor, property and variable names) are decoded and kept, each cut short.

/** Names are short: a longer one is cut. */
const maxNameBytes = 1024;

export class SnapshotStringsReader {
	/** The kept strings by their index in the array. */
	readonly strings = new Map<number, string>();
	private stringIndex = 0;
	private inString = false;
	private escaped = false;
	private stringBytes: number[] = [];
	private stringCut = false;
	private readonly decoder = new TextDecoder();

	/** `wantedStrings` is read while the strings come, so it may still grow until then. */
	constructor(private readonly wantedStrings: ReadonlySet<number>) {}

	/** Reads the array's bytes from `offset` (just after its opening bracket, or where the last chunk ended); true once it is closed. */
	read(chunk: Uint8Array, offset: number): boolean {
		for (let at = offset; at < chunk.length; at++) {
			const byte = chunk[at]!;
			if (!this.inString) {
				if (byte === 34 /* " */) {
					this.inString = true;
					this.stringBytes = [];
					this.stringCut = false;
				} else if (byte === 93 /* ] */) {
					return true;
				}
				continue;
			}
			const wanted = this.wantedStrings.has(this.stringIndex);
			if (this.escaped) {
				this.escaped = false;
			} else if (byte === 92 /* \ */) {
				this.escaped = true;
			} else if (byte === 34) {
				if (wanted) this.strings.set(this.stringIndex, decodeJsonString(this.stringBytes, this.stringCut, this.decoder));
				this.inString = false;
				this.stringIndex++;
				continue;
			}
			if (wanted && this.stringBytes.length < maxNameBytes) this.stringBytes.push(byte);
			else if (wanted) this.stringCut = true;
		}
		return false;
	}
}

function decodeJsonString(bytes: number[], cut: boolean, decoder: TextDecoder): string {
	let body = bytes;
	// A cut may split an escape (\uXXXX is the longest): drop the dangling one.
	const lastEscape = body.lastIndexOf(92);
	if (cut && lastEscape >= body.length - 6) body = body.slice(0, lastEscape);
	try {
		const text = JSON.parse(`"${decoder.decode(Uint8Array.from(body))}"`) as string;
		return cut ? `${text}…` : text;
	} catch {
		return '(unreadable name)';
	}
}

// Finds uncaught-exception blocks ("TypeError: message" followed by "    at frame" lines) in an
// application's error-log lines. PM2 writes the stack of an uncaught exception to the app's
// *-error.log (fork mode, via pm2-io), so the error log is where the timeline gets the message and
// the top frame without subscribing to the bus.

export type ExceptionBlock = {
	/** "TypeError", "Error", "MongoServerError"... */
	name: string;
	message: string;
	/** The first "at ..." frame without the "at ", e.g. "Timeout._onTimeout (/app/x.js:8:8)". */
	topFrame: string | null;
	/** Index of the header line in the input. */
	startIndex: number;
	/** Index just past the last frame line. */
	endIndex: number;
};

// Error-like header: a capitalised identifier (optionally "Uncaught " and a [CODE]), then ": message" or nothing.
const headerPattern = /^(?:Uncaught\s+)?([A-Z][\w$.]*)(?:\s\[[\w-]+\])?(?::\s?(.*))?$/;
const framePattern = /^\s+at\s+(.*)$/;
// Some headers are not error names even though they look like one ("Warning: ..." is fine to keep).
const maxMessageLines = 4;

/** True for a stack frame line ("    at fn (file:1:2)"). */
export const isStackFrameLine = (line: string) => framePattern.test(line);

/** Every exception block in order of appearance. */
export function findExceptionBlocks(lines: readonly string[]): ExceptionBlock[] {
	const blocks: ExceptionBlock[] = [];
	let i = 0;
	while (i < lines.length) {
		if (!isStackFrameLine(lines[i]!) || (i > 0 && isStackFrameLine(lines[i - 1]!))) {
			i++;
			continue;
		}
		// lines[i] is the first frame of a stack: the header is just above (a message may span a few lines).
		let headerIndex = -1;
		for (let back = 1; back <= maxMessageLines && i - back >= 0; back++) {
			const candidate = lines[i - back]!;
			const blockBefore = blocks.at(-1);
			if (blockBefore && i - back < blockBefore.endIndex) break;
			if (headerPattern.test(candidate.trimEnd()) && /error|exception|^[A-Z]\w*:/i.test(candidate)) {
				headerIndex = i - back;
				break;
			}
		}
		let end = i;
		while (end < lines.length && isStackFrameLine(lines[end]!)) end++;
		if (headerIndex >= 0) {
			const header = headerPattern.exec(lines[headerIndex]!.trimEnd())!;
			const messageParts = [header[2] ?? '', ...lines.slice(headerIndex + 1, i)].filter(part => part.length > 0);
			blocks.push({
				name: header[1]!,
				message: messageParts.join(' ').trim(),
				topFrame: framePattern.exec(lines[i]!)![1]!.trim(),
				startIndex: headerIndex,
				endIndex: end,
			});
		}
		i = end;
	}
	return blocks;
}

/** The last exception block, or null. */
export function lastExceptionBlock(lines: readonly string[]): ExceptionBlock | null {
	return findExceptionBlocks(lines).at(-1) ?? null;
}

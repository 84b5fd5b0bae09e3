// The byte-level conventions of a text file that the editor does not show but saving must keep: the line ending
// (CRLF files stay CRLF, or every line of a Windows-edited file would change in the diff and in git) and a
// leading byte-order mark. The buffer works on LF text without a BOM; saving puts the file's conventions back.

export type LineEnding = '\n' | '\r\n';

export type TextConventions = {lineEnding: LineEnding; byteOrderMark: boolean};

const byteOrderMark = '\uFEFF';

/** The conventions of a file's text: its dominant line ending (LF on a tie or without lines) and whether it has a BOM. */
export function conventionsOf(text: string): TextConventions {
	const crlfCount = text.match(/\r\n/g)?.length ?? 0;
	const lfCount = (text.match(/\n/g)?.length ?? 0) - crlfCount;
	return {lineEnding: crlfCount > lfCount ? '\r\n' : '\n', byteOrderMark: text.startsWith(byteOrderMark)};
}

/** The text as the editor holds it: LF line endings (CRLF and lone CR converted), no BOM. */
export function toEditorText(text: string): string {
	return (text.startsWith(byteOrderMark) ? text.slice(1) : text).replace(/\r\n?/g, '\n');
}

/** The text as the file should hold it: the editor's text with the given line ending and BOM. */
export function withConventions(text: string, conventions: TextConventions): string {
	const normalized = toEditorText(text);
	const ended = conventions.lineEnding === '\n' ? normalized : normalized.replace(/\n/g, conventions.lineEnding);
	return conventions.byteOrderMark ? byteOrderMark + ended : ended;
}

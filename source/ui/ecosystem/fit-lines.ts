// Fits the editor's overlay text (review diff, refusals, apply output) into the screen width without losing
// anything: a long changed diff line shows the segment that changed (with a little context, the unchanged rest
// elided as "…") and wraps what is left; other long lines wrap at spaces. Nothing is cut off at the edge.
import type {Tone} from '../theme.js';

export type FittedLine = {text: string; tone?: Tone};

/** Characters of unchanged text kept on each side of a change in a long diff line. */
const contextChars = 24;

export function toneOfLine(line: string): Tone | undefined {
	return line.startsWith('+') ? 'info' : line.startsWith('-') ? 'error' : line.startsWith('!') ? 'warning' : undefined;
}

const isChange = (line: string) => (line.startsWith('+') && !line.startsWith('+++')) || (line.startsWith('-') && !line.startsWith('---'));

/** The changed span [start, end) of each line of a -/+ pair, by common prefix and suffix. */
function changedSpan(line: string, other: string | undefined): [number, number] {
	if (other === undefined) return [0, line.length];
	let prefix = 0;
	while (prefix < line.length && prefix < other.length && line[prefix] === other[prefix]) prefix++;
	let suffix = 0;
	while (suffix < line.length - prefix && suffix < other.length - prefix && line[line.length - 1 - suffix] === other[other.length - 1 - suffix]) suffix++;
	return [prefix, Math.max(prefix, line.length - suffix)];
}

/** Pairs each removed line with the added line at the same position of the next block (a modified line). */
function partners(lines: readonly string[]): Map<number, number> {
	const pairs = new Map<number, number>();
	for (let index = 0; index < lines.length;) {
		if (!lines[index]!.startsWith('-') || lines[index]!.startsWith('---')) {
			index++;
			continue;
		}
		let removedEnd = index;
		while (removedEnd < lines.length && lines[removedEnd]!.startsWith('-')) removedEnd++;
		let addedEnd = removedEnd;
		while (addedEnd < lines.length && lines[addedEnd]!.startsWith('+')) addedEnd++;
		for (let offset = 0; offset < Math.min(removedEnd - index, addedEnd - removedEnd); offset++) {
			pairs.set(index + offset, removedEnd + offset);
			pairs.set(removedEnd + offset, index + offset);
		}
		index = addedEnd;
	}
	return pairs;
}

/** Cuts `text` into pieces of at most `width` characters, at spaces when one is near. */
export function wrapText(text: string, width: number, indent = ''): string[] {
	const room = Math.max(4, width);
	if (text.length <= room) return [text];
	const out: string[] = [];
	let rest = text;
	let first = true;
	while (rest.length > 0) {
		const available = first ? room : Math.max(4, room - indent.length);
		let cut = rest.length <= available ? rest.length : rest.lastIndexOf(' ', available);
		if (cut <= available / 2) cut = Math.min(rest.length, available);
		out.push((first ? '' : indent) + rest.slice(0, cut).trimEnd());
		rest = rest.slice(cut).replace(/^ /, '');
		first = false;
	}
	return out;
}

/** Fits overlay lines (diff lines keep their +/- marker on every piece, so colour and meaning survive). */
export function fitOverlayLines(lines: readonly string[], width: number): FittedLine[] {
	const pairs = partners(lines);
	const out: FittedLine[] = [];
	lines.forEach((line, index) => {
		const tone = toneOfLine(line);
		if (line.length <= width) return void out.push({text: line, tone});
		if (!isChange(line)) return void out.push(...wrapText(line, width, '    ').map(text => ({text, tone})));
		const marker = line[0]!;
		const body = line.slice(1);
		const partner = pairs.get(index);
		const [start, end] = changedSpan(body, partner === undefined ? undefined : lines[partner]!.slice(1));
		const from = Math.max(0, start - contextChars);
		const to = Math.min(body.length, end + contextChars);
		const shown = `${from > 0 ? '…' : ''}${body.slice(from, to)}${to < body.length ? '…' : ''}`;
		const room = Math.max(4, width - 1);
		for (let offset = 0; offset < shown.length; offset += room) out.push({text: marker + shown.slice(offset, offset + room), tone});
	});
	return out;
}

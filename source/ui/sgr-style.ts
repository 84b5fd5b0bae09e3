// Styled text as SGR escape codes, written the way chalk (and so Ink) writes them: one code per attribute,
// each closed by its own end code. Pure and free of Ink, so the plain first paint (first-paint.ts, on the
// start-up path) and the log rows (logs/styled-line.tsx) style text the same way.
import type {SpanStyle} from '../logs/sanitize-line.js';

const basic = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];
const bright = ['gray', 'redBright', 'greenBright', 'yellowBright', 'blueBright', 'magentaBright', 'cyanBright', 'whiteBright'];

/** SGR parameters for an Ink/chalk colour name, `ansi256(n)` or `#rrggbb`; null when unknown. */
function colorParams(color: string, background: boolean): string | null {
	const basicIndex = basic.indexOf(color);
	if (basicIndex !== -1) return String((background ? 40 : 30) + basicIndex);
	const brightIndex = bright.indexOf(color === 'grey' || color === 'blackBright' ? 'gray' : color);
	if (brightIndex !== -1) return String((background ? 100 : 90) + brightIndex);
	const ansi256 = /^ansi256\((\d{1,3})\)$/.exec(color);
	if (ansi256) return `${background ? 48 : 38};5;${ansi256[1]}`;
	const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
	if (hex)
		return `${background ? 48 : 38};2;${hex
			.slice(1)
			.map(part => parseInt(part, 16))
			.join(';')}`;
	return null;
}

export type TextStyle = SpanStyle;

/** SGR open and close codes per attribute, as chalk writes them. */
const attributeCodes: ReadonlyArray<[keyof TextStyle, number, number]> = [
	['bold', 1, 22],
	['dimColor', 2, 22],
	['italic', 3, 23],
	['underline', 4, 24],
	['inverse', 7, 27],
	['strikethrough', 9, 29],
];

/**
 * Wraps `text` in SGR codes for `style` (colours dropped when `noColor`). Like chalk, one code per attribute,
 * each closed by its own end code. Why not one compound code and a full reset: the frame compositor must
 * re-slice a line holding those on every frame to reproduce Ink's bytes (source/bundle/fast-ink-output.ts),
 * and a log view is made of these lines.
 */
export function styleText(text: string, style: TextStyle | undefined, noColor: boolean): string {
	if (!style || text === '') return text;
	let open = '';
	let close = '';
	const add = (params: string, endCode: number) => {
		open += `\u001b[${params}m`;
		close = `\u001b[${endCode}m` + close;
	};
	for (const [attribute, code, endCode] of attributeCodes) if (style[attribute]) add(String(code), endCode);
	if (!noColor && style.color) {
		const color = colorParams(style.color, false);
		if (color) add(color, 39);
	}
	if (!noColor && style.backgroundColor) {
		const color = colorParams(style.backgroundColor, true);
		if (color) add(color, 49);
	}
	return open + text + close;
}

import {describe, expect, it} from 'vitest';
import sliceAnsi from 'slice-ansi';
import {styleText} from '../../../source/ui/sgr-style.js';

describe('styleText', () => {
	it('emits one SGR code per attribute and colour, each closed by its own end code in reverse order', () => {
		expect(styleText('x', {bold: true, color: 'red'}, false)).toBe('\u001b[1m\u001b[31mx\u001b[39m\u001b[22m');
		expect(styleText('x', {backgroundColor: 'blueBright', color: 'ansi256(200)'}, false)).toBe('\u001b[38;5;200m\u001b[104mx\u001b[49m\u001b[39m');
		expect(styleText('x', {color: '#0a0b0c'}, false)).toBe('\u001b[38;2;10;11;12mx\u001b[39m');
		expect(styleText('x', {dimColor: true, italic: true, underline: true, strikethrough: true}, false)).toBe(
			'\u001b[2m\u001b[3m\u001b[4m\u001b[9mx\u001b[29m\u001b[24m\u001b[23m\u001b[22m',
		);
	});

	it("writes lines that Ink's slicing leaves byte for byte as they are (so the compositor need not slice them)", () => {
		const styles = [
			{bold: true, color: 'red'},
			{dimColor: true},
			{inverse: true, backgroundColor: 'green'},
			{italic: true, underline: true, color: 'cyanBright'},
		];
		for (const style of styles) {
			const line = 'ts ' + styleText('styled part', style, false) + ' plain ' + styleText('more', {color: 'yellow'}, false);
			expect(sliceAnsi(line, 0, 29)).toBe(line);
		}
	});

	it('keeps attributes but drops colours under NO_COLOR', () => {
		expect(styleText('x', {inverse: true, color: 'red'}, true)).toBe('\u001b[7mx\u001b[27m');
		expect(styleText('x', {color: 'red'}, true)).toBe('x');
	});

	it('leaves unstyled and empty text alone, ignores unknown colours', () => {
		expect(styleText('x', undefined, false)).toBe('x');
		expect(styleText('', {bold: true}, false)).toBe('');
		expect(styleText('x', {color: 'chartreuse'}, false)).toBe('x');
	});
});

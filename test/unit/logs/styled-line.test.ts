import {describe, expect, it} from 'vitest';
import {styleText} from '../../../source/ui/logs/styled-line.js';

describe('styleText', () => {
	it('emits SGR for attributes and colours, then resets', () => {
		expect(styleText('x', {bold: true, color: 'red'}, false)).toBe('\u001b[1;31mx\u001b[0m');
		expect(styleText('x', {backgroundColor: 'blueBright', color: 'ansi256(200)'}, false)).toBe('\u001b[38;5;200;104mx\u001b[0m');
		expect(styleText('x', {color: '#0a0b0c'}, false)).toBe('\u001b[38;2;10;11;12mx\u001b[0m');
	});

	it('keeps attributes but drops colours under NO_COLOR', () => {
		expect(styleText('x', {inverse: true, color: 'red'}, true)).toBe('\u001b[7mx\u001b[0m');
		expect(styleText('x', {color: 'red'}, true)).toBe('x');
	});

	it('leaves unstyled and empty text alone, ignores unknown colours', () => {
		expect(styleText('x', undefined, false)).toBe('x');
		expect(styleText('', {bold: true}, false)).toBe('');
		expect(styleText('x', {color: 'chartreuse'}, false)).toBe('x');
	});
});

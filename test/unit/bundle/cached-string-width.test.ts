// The bundle's string-width stand-in must agree with string-width on everything it measures by counting.
import {Chalk} from 'chalk';
import realStringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import stringWidth, {countedWidth} from '../../../source/bundle/cached-string-width.js';

const chalk = new Chalk({level: 3});

describe('cached string width', () => {
	it('agrees with string-width on every code point below U+2C00', () => {
		const disagreements: string[] = [];
		for (let code = 0; code < 0x2c00; code++) {
			const char = String.fromCharCode(code);
			if (stringWidth(char) !== realStringWidth(char)) disagreements.push(code.toString(16));
		}
		expect(disagreements).toEqual([]);
	});

	it('counts styled lines of ASCII, box drawing, blocks and glyphs', () => {
		const lines = [
			`${chalk.green('● online')}  api  ${chalk.dim('▁▂▃▅▇█')} 12.5 MB ↺ 3`,
			`${chalk.cyan('╭──────╮')}\n`.trim(),
			`  120.00 ┤${chalk.red('╭─╮')}   ${chalk.bgBlue.bold('✔ ok')} — é ü ±`,
			'plain ascii line with no styles at all, long enough to pass the 64-character cache limit',
		];
		for (const line of lines) {
			expect(countedWidth(line), line).toBe(realStringWidth(line));
			expect(stringWidth(line)).toBe(realStringWidth(line));
		}
	});

	it('leaves combining marks, emoji, wide text and other escapes to string-width', () => {
		const hard = ['e\u0301', '✔\uFE0F', '🙂 ok', '中文', 'ｗ', '\u001B]8;;http://x\u0007link\u001B]8;;\u0007', '\u001B[38:5:1mX', 'a\u200Db'];
		for (const text of hard) {
			expect(countedWidth(text), JSON.stringify(text)).toBeUndefined();
			expect(stringWidth(text)).toBe(realStringWidth(text));
		}
	});
});

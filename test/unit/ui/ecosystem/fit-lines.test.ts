import {describe, expect, it} from 'vitest';
import {fitOverlayLines, wrapText} from '../../../../source/ui/ecosystem/fit-lines.js';

describe('fitOverlayLines', () => {
	it('shows the changed segment of a modified line longer than the screen, past column 120', () => {
		const prefix = `    env: {${'X'.repeat(150)}`;
		const lines = fitOverlayLines(['@@ -1 +1 @@', `-${prefix}, PORT: '3000'}`, `+${prefix}, PORT: '4000'}`], 100);
		const removed = lines
			.filter(line => line.text.startsWith('-'))
			.map(line => line.text)
			.join('');
		const added = lines
			.filter(line => line.text.startsWith('+'))
			.map(line => line.text)
			.join('');
		expect(removed).toContain("PORT: '3000'}");
		expect(added).toContain("PORT: '4000'}");
		expect(added.startsWith('+…')).toBe(true); // the unchanged start is elided
		for (const line of lines) expect(line.text.length).toBeLessThanOrEqual(100);
		expect(lines.find(line => line.text.startsWith('+'))?.tone).toBe('info');
	});

	it('wraps an added long line whole, each piece keeping the + marker', () => {
		const line = `+${'abcdefghij'.repeat(25)}`;
		const lines = fitOverlayLines([line], 80);
		expect(lines.length).toBe(4);
		expect(lines.every(piece => piece.text.startsWith('+'))).toBe(true);
		expect(lines.map(piece => piece.text.slice(1)).join('')).toBe(line.slice(1));
	});

	it('wraps a message carrying a path instead of cutting it', () => {
		const recovery = `/root/.pm2/pm2-doctor/recovery/${'very-long-folder-name-'.repeat(5)}ecosystem.config.js.20261206T201500.recovered`;
		const message = `! The file changed on disk since it was opened; nothing was overwritten. Your text is saved in ${recovery}.`;
		const lines = fitOverlayLines([message], 120);
		expect(lines.length).toBeGreaterThan(1);
		expect(lines.map(line => line.text.trim()).join('')).toContain(recovery);
		for (const line of lines) expect(line.text.length).toBeLessThanOrEqual(120);
	});

	it('wrapText breaks at spaces and indents continuation lines', () => {
		expect(wrapText('one two three four', 9, '  ')).toEqual(['one two', '  three', '  four']);
	});
});

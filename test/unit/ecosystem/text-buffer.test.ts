import {describe, expect, it} from 'vitest';
import * as tb from '../../../source/ecosystem/text-buffer.js';

const type = (buffer: tb.TextBuffer, text: string) => [...text].reduce((current, char) => tb.insertText(current, char), buffer);

describe('text buffer', () => {
	it('inserts, splits lines with indentation and joins them back', () => {
		let buffer = tb.createTextBuffer('  apps: [');
		buffer = tb.moveCursor(buffer, 'line-end');
		buffer = tb.insertNewline(buffer);
		buffer = type(buffer, '{}');
		expect(tb.getText(buffer)).toBe('  apps: [\n  {}');
		expect(buffer.cursor).toEqual({line: 1, column: 4});
		buffer = tb.moveCursor(buffer, 'line-start'); // first non-blank
		expect(buffer.cursor.column).toBe(2);
		buffer = tb.moveCursor(buffer, 'line-start'); // then column 0
		expect(buffer.cursor.column).toBe(0);
		buffer = tb.deleteBackward(buffer);
		expect(tb.getText(buffer)).toBe('  apps: [  {}');
		expect(buffer.cursor).toEqual({line: 0, column: 9});
	});

	it('deletes forward and joins with the next line at the end of a line', () => {
		let buffer = tb.createTextBuffer('ab\ncd');
		buffer = tb.moveCursor(buffer, 'line-end');
		buffer = tb.deleteForward(buffer);
		expect(tb.getText(buffer)).toBe('abcd');
		buffer = tb.deleteForward(tb.setCursor(buffer, {line: 0, column: 0}));
		expect(tb.getText(buffer)).toBe('bcd');
		expect(tb.deleteBackward(tb.setCursor(buffer, {line: 0, column: 0}))).toEqual(tb.setCursor(buffer, {line: 0, column: 0}));
	});

	it('keeps the preferred column across shorter lines', () => {
		let buffer = tb.createTextBuffer('long line here\nx\nanother long line');
		buffer = tb.setCursor(buffer, {line: 0, column: 10});
		buffer = tb.moveCursor(buffer, 'down');
		expect(buffer.cursor).toEqual({line: 1, column: 1});
		buffer = tb.moveCursor(buffer, 'down');
		expect(buffer.cursor).toEqual({line: 2, column: 10});
		buffer = tb.moveCursor(tb.moveCursor(buffer, 'page-up', 50), 'buffer-end');
		expect(buffer.cursor).toEqual({line: 2, column: 17});
	});

	it('wraps left/right across lines and moves by words', () => {
		let buffer = tb.createTextBuffer('ab\ncd');
		buffer = tb.moveCursor(tb.setCursor(buffer, {line: 1, column: 0}), 'left');
		expect(buffer.cursor).toEqual({line: 0, column: 2});
		buffer = tb.moveCursor(buffer, 'right');
		expect(buffer.cursor).toEqual({line: 1, column: 0});
		let words = tb.createTextBuffer('max_memory_restart: "200M",');
		words = tb.moveCursor(words, 'word-right');
		expect(words.cursor.column).toBe(18);
		words = tb.moveCursor(words, 'word-left');
		expect(words.cursor.column).toBe(0);
	});

	it('undoes consecutive typing as one step and redoes it', () => {
		let buffer = tb.createTextBuffer('');
		buffer = type(buffer, 'hello');
		buffer = tb.moveCursor(buffer, 'line-start');
		buffer = type(buffer, '> ');
		expect(tb.getText(buffer)).toBe('> hello');
		buffer = tb.undo(buffer);
		expect(tb.getText(buffer)).toBe('hello');
		buffer = tb.undo(buffer);
		expect(tb.getText(buffer)).toBe('');
		expect(tb.undo(buffer)).toBe(buffer);
		buffer = tb.redo(tb.redo(buffer));
		expect(tb.getText(buffer)).toBe('> hello');
		// A new edit clears the redo stack.
		buffer = tb.insertText(tb.undo(buffer), 'x');
		expect(tb.redo(buffer)).toBe(buffer);
	});

	it('tracks whether the buffer differs from the saved text, CRLF included', () => {
		let buffer = tb.createTextBuffer('a\r\nb');
		expect(tb.isModified(buffer)).toBe(false);
		buffer = tb.insertText(buffer, 'x');
		expect(tb.isModified(buffer)).toBe(true);
		buffer = tb.markSaved(buffer);
		expect(tb.isModified(buffer)).toBe(false);
	});

	it('searches forward and backward with wrap-around, smart case', () => {
		const buffer = tb.createTextBuffer('name: "api"\nscript: "api.js"\nNAME');
		let result = tb.search(buffer, 'api');
		expect(result.buffer.cursor).toEqual({line: 0, column: 7});
		result = tb.search(result.buffer, 'api');
		expect(result.buffer.cursor).toEqual({line: 1, column: 9});
		result = tb.search(result.buffer, 'api'); // wraps
		expect(result.buffer.cursor).toEqual({line: 0, column: 7});
		expect(tb.search(buffer, 'name').buffer.cursor).toEqual({line: 2, column: 0}); // lower case = case-insensitive, skips the cursor position
		expect(tb.search(buffer, 'NAME').buffer.cursor).toEqual({line: 2, column: 0});
		expect(tb.search(buffer, 'missing').found).toBe(false);
		expect(tb.search(tb.setCursor(buffer, {line: 1, column: 0}), 'api', 'backward').buffer.cursor).toEqual({line: 0, column: 7});
	});

	it('scrolls the window to keep the cursor visible', () => {
		let buffer = tb.createTextBuffer(Array.from({length: 100}, (_, index) => `line ${index + 1}`).join('\n'));
		buffer = tb.scrollIntoView(tb.setCursor(buffer, {line: 50, column: 0}), 10, 20);
		expect(buffer.scrollTop).toBe(41);
		expect(tb.visibleLines(buffer, 10, 20).map(line => line.lineNumber)).toEqual([42, 43, 44, 45, 46, 47, 48, 49, 50, 51]);
		buffer = tb.scrollIntoView(tb.setCursor(buffer, {line: 3, column: 6}), 10, 4);
		expect(buffer.scrollTop).toBe(3);
		expect(buffer.scrollLeft).toBe(3);
		expect(tb.visibleLines(buffer, 1, 4)[0]).toEqual({lineNumber: 4, text: 'e 4'});
	});

	it('pastes multi-line text and replaces the whole text as one undo step', () => {
		let buffer = tb.insertText(tb.createTextBuffer('ab'), 'x\ny\nz');
		expect(tb.getText(buffer)).toBe('x\ny\nzab');
		expect(buffer.cursor).toEqual({line: 2, column: 1});
		buffer = tb.replaceText(buffer, 'new');
		expect(tb.getText(buffer)).toBe('new');
		expect(tb.getText(tb.undo(buffer))).toBe('x\ny\nzab');
		expect(tb.getText(tb.deleteLine(tb.createTextBuffer('a\nb\nc')))).toBe('b\nc');
	});
});

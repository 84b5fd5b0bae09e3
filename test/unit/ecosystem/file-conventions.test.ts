import {describe, expect, it} from 'vitest';
import {conventionsOf, toEditorText, withConventions} from '../../../source/ecosystem/file-conventions.js';
import * as tb from '../../../source/ecosystem/text-buffer.js';

describe('file conventions', () => {
	it('finds the dominant line ending and a BOM', () => {
		expect(conventionsOf('a\r\nb\r\nc\n')).toEqual({lineEnding: '\r\n', byteOrderMark: false});
		expect(conventionsOf('a\nb\r\nc\n')).toEqual({lineEnding: '\n', byteOrderMark: false});
		expect(conventionsOf('\uFEFFa')).toEqual({lineEnding: '\n', byteOrderMark: true});
	});

	it('round-trips a CRLF file with a BOM through the editor text', () => {
		const file = '\uFEFFa\r\nb\r\n';
		expect(toEditorText(file)).toBe('a\nb\n');
		expect(withConventions('a\nb\nc\n', conventionsOf(file))).toBe('\uFEFFa\r\nb\r\nc\r\n');
		// Text that already has the conventions is not doubled.
		expect(withConventions(file, conventionsOf(file))).toBe(file);
	});

	it('keeps the BOM out of the buffer: the first line starts with the first real character', () => {
		const buffer = tb.createTextBuffer('\uFEFFmodule.exports = {};\r\n');
		expect(buffer.lines).toEqual(['module.exports = {};', '']);
		expect(tb.isModified(buffer)).toBe(false);
		expect(tb.replaceText(buffer, '\uFEFFx').lines).toEqual(['x']);
	});
});

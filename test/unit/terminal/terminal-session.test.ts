import {EventEmitter} from 'node:events';
import {describe, expect, it} from 'vitest';
import {createSuspendSwitch, gatedWriteStream} from '../../../source/terminal/terminal-handoff.js';
import {enterSequence, interactiveTerminalProblem, isLostTerminalError, restoreSequence} from '../../../source/terminal/terminal-session.js';

describe('terminal session helpers', () => {
	it('explains which stream is not a terminal', () => {
		expect(interactiveTerminalProblem({isTTY: true}, {isTTY: true})).toBeNull();
		expect(interactiveTerminalProblem({isTTY: false}, {isTTY: true})).toBe('stdin is not a terminal');
		expect(interactiveTerminalProblem({isTTY: true}, {})).toBe('stdout is not a terminal');
		expect(interactiveTerminalProblem({}, {})).toBe('stdin and stdout are not terminals');
	});

	it('recognises the errors of a terminal that went away', () => {
		for (const code of ['EIO', 'EPIPE', 'EBADF']) expect(isLostTerminalError(Object.assign(new Error(code), {code}))).toBe(true);
		expect(isLostTerminalError(new Error('boom'))).toBe(false);
		expect(isLostTerminalError(undefined)).toBe(false);
	});

	it('enters the alternate screen hiding the cursor, and restores every mode it or a child may have set', () => {
		expect(enterSequence).toContain('\u001B[?1049h');
		expect(enterSequence).toContain('\u001B[?25l');
		expect(enterSequence).toContain('\u001B[?2004h');
		for (const mode of ['?1049l', '?25h', '?2004l', '?1000l', '?1002l', '?1003l', '?1006l']) expect(restoreSequence).toContain(`\u001B[${mode}`);
		// Show the cursor before leaving the alternate screen, so it is visible on the main screen.
		expect(restoreSequence.indexOf('?25h')).toBeLessThan(restoreSequence.indexOf('?1049l'));
	});
});

describe('terminal handoff pieces', () => {
	it('drops writes while closed, calls their callbacks, and passes everything else through', () => {
		const written: string[] = [];
		const target = Object.assign(new EventEmitter(), {
			columns: 91,
			write(chunk: string) {
				written.push(chunk);
				return true;
			},
		}) as unknown as NodeJS.WriteStream;
		let open = true;
		const gated = gatedWriteStream(target, () => open);
		gated.write('a');
		open = false;
		let called = false;
		gated.write('b', () => {
			called = true;
		});
		open = true;
		gated.write('c');
		expect(written).toEqual(['a', 'c']);
		expect(called).toBe(true);
		expect(gated.columns).toBe(91);
		let resized = false;
		gated.on('resize', () => {
			resized = true;
		});
		target.emit('resize');
		expect(resized).toBe(true);
	});

	it('notifies subscribers only on changes', () => {
		const suspension = createSuspendSwitch();
		let calls = 0;
		const unsubscribe = suspension.subscribe(() => calls++);
		suspension.set(true);
		suspension.set(true);
		suspension.set(false);
		unsubscribe();
		suspension.set(true);
		expect(calls).toBe(2);
		expect(suspension.isSuspended()).toBe(true);
	});
});

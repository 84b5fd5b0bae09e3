// Runs a command in a real pseudo-terminal (node-pty) and keeps an emulated screen of its output
// (@xterm/headless), so end-to-end tests assert on what a user would see, including the alternate
// screen and cursor state, and send real keystrokes.
import xterm from '@xterm/headless';
import pty from 'node-pty';
import {cleanChildEnv} from './pm2-sandbox.js';

export type PtyExit = {exitCode: number; signal: number | undefined};

export type PtyScreen = {
	/** The visible screen as text, one line per row, trailing spaces trimmed. */
	screenText(): string;
	/**
	 * Resolves with the screen once `pattern` matches it; rejects with the screen after `timeoutMs` (20 s by
	 * default: on a loaded 2-core machine a full redraw of the dev UI under tsx was measured at 4-7 s).
	 */
	waitForScreen(pattern: RegExp, timeoutMs?: number): Promise<string>;
	/** Sends keys (use ptyKeys for special keys). */
	press(keys: string): void;
	resize(cols: number, rows: number): void;
	isAlternateScreen(): boolean;
	isCursorHidden(): boolean;
	/** Every window title the program set (OSC 0/2), in order. */
	titles(): string[];
	/** The visible cells drawn in a colour other than the default foreground (palette index, or 24-bit RGB). */
	coloredCells(): Array<{row: number; column: number; char: string; fg: number; isPalette: boolean}>;
	/** Everything the program wrote, raw. */
	output(): string;
	readonly exit: Promise<PtyExit>;
	readonly pid: number;
	/** Sends a signal to the program (default SIGTERM); safe after exit. */
	kill(signal?: string): void;
};

export const ptyKeys = {
	up: '\u001B[A',
	down: '\u001B[B',
	escape: '\u001B',
	enter: '\r',
	ctrlC: '\u0003',
	pageDown: '\u001B[6~',
	pageUp: '\u001B[5~',
} as const;

export function spawnInPty(
	command: string,
	args: string[],
	{cols = 100, rows = 30, env = {}, cwd}: {cols?: number; rows?: number; env?: Record<string, string>; cwd?: string} = {},
): PtyScreen {
	const terminal = new xterm.Terminal({cols, rows, allowProposedApi: true});
	// Ink draws only the last frame under CI: the child must not inherit it (cleanChildEnv deletes it).
	const childEnv = cleanChildEnv({TERM: 'xterm-256color', ...env}) as Record<string, string>;
	const child = pty.spawn(command, args, {name: 'xterm-256color', cols, rows, cwd: cwd ?? process.cwd(), env: childEnv});
	let raw = '';
	let exited = false;
	const titles: string[] = [];
	terminal.onTitleChange(title => titles.push(title));
	// xterm parses asynchronously; count pending writes so the screen is read after they are applied.
	let pendingWrites = 0;
	child.onData(data => {
		raw += data;
		pendingWrites++;
		terminal.write(data, () => pendingWrites--);
	});
	const exit = new Promise<PtyExit>(resolve => {
		child.onExit(async ({exitCode, signal}) => {
			exited = true;
			// node-pty can deliver the last output after the exit event, and xterm parses asynchronously:
			// settle both, so "after exit" assertions see the restored screen.
			await new Promise(done => setTimeout(done, 100));
			while (pendingWrites > 0) await new Promise(done => setTimeout(done, 10));
			resolve({exitCode, signal});
		});
	});

	const screenText = () => {
		const buffer = terminal.buffer.active;
		const lines: string[] = [];
		for (let row = 0; row < terminal.rows; row++) lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
		return lines.join('\n');
	};

	return {
		screenText,
		async waitForScreen(pattern, timeoutMs = 20_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				if (pendingWrites === 0 && pattern.test(screenText())) return screenText();
				if (Date.now() > deadline) {
					throw new Error(`Timed out after ${timeoutMs} ms waiting for ${pattern}. Screen:\n${screenText()}`);
				}
				await new Promise(resolve => setTimeout(resolve, 25));
			}
		},
		press(keys) {
			if (!exited) child.write(keys);
		},
		resize(newCols, newRows) {
			terminal.resize(newCols, newRows);
			if (!exited) child.resize(newCols, newRows);
		},
		isAlternateScreen: () => terminal.buffer.active.type === 'alternate',
		titles: () => [...titles],
		coloredCells() {
			const buffer = terminal.buffer.active;
			const cells: Array<{row: number; column: number; char: string; fg: number; isPalette: boolean}> = [];
			for (let row = 0; row < terminal.rows; row++) {
				const line = buffer.getLine(buffer.viewportY + row);
				for (let column = 0; line && column < terminal.cols; column++) {
					const cell = line.getCell(column);
					if (cell && !cell.isFgDefault()) cells.push({row, column, char: cell.getChars(), fg: cell.getFgColor(), isPalette: cell.isFgPalette()});
				}
			}
			return cells;
		},
		// DECTCEM state is not exposed by xterm's public API: follow the last show/hide sequence written.
		isCursorHidden: () => raw.lastIndexOf('\u001B[?25l') > raw.lastIndexOf('\u001B[?25h'),
		output: () => raw,
		exit,
		pid: child.pid,
		kill(signal = 'SIGTERM') {
			if (exited) return;
			try {
				process.kill(child.pid, signal);
			} catch {
				// Already exited.
			}
		},
	};
}

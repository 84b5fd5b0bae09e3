// Renders an Ink tree into fake streams with a chosen terminal size (ink-testing-library's stdout
// is fixed at 100 columns with no rows) and drives it without fixed sleeps: keys are written after
// the input handlers are armed, and assertions poll the last frame (ink-testing-library#29, and
// modelcontextprotocol/inspector#1996: a visible frame does not imply armed useInput handlers).
import {EventEmitter} from 'node:events';
import {render} from 'ink';
import type React from 'react';
import {InertStdin} from './inert-stdin.js';

class FakeStdout extends EventEmitter {
	readonly isTTY = true;
	frames: string[] = [];
	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}
	write = (frame: string) => {
		this.frames.push(frame);
		return true;
	};
	lastFrame = () => this.frames.at(-1);
}

class FakeStdin extends InertStdin {
	override readonly isTTY = true;
	private data: string | null = null;
	write = (data: string) => {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	};
	override read() {
		const {data} = this;
		this.data = null;
		return data;
	}
}

/** Key sequences as a terminal sends them. */
export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	home: '\u001B[H',
	end: '\u001B[F',
	escape: '\u001B',
	enter: '\r',
	tab: '\t',
	shiftTab: '\u001B[Z',
	ctrlC: '\u0003',
} as const;

const tick = () => new Promise<void>(resolve => setImmediate(resolve));

export type InkHarness = {
	lastFrame(): string;
	frames: string[];
	/** Writes one key (or sequence) and lets React flush; call waitForFrame to assert on the result. */
	press(...sequences: string[]): Promise<void>;
	/** Writes the keys back to back, without letting React render in between (a fast typist, a key repeat). */
	pressBurst(...sequences: string[]): Promise<void>;
	waitForFrame(predicate: (frame: string) => boolean, options?: {timeoutMs?: number; what?: string}): Promise<string>;
	resize(columns: number, rows: number): void;
	unmount(): void;
	waitUntilExit(): Promise<unknown>;
	stdout: FakeStdout;
};

/** Strips SGR colour codes. */
export function stripAnsi(text: string): string {
	return text.replace(/\u001B\[[0-9;?]*[ -/]*[@-~]/g, '');
}

/** Mounts `tree` in a fake `columns`×`rows` terminal. */
export function renderInk(tree: React.ReactElement, {columns = 100, rows = 30}: {columns?: number; rows?: number} = {}): InkHarness {
	const stdout = new FakeStdout(columns, rows);
	const stderr = new FakeStdout(columns, rows);
	const stdin = new FakeStdin();
	const instance = render(tree, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: stderr as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		// debug: every render is written whole, so lastFrame() is the complete current screen.
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	const lastFrame = () => stripAnsi(stdout.lastFrame() ?? '');
	return {
		lastFrame,
		frames: stdout.frames,
		stdout,
		async press(...sequences) {
			for (const sequence of sequences) {
				// Before: passive effects (handler registration) flush; after: the state update renders.
				await tick();
				stdin.write(sequence);
				await tick();
			}
		},
		async pressBurst(...sequences) {
			await tick();
			for (const sequence of sequences) stdin.write(sequence);
			await tick();
		},
		async waitForFrame(predicate, {timeoutMs = 3000, what = 'frame'} = {}) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const frame = lastFrame();
				if (predicate(frame)) {
					await tick();
					return frame;
				}
				if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. Last frame:\n${frame}`);
				await new Promise(resolve => setTimeout(resolve, 10));
			}
		},
		resize(newColumns, newRows) {
			stdout.columns = newColumns;
			stdout.rows = newRows;
			stdout.emit('resize');
		},
		unmount: () => instance.unmount(),
		waitUntilExit: () => instance.waitUntilExit(),
	};
}

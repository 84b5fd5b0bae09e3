// Runs a command in a pseudo-terminal (node-pty) and, while asked to, feeds its output to a
// headless xterm so the benchmark can read the screen (first frame, keys taking effect).
// During measurement windows the emulator is switched off: the bytes are only counted, so the
// benchmark's own parsing does not compete for the two shared cores.
import pty from 'node-pty';
import xterm from '@xterm/headless';

export type PtyRun = {
	readonly pid: number;
	readonly spawnedAtMs: number;
	/** Bytes written by the program since the start. */
	readonly outputBytes: number;
	readonly exited: boolean;
	screenText(): string;
	/** Resolves with the time (performance.now()) of the first screen that matches, or null on timeout. */
	waitForScreen(pattern: RegExp, timeoutMs: number): Promise<number | null>;
	setEmulation(on: boolean): void;
	write(keys: string): void;
	/** Asks politely (`quitKeys`), then SIGTERM, then SIGKILL to the process group the pty created. */
	stop(quitKeys: string, graceMs?: number): Promise<void>;
	killNow(): void;
};

const livePtys = new Set<PtyRun>();

/** For the signal handlers: kill every pty process group still alive. */
export function killAllPtys(): void {
	for (const run of livePtys) run.killNow();
}

export function runInPty(file: string, args: string[], options: {cols: number; rows: number; env: NodeJS.ProcessEnv; cwd: string}): PtyRun {
	const term = new xterm.Terminal({cols: options.cols, rows: options.rows, allowProposedApi: true, scrollback: 0});
	let emulate = true;
	let outputBytes = 0;
	let exited = false;
	let exitResolve: () => void = () => {};
	const exitPromise = new Promise<void>(resolve => (exitResolve = resolve));
	const spawnedAtMs = performance.now();
	const child = pty.spawn(file, args, {
		name: 'xterm-256color',
		cols: options.cols,
		rows: options.rows,
		cwd: options.cwd,
		env: options.env as Record<string, string>,
	});
	// The pty child is a session leader: its pid is also its process group id.
	const pgid = child.pid;
	let pendingWrites = 0;
	const waiters = new Set<{pattern: RegExp; resolve: (atMs: number) => void}>();
	child.onData(data => {
		const arrivedAtMs = performance.now();
		outputBytes += Buffer.byteLength(data);
		if (!emulate) return;
		pendingWrites++;
		term.write(data, () => {
			pendingWrites--;
			if (waiters.size === 0) return;
			const text = screenText();
			for (const waiter of waiters) {
				if (waiter.pattern.test(text)) {
					waiters.delete(waiter);
					waiter.resolve(arrivedAtMs);
				}
			}
		});
	});
	child.onExit(() => {
		exited = true;
		livePtys.delete(run);
		exitResolve();
	});

	function screenText(): string {
		const buffer = term.buffer.active;
		const lines: string[] = [];
		for (let row = 0; row < term.rows; row++) lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
		return lines.join('\n');
	}

	function signalGroup(signal: NodeJS.Signals) {
		try {
			process.kill(-pgid, signal);
		} catch {
			try {
				process.kill(child.pid, signal);
			} catch {
				// gone
			}
		}
	}

	const run: PtyRun = {
		pid: child.pid,
		spawnedAtMs,
		get outputBytes() {
			return outputBytes;
		},
		get exited() {
			return exited;
		},
		screenText,
		waitForScreen(pattern, timeoutMs) {
			// Resolves with the arrival time of the output chunk that completed the matching screen.
			if (pendingWrites === 0 && pattern.test(screenText())) return Promise.resolve(performance.now());
			return new Promise(resolve => {
				const waiter = {
					pattern,
					resolve: (atMs: number) => {
						clearTimeout(timer);
						resolve(atMs);
					},
				};
				const timer = setTimeout(() => {
					waiters.delete(waiter);
					resolve(null);
				}, timeoutMs);
				waiters.add(waiter);
			});
		},
		setEmulation(on) {
			emulate = on;
		},
		write(keys) {
			if (!exited) child.write(keys);
		},
		async stop(quitKeys, graceMs = 3000) {
			if (exited) return;
			run.write(quitKeys);
			const timedOut = Symbol('timeout');
			const wait = (ms: number) => Promise.race([exitPromise, new Promise(resolve => setTimeout(resolve, ms, timedOut))]);
			if ((await wait(graceMs)) !== timedOut) return;
			signalGroup('SIGTERM');
			if ((await wait(2000)) !== timedOut) return;
			run.killNow();
			await wait(2000);
		},
		killNow() {
			signalGroup('SIGKILL');
		},
	};
	livePtys.add(run);
	return run;
}

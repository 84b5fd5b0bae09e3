// The interactive UI runs without V8's optimizing compiler (TurboFan), except while it analyses heap snapshots.
//
// Why: the UI's JavaScript is not hot. Per poll it maps one reply and redraws what changed; the interpreter and
// the baseline compiler (Sparkplug, kept) run it at the same cost. TurboFan's compile jobs run on V8's worker
// threads, and glibc keeps the memory they used in per-thread arenas for the rest of the session. Measured side by
// side in tmux 120×40 beside 50 quiet apps (four minutes after the first minute, RSS every 2 s, ticks of all
// threads): RSS 78 / 80 MB mean / max → 73 / 75 MB (thread arenas 4.9 → 1.8 MB, machine code 2.3 → 1.7 MB), CPU
// 193 vs 192 ticks. Under load it costs a little CPU, within the budgets (`npm run bench`, docs/benchmarks.md).
//
// Heap-snapshot analysis is the exception: parsing and diffing a snapshot is a tight loop over millions of nodes,
// 6× the CPU time and twice the peak RSS in the interpreter (`pm2-doctor heap NAME --compare 5` on a 90 MB app:
// 1.5 → 9.4 s user, 139 → 312 MB). withOptimizingCompiler turns TurboFan back on for that work.
//
// `--no-opt` / `--opt` are read at each tier-up decision, so setting them in a running process takes effect for
// every function from then on (test/unit/runtime/optimizing-compiler.test.ts); code optimized earlier stays.
import v8 from 'node:v8';

let usersOfOptimizingCompiler = 0;
let pausedByDefault = false;

/** From here on, functions are no longer optimized by TurboFan (outside withOptimizingCompiler). */
export function pauseOptimizingCompiler(): void {
	pausedByDefault = true;
	if (usersOfOptimizingCompiler === 0) v8.setFlagsFromString('--no-opt');
}

/** Runs `work` with TurboFan on; back to the paused default when the last overlapping caller settles. */
export async function withOptimizingCompiler<T>(work: () => Promise<T>): Promise<T> {
	if (usersOfOptimizingCompiler++ === 0 && pausedByDefault) v8.setFlagsFromString('--opt');
	try {
		return await work();
	} finally {
		if (--usersOfOptimizingCompiler === 0 && pausedByDefault) v8.setFlagsFromString('--no-opt');
	}
}

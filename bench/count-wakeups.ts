// What wakes an open pm2-doctor: preloaded into the real CLI, it counts timer and immediate callbacks by the
// place that set them, and writes the counts when the process exits. Used to find idle wake-ups that do
// nothing visible (docs/benchmarks.md, "The idle floor, fourth pass").
//   PM2_HOME=... COUNT_WAKEUPS_OUT=/tmp/wakeups.txt node --import ./dist/bench/count-wakeups.js dist/source/bin.js
// (in a 120×40 terminal for a minute, then q).
import fs from 'node:fs';

const counts = new Map<string, number>();
const startedAtMs = Date.now();

/** The first two frames that are neither this file nor Node's internals: where the timer was set. */
function callSite(): string {
	const frames = (new Error().stack ?? '').split('\n').slice(2);
	return frames
		.filter(frame => !frame.includes('count-wakeups') && !frame.includes('node:internal'))
		.slice(0, 2)
		.map(frame => frame.trim().replace(/^at /, ''))
		.join(' <- ');
}

function countCallbacks(name: 'setTimeout' | 'setInterval' | 'setImmediate') {
	const original = globalThis[name] as (callback: (...args: unknown[]) => void, ...rest: unknown[]) => unknown;
	const counting = function (this: unknown, callback: unknown, ...rest: unknown[]) {
		if (typeof callback !== 'function') return original.call(this, callback as never, ...rest);
		const key = `${name} ${name === 'setImmediate' ? '' : `${String(rest[0] ?? 0)} ms `}${callSite()}`;
		return original.call(
			this,
			function (this: unknown, ...args: unknown[]) {
				counts.set(key, (counts.get(key) ?? 0) + 1);
				return (callback as (...args: unknown[]) => unknown).apply(this, args);
			},
			...rest,
		);
	};
	Object.assign(globalThis, {[name]: counting});
}

countCallbacks('setTimeout');
countCallbacks('setInterval');
countCallbacks('setImmediate');

process.on('exit', () => {
	const rows = [...counts].sort((a, b) => b[1] - a[1]).map(([key, count]) => `${count}\t${key}`);
	const seconds = ((Date.now() - startedAtMs) / 1000).toFixed(1);
	fs.writeFileSync(process.env['COUNT_WAKEUPS_OUT'] ?? 'wakeups.txt', `callbacks in ${seconds} s\n${rows.join('\n')}\n`);
});

// Shows Ink 6.8's unbounded text caches (ink/build/measure-text.js keeps every distinct text it measured):
// renders 5,000 frames of 38 new log rows and prints the heap growth after GC, for plain <Text> rows and for
// the <Transform>-over-a-placeholder rows used by source/ui/logs/styled-line.tsx.
//   NODE_ENV=production node --expose-gc bench/logs/ink-cache-probe.mjs text|transform
import {EventEmitter} from 'node:events';
import React from 'react';
import {render, Text, Box, Transform} from 'ink';

const mode = process.argv[2] ?? 'text';
class Out extends EventEmitter {
	isTTY = true;
	columns = 120;
	rows = 40;
	write() {
		return true;
	}
}
const h = React.createElement;
const placeholder = ' '.repeat(120);
const row = text => (mode === 'text' ? h(Text, null, text) : h(Transform, {transform: () => text}, h(Text, null, placeholder)));
const App = ({start}) => h(Box, {flexDirection: 'column'}, ...Array.from({length: 38}, (_, i) => h(Box, {key: i}, row(`line ${start + i} ` + 'x'.repeat(80)))));
const instance = render(h(App, {start: 0}), {stdout: new Out(), patchConsole: false, debug: true});
global.gc?.();
const before = process.memoryUsage().heapUsed;
const startedAt = performance.now();
for (let frame = 1; frame <= 5000; frame++) instance.rerender(h(App, {start: frame * 38}));
const elapsedMs = performance.now() - startedAt;
global.gc?.();
const after = process.memoryUsage().heapUsed;
console.log(
	JSON.stringify({
		mode,
		frames: 5000,
		distinctTexts: 5000 * 38,
		heapGrowthMiB: +((after - before) / 1048576).toFixed(1),
		msPerFrame: +(elapsedMs / 5000).toFixed(2),
	}),
);
instance.unmount();

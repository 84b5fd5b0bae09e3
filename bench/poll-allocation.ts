// What one quiet poll allocates: three getMonitorData answers are recorded from a running daemon, then
// replayed (decode, mapping, the live store and the frame gate) with a young generation large enough that no
// scavenge falls inside the window and no memory reducer runs, so the growth of the heap is what was allocated.
//   PM2_HOME=... node --expose-gc --min-semi-space-size=64 --max-semi-space-size=64 --no-memory-reducer dist/bench/poll-allocation.js
import path from 'node:path';
import v8 from 'node:v8';
import {openDaemonLink} from '../source/pm2/daemon-link.js';
import {mapProcessList} from '../source/pm2/map-process.js';
import {createFrameGate} from '../source/services/store/frame-gate.js';
import {createLiveStore} from '../source/services/store/live-store.js';

const collectGarbage = (globalThis as {gc?: () => void}).gc;
const home = process.env['PM2_HOME'];
if (!collectGarbage || !home) {
	process.stderr.write(
		'usage: PM2_HOME=... node --expose-gc --min-semi-space-size=64 --max-semi-space-size=64 --no-memory-reducer dist/bench/poll-allocation.js\n',
	);
	process.exit(2);
}
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const usedHeapBytes = () => v8.getHeapStatistics().used_heap_size;

const link = await openDaemonLink(path.join(home, 'rpc.sock'), 3000);
const answers: string[] = [];
for (let index = 0; index < 3; index++) {
	answers.push(JSON.stringify(await link.call<unknown>('getMonitorData', [{}], 5000)));
	await sleep(1000);
}
link.close();
let next = 0;
const decodeAnswer = (): unknown => JSON.parse(answers[next++ % answers.length]!);

function kilobytesPerCall(calls: number, work: () => unknown): string {
	for (let index = 0; index < 50; index++) work();
	collectGarbage!();
	const beforeBytes = usedHeapBytes();
	for (let index = 0; index < calls; index++) work();
	return ((usedHeapBytes() - beforeBytes) / calls / 1024).toFixed(1);
}

const processes = mapProcessList(decodeAnswer()).length;
process.stdout.write(`${processes} processes, answer ${(answers[0]!.length / 1024).toFixed(1)} KB\n`);
process.stdout.write(`decode: ${kilobytesPerCall(200, decodeAnswer)} KB a poll\n`);
process.stdout.write(`decode and map: ${kilobytesPerCall(200, () => mapProcessList(decodeAnswer()))} KB a poll\n`);

let nowMs = Date.now();
let attached = false;
const store = createLiveStore({
	home,
	now: () => nowMs,
	client: {
		get isAttached() {
			return attached;
		},
		async attach() {
			attached = true;
			return {ok: true as const, probe: {kind: 'alive' as const, home: home!, daemonPid: 0}};
		},
		detach() {
			attached = false;
		},
		listProcesses: async () => mapProcessList(decodeAnswer()),
	},
});
const gate = createFrameGate(store, {now: () => nowMs});
gate.subscribe(() => gate.getState());
store.start();
// An action's follow-up poll comes 300 ms after it is asked for: each step below is one poll.
const poll = async () => {
	nowMs += 1000;
	store.requestPoll();
	await sleep(320);
};
for (let index = 0; index < 20; index++) await poll();
collectGarbage();
const beforeBytes = usedHeapBytes();
const polls = 30;
for (let index = 0; index < polls; index++) await poll();
process.stdout.write(`store poll with the frame gate, decode and map included: ${((usedHeapBytes() - beforeBytes) / polls / 1024).toFixed(1)} KB a poll\n`);
await store.stop();

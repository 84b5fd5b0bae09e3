// What reading and diffing two heap snapshots costs pm2-doctor: wall time of each step and peak RSS, for files
// taken with `pm2-doctor heap NAME --compare N` (docs/benchmarks.md, "Heap snapshots and their diff").
// Run: npm run build && /usr/bin/time -v node dist/bench/heap-read-cost.js BEFORE.heapsnapshot AFTER.heapsnapshot
import {readHeapSnapshot} from '../source/inspector/read-snapshot.js';
import {diffGroups, dominantGrower, findRetainers} from '../source/model/heap/heap-diff.js';

const [beforePath, afterPath] = process.argv.slice(2);
if (!beforePath || !afterPath) {
	process.stderr.write('usage: node dist/bench/heap-read-cost.js BEFORE.heapsnapshot AFTER.heapsnapshot\n');
	process.exit(2);
}
const seconds = (ms: number) => Number((ms / 1000).toFixed(2));
const startedAt = performance.now();
const before = await readHeapSnapshot(beforePath, {keepGraph: false});
const firstReadAt = performance.now();
const after = await readHeapSnapshot(afterPath, {keepGraph: true});
const secondReadAt = performance.now();
const growers = diffGroups(before, after);
const dominant = dominantGrower(growers);
const retainers = dominant && after.graph ? findRetainers(after.graph, dominant.name, before.maxNodeId) : null;
const doneAt = performance.now();
const cpu = process.cpuUsage();
process.stdout.write(
	JSON.stringify({
		firstReadS: seconds(firstReadAt - startedAt),
		secondReadS: seconds(secondReadAt - firstReadAt),
		diffS: seconds(doneAt - secondReadAt),
		totalS: seconds(doneAt - startedAt),
		cpuS: seconds((cpu.user + cpu.system) / 1000),
		maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
		nodes: after.nodeCount,
		edges: after.edgeCount,
		topGrower: growers[0] ?? null,
		retainers,
	}) + '\n',
);

// What grew between two heap snapshots: per constructor, the change in count and self size, and for the top
// grower one chain of references that keeps a new instance alive (shortest from the roots, weak references
// left out). Retained sizes need a dominator tree over the whole graph: not computed, as the count and
// self-size deltas already name the class and the retainer chain names what holds it.
import {groupName, type HeapSnapshotSummary, type SnapshotGraph} from './snapshot-reader.js';

export type Grower = {name: string; countDelta: number; selfSizeDeltaBytes: number; countAfter: number; selfSizeAfterBytes: number};

/** One link of a retainer chain, read from the object outwards: `holder` refers to the previous one `via`. */
export type RetainerStep = {via: string; holder: string};

export type HeapDiff = {
	intervalMs: number;
	heapBeforeBytes: number;
	heapAfterBytes: number;
	growers: Grower[];
	/** The top grower when it stands out from the noise (see dominantGrower), else null. */
	dominant: Grower | null;
	retainers: RetainerStep[] | null;
};

export function diffGroups(before: HeapSnapshotSummary, after: HeapSnapshotSummary, limit = 10): Grower[] {
	const rows: Grower[] = [];
	for (const [name, group] of after.groups) {
		const old = before.groups.get(name);
		rows.push({
			name,
			countDelta: group.count - (old?.count ?? 0),
			selfSizeDeltaBytes: group.selfSizeBytes - (old?.selfSizeBytes ?? 0),
			countAfter: group.count,
			selfSizeAfterBytes: group.selfSizeBytes,
		});
	}
	return rows
		.filter(row => row.selfSizeDeltaBytes > 0 || row.countDelta > 0)
		.sort((a, b) => b.selfSizeDeltaBytes - a.selfSizeDeltaBytes || b.countDelta - a.countDelta)
		.slice(0, limit);
}

/** Growth counts as a leak suspect when it is more than noise and most of the growth is one constructor's. */
export const dominantMinBytes = 256 * 1024;
export const dominantMinShare = 0.4;

export function dominantGrower(growers: readonly Grower[]): Grower | null {
	const top = growers[0];
	if (!top || top.countDelta <= 0 || top.selfSizeDeltaBytes < dominantMinBytes) return null;
	const total = growers.reduce((sum, row) => sum + Math.max(0, row.selfSizeDeltaBytes), 0);
	return top.selfSizeDeltaBytes >= dominantMinShare * total ? top : null;
}

/**
 * The shortest chain from the snapshot's root to an instance of `groupName` created after `newerThanId`
 * (node ids grow with allocation, so ids above the first snapshot's highest are new), read outwards.
 */
export function findRetainers(graph: SnapshotGraph, wanted: string, newerThanId: number, maxSteps = 8): RetainerStep[] | null {
	const nodeCount = graph.nodeType.length;
	const weak = graph.edgeTypes.indexOf('weak');
	const parentEdge = new Int32Array(nodeCount).fill(-1);
	const parentNode = new Int32Array(nodeCount).fill(-1);
	const seen = new Uint8Array(nodeCount);
	const queue = new Uint32Array(nodeCount);
	let head = 0;
	let tail = 0;
	queue[tail++] = 0;
	seen[0] = 1;
	let found = -1;
	while (head < tail && found < 0) {
		const node = queue[head++]!;
		for (let edge = graph.firstEdge[node]!; edge < graph.firstEdge[node + 1]!; edge++) {
			if (graph.edgeType[edge] === weak) continue;
			const target = graph.edgeTo[edge]!;
			if (seen[target]) continue;
			seen[target] = 1;
			parentEdge[target] = edge;
			parentNode[target] = node;
			if (
				graph.nodeId[target]! > newerThanId &&
				graph.nodeId[target]! % 2 === 1 &&
				groupName(graph.nodeTypes[graph.nodeType[target]!]!, graph.strings.get(graph.nodeName[target]!)) === wanted
			) {
				found = target;
				break;
			}
			queue[tail++] = target;
		}
	}
	if (found < 0) return null;
	const steps: RetainerStep[] = [];
	for (let node = found; parentNode[node]! > 0 && steps.length < maxSteps; node = parentNode[node]!) {
		const holder = parentNode[node]!;
		if (graph.nodeTypes[graph.nodeType[holder]!] === 'synthetic') break;
		const via = edgeLabel(graph, parentEdge[node]!);
		steps.push({via, holder: nodeLabel(graph, holder)});
		// A named variable is the answer to "what keeps it": what holds that scope is the runtime's business.
		if (graph.edgeTypes[graph.edgeType[parentEdge[node]!]!] === 'context') break;
	}
	return steps;
}

function nodeLabel(graph: SnapshotGraph, node: number): string {
	const type = graph.nodeTypes[graph.nodeType[node]!]!;
	if (type === 'closure') return `${graph.strings.get(graph.nodeName[node]!) || '(anonymous)'}()`;
	return groupName(type, graph.strings.get(graph.nodeName[node]!));
}

function edgeLabel(graph: SnapshotGraph, edge: number): string {
	const type = graph.edgeTypes[graph.edgeType[edge]!];
	const value = graph.edgeNameOrIndex[edge]!;
	if (type === 'element' || type === 'hidden') return `[${value}]`;
	const name = graph.strings.get(value);
	// The reader keeps no all-digit internal names (one per element of a backing store).
	if (name === undefined) return type === 'internal' ? 'internal element' : `${type} ?`;
	if (type === 'context') return `variable ${name}`;
	if (type === 'property') return `.${name}`;
	return `${type} ${name}`;
}

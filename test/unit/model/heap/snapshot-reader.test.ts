import {describe, expect, it} from 'vitest';
import {diffGroups, dominantGrower, findRetainers} from '../../../../source/model/heap/heap-diff.js';
import {HeapSnapshotReader, type HeapSnapshotSummary} from '../../../../source/model/heap/snapshot-reader.js';

const meta = {
	node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'],
	node_types: [['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native', 'synthetic'], 'string', 'number'],
	edge_fields: ['type', 'name_or_index', 'to_node'],
	edge_types: [['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'], 'string_or_number', 'node'],
};
const type = {object: 3, closure: 5, synthetic: 9, string: 2};
const edge = {context: 0, element: 1, property: 2, weak: 6};

/** A tiny snapshot: root -> global (.cache) -> Array -> Widget × `widgets`, ids from `firstId`, plus a closure. */
function snapshotText(widgets: number, firstId: number): string {
	const strings = ['', 'root', 'global', 'store', 'Array', 'Widget', 'Wid\\"get \\u00e9', 'cache', 'a secret value'];
	const nodes: number[][] = [
		[type.synthetic, 1, 1, 0, 1, 0, 0],
		[type.object, 2, 3, 100, 2, 0, 0],
		[type.object, 4, 5, 32, widgets, 0, 0],
		[type.string, 8, 7, 64, 0, 0, 0],
	];
	const edges: number[][] = [
		[edge.property, 3, 1 * 7],
		[edge.property, 7, 2 * 7],
		[edge.weak, 0, 3 * 7],
	];
	for (let index = 0; index < widgets; index++) {
		nodes.push([type.object, 5, firstId + 2 * index, 40, 0, 0, 0]);
		edges.push([edge.element, index, (4 + index) * 7]);
	}
	// Edges are listed in node order: the root's, the global's two (.cache and a weak one), then the array's.
	const ordered = edges;
	nodes[0]![4] = 1;
	nodes[1]![4] = 2;
	nodes[2]![4] = widgets;
	nodes[3]![4] = 0;
	const text = JSON.stringify({snapshot: {meta, node_count: nodes.length, edge_count: ordered.length, trace_function_count: 0}});
	return (
		text.slice(0, -1) +
		`,\n"nodes":[${nodes.map(row => row.join(',')).join(',\n')}],\n"edges":[${ordered.map(row => row.join(',')).join(',\n')}],\n` +
		`"trace_function_infos":[],\n"trace_tree":[],\n"samples":[],\n"locations":[],\n"strings":[${strings.map(s => `"${s}"`).join(',\n')}]}`
	);
}

function read(text: string, keepGraph: boolean, chunkSize: number): HeapSnapshotSummary {
	const reader = new HeapSnapshotReader(keepGraph);
	const bytes = new TextEncoder().encode(text);
	for (let offset = 0; offset < bytes.length; offset += chunkSize) reader.push(bytes.subarray(offset, offset + chunkSize));
	return reader.finish();
}

describe('HeapSnapshotReader', () => {
	it('groups by constructor whatever the chunk boundaries, keeping only names', () => {
		for (const chunkSize of [1, 7, 4096]) {
			const summary = read(snapshotText(3, 101), false, chunkSize);
			expect(summary.nodeCount).toBe(7);
			expect(summary.groups.get('Widget')).toEqual({name: 'Widget', count: 3, selfSizeBytes: 120});
			expect(summary.groups.get('(string)')?.count).toBe(1);
			expect(summary.maxNodeId).toBe(105);
			expect(summary.graph).toBeNull();
		}
	});

	it('refuses a truncated file', () => {
		const text = snapshotText(3, 101);
		expect(() => read(text.slice(0, text.length - 40), false, 100)).toThrow(/not a complete heap snapshot/);
	});

	it('keeps no string values of the heap (they hold the app data), only names', () => {
		const summary = read(snapshotText(2, 101), true, 64);
		expect([...summary.graph!.strings.values()]).not.toContain('a secret value');
		expect([...summary.graph!.strings.values()]).toContain('cache');
	});
});

describe('heap diff', () => {
	it('names the grower and the property that keeps a new instance', () => {
		const before = read(snapshotText(2, 101), false, 4096);
		const after = read(snapshotText(40_000, 101), true, 65_536);
		const growers = diffGroups(before, after);
		expect(growers[0]).toMatchObject({name: 'Widget', countDelta: 39_998, selfSizeDeltaBytes: 39_998 * 40});
		expect(dominantGrower(growers)?.name).toBe('Widget');
		expect(findRetainers(after.graph!, 'Widget', before.maxNodeId)).toEqual([
			{via: '[2]', holder: 'Array'},
			{via: '.cache', holder: 'global'},
		]);
	});

	it('calls small or spread-out growth no dominant grower', () => {
		const before = read(snapshotText(2, 101), false, 4096);
		expect(dominantGrower(diffGroups(before, read(snapshotText(10, 101), false, 4096)))).toBeNull();
		expect(
			dominantGrower([
				{name: 'A', countDelta: 10, selfSizeDeltaBytes: 400_000, countAfter: 10, selfSizeAfterBytes: 0},
				{name: 'B', countDelta: 10, selfSizeDeltaBytes: 390_000, countAfter: 10, selfSizeAfterBytes: 0},
				{name: 'C', countDelta: 10, selfSizeDeltaBytes: 380_000, countAfter: 10, selfSizeAfterBytes: 0},
			]),
		).toBeNull();
	});
});

describe('HeapSnapshotReader strings', () => {
	/** root -> holder (internal edges "elements", "0", "1" and a property edge), then strings with escapes nobody asked for. */
	function internalEdgesText(): string {
		const strings = ['', 'root', 'Holder', 'elements', '0', '1', 'odd \\\\', 'quote \\" inside', 'name', 'Wid\\"get'];
		const nodes = [
			[type.synthetic, 1, 1, 0, 1, 0, 0],
			[type.object, 2, 3, 10, 4, 0, 0],
			[type.object, 9, 5, 10, 0, 0, 0],
		];
		const internal = 3;
		const edges = [
			[edge.property, 8, 7],
			[internal, 3, 14],
			[internal, 4, 14],
			[internal, 5, 14],
			[edge.property, 8, 14],
		];
		const text = JSON.stringify({snapshot: {meta, node_count: nodes.length, edge_count: edges.length, trace_function_count: 0}});
		return (
			text.slice(0, -1) +
			`,\n"nodes":[${nodes.map(row => row.join(',')).join(',')}],\n"edges":[${edges.map(row => row.join(',')).join(',')}],\n` +
			`"strings":[${strings.map(s => `"${s}"`).join(',\n')}]}`
		);
	}

	it('keeps word-like internal edge names but not the all-digit ones of a backing store, whatever the chunk boundaries', () => {
		for (const chunkSize of [1, 2, 3, 5, 7, 4096]) {
			const summary = read(internalEdgesText(), true, chunkSize);
			const kept = [...summary.graph!.strings.values()];
			expect(kept).toContain('elements');
			expect(kept).toContain('name');
			expect(kept).not.toContain('0');
			expect(kept).not.toContain('1');
			// The strings after the skipped ones (with escaped quotes and backslashes) are still found at their index.
			expect(summary.groups.get('Wid"get')?.count).toBe(1);
			expect(summary.groups.get('Holder')?.count).toBe(1);
		}
	});
});

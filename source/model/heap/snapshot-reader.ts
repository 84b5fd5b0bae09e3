// A streaming reader of V8's .heapsnapshot format with bounded memory. The file is one JSON object
// ({"snapshot":{"meta":…},"nodes":[…],"edges":[…],…,"strings":[…]}) of several hundred MB for a 100 MB heap;
// JSON.parse of it would hold the text and millions of JS numbers at once. Here bytes are fed in chunks and
// the flat integer arrays are read digit by digit: a summary (count and self size per constructor) needs no
// per-node memory at all; the graph, when asked for, is kept in typed arrays (13 bytes a node, 9 an edge).
// Of the strings (every string value on the heap is among them) only constructor names and property and
// variable names are kept (snapshot-strings.ts). Pure: the caller reads the file.
import {SnapshotStringsReader, WantedStrings} from './snapshot-strings.js';

export type SnapshotGroup = {name: string; count: number; selfSizeBytes: number};

export type SnapshotGraph = {
	nodeTypes: string[];
	edgeTypes: string[];
	nodeType: Uint8Array;
	nodeName: Uint32Array;
	nodeId: Uint32Array;
	/** Index of each node's first edge (edges are listed node by node); nodeCount + 1 entries. */
	firstEdge: Uint32Array;
	edgeType: Uint8Array;
	edgeNameOrIndex: Uint32Array;
	/** Target node index (not the field offset the file stores). */
	edgeTo: Uint32Array;
	strings: Map<number, string>;
};

export type HeapSnapshotSummary = {
	nodeCount: number;
	edgeCount: number;
	/** The highest JS heap object id: objects in a later snapshot with a higher one are newer. */
	maxNodeId: number;
	totalSelfSizeBytes: number;
	/** Per constructor (objects) or per kind in parentheses, as Chrome DevTools' Summary groups them. */
	groups: Map<string, SnapshotGroup>;
	graph: SnapshotGraph | null;
};

type Meta = {node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]]};

// Chrome DevTools groups objects by constructor and everything else by kind (a function is a "(closure)").
const namedNodeTypes = new Set(['object', 'native', 'synthetic']);
const kindNames: Record<string, string> = {
	hidden: '(system)',
	code: '(compiled code)',
	closure: '(closure)',
	array: '(array)',
	string: '(string)',
	'concatenated string': '(string)',
	'sliced string': '(string)',
	regexp: '(regexp)',
	number: '(number)',
	symbol: '(symbol)',
	bigint: '(bigint)',
	'object shape': '(object shape)',
};
const namedEdgeTypes = new Set(['context', 'property', 'shortcut']);

/** The group a node of this type and name belongs to (its name when `named`). */
export function groupName(nodeType: string, name: string | undefined): string {
	return namedNodeTypes.has(nodeType) ? (name ?? '(unnamed)') : (kindNames[nodeType] ?? `(${nodeType})`);
}

type Phase = 'header' | 'nodes' | 'seek-edges' | 'edges' | 'seek-strings' | 'strings' | 'done';

export class HeapSnapshotReader {
	private phase: Phase = 'header';
	private header: number[] = [];
	private matched = 0;
	private pattern = encode('"nodes":[');
	private number = 0;
	private inNumber = false;
	private field = 0;
	private index = 0;
	// Layout, from the meta.
	private nodeFieldCount = 0;
	private edgeFieldCount = 0;
	// Field positions, from the meta (-1: absent); compared per value, so numbers, not the field names.
	private nodeTypeField = -1;
	private nodeNameField = -1;
	private nodeIdField = -1;
	private nodeSelfSizeField = -1;
	private nodeEdgeCountField = -1;
	private edgeTypeField = -1;
	private edgeNameField = -1;
	private edgeToField = -1;
	/** Per edge type: 0 no name kept, else how (WantedStrings). */
	private edgeNameWanted = new Uint8Array(0);
	private nodeTypes: string[] = [];
	private edgeTypes: string[] = [];
	private nodeCount = 0;
	private edgeCount = 0;
	// The node being read.
	private currentType = 0;
	private currentName = 0;
	private currentSelfSize = 0;
	private currentId = 0;
	private currentEdges = 0;
	private maxNodeId = 0;
	private totalSelfSize = 0;
	/** Aggregation by name index (named types) or by type (-1 - type). */
	private readonly byKey = new Map<number, {count: number; selfSize: number}>();
	private readonly wantedStrings = new WantedStrings();
	private graph: Omit<SnapshotGraph, 'nodeTypes' | 'edgeTypes'> | null = null;
	private edgeNodeCursor = 0;
	private edgesLeftOfNode = 0;
	private readonly stringsReader = new SnapshotStringsReader(this.wantedStrings);
	private readonly strings = this.stringsReader.strings;
	private readonly decoder = new TextDecoder();

	constructor(private readonly keepGraph: boolean) {}

	push(chunk: Uint8Array): void {
		for (let offset = 0; offset < chunk.length && this.phase !== 'done';) offset = this.step(chunk, offset);
	}

	finish(): HeapSnapshotSummary {
		if (this.phase !== 'done') throw new Error(`not a complete heap snapshot (stopped while reading ${this.phase})`);
		const groups = new Map<string, SnapshotGroup>();
		for (const [key, value] of this.byKey) {
			const name = key >= 0 ? (this.strings.get(key) ?? '(unnamed)') : groupName(this.nodeTypes[-1 - key]!, undefined);
			const group = groups.get(name) ?? {name, count: 0, selfSizeBytes: 0};
			group.count += value.count;
			group.selfSizeBytes += value.selfSize;
			groups.set(name, group);
		}
		return {
			nodeCount: this.nodeCount,
			edgeCount: this.edgeCount,
			maxNodeId: this.maxNodeId,
			totalSelfSizeBytes: this.totalSelfSize,
			groups,
			graph: this.graph ? {...this.graph, strings: this.strings, nodeTypes: this.nodeTypes, edgeTypes: this.edgeTypes} : null,
		};
	}

	private step(chunk: Uint8Array, offset: number): number {
		switch (this.phase) {
			case 'header':
				return this.readHeader(chunk, offset);
			case 'seek-edges':
			case 'seek-strings':
				return this.seek(chunk, offset);
			case 'nodes':
			case 'edges':
				return this.readNumbers(chunk, offset);
			case 'strings':
				return this.readStrings(chunk, offset);
			default:
				return chunk.length;
		}
	}

	private readHeader(chunk: Uint8Array, offset: number): number {
		for (let at = offset; at < chunk.length; at++) {
			const byte = chunk[at]!;
			this.header.push(byte);
			if (this.header.length > 1 << 20) throw new Error('not a heap snapshot (no "nodes" array in the first MB)');
			if (!this.advanceMatch(byte)) continue;
			const text = this.decoder.decode(Uint8Array.from(this.header.slice(0, -this.pattern.length)));
			const parsed = JSON.parse(text.replace(/,\s*$/, '') + '}') as {snapshot: {meta: Meta; node_count: number; edge_count: number}};
			this.startNodes(parsed.snapshot.meta, parsed.snapshot.node_count, parsed.snapshot.edge_count);
			this.header = [];
			return at + 1;
		}
		return chunk.length;
	}

	private startNodes(meta: Meta, nodeCount: number, edgeCount: number): void {
		const node = (field: string) => meta.node_fields.indexOf(field);
		[this.nodeTypeField, this.nodeNameField, this.nodeIdField, this.nodeSelfSizeField] = [node('type'), node('name'), node('id'), node('self_size')];
		this.nodeEdgeCountField = node('edge_count');
		[this.edgeTypeField, this.edgeNameField, this.edgeToField] = ['type', 'name_or_index', 'to_node'].map(field => meta.edge_fields.indexOf(field));
		const nameWanted = (type: string) => (namedEdgeTypes.has(type) ? WantedStrings.always : type === 'internal' ? WantedStrings.unlessNumeric : 0);
		this.edgeNameWanted = Uint8Array.from(meta.edge_types[0], nameWanted);
		this.nodeFieldCount = meta.node_fields.length;
		this.edgeFieldCount = meta.edge_fields.length;
		this.nodeTypes = meta.node_types[0];
		this.edgeTypes = meta.edge_types[0];
		this.nodeCount = nodeCount;
		this.edgeCount = edgeCount;
		if (this.keepGraph)
			this.graph = {
				nodeType: new Uint8Array(nodeCount),
				nodeName: new Uint32Array(nodeCount),
				nodeId: new Uint32Array(nodeCount),
				firstEdge: new Uint32Array(nodeCount + 1),
				edgeType: new Uint8Array(edgeCount),
				edgeNameOrIndex: new Uint32Array(edgeCount),
				edgeTo: new Uint32Array(edgeCount),
				strings: new Map(),
			};
		this.phase = 'nodes';
		this.field = 0;
		this.index = 0;
	}

	private seek(chunk: Uint8Array, offset: number): number {
		for (let at = offset; at < chunk.length; at++) {
			if (!this.advanceMatch(chunk[at]!)) continue;
			this.phase = this.phase === 'seek-edges' ? 'edges' : 'strings';
			this.field = 0;
			this.index = 0;
			return at + 1;
		}
		return chunk.length;
	}

	private advanceMatch(byte: number): boolean {
		if (byte === this.pattern[this.matched]) this.matched++;
		else this.matched = byte === this.pattern[0] ? 1 : 0;
		if (this.matched < this.pattern.length) return false;
		this.matched = 0;
		return true;
	}

	private readNumbers(chunk: Uint8Array, offset: number): number {
		const isNodes = this.phase === 'nodes';
		for (let at = offset; at < chunk.length; at++) {
			const byte = chunk[at]!;
			if (byte >= 48 && byte <= 57) {
				this.number = this.number * 10 + (byte - 48);
				this.inNumber = true;
				continue;
			}
			if (this.inNumber) {
				if (isNodes) this.nodeValue(this.number);
				else this.edgeValue(this.number);
				this.number = 0;
				this.inNumber = false;
			}
			if (byte === 93 /* ] */) {
				this.phase = isNodes ? 'seek-edges' : 'seek-strings';
				this.pattern = encode(isNodes ? '"edges":[' : '"strings":[');
				return at + 1;
			}
		}
		return chunk.length;
	}

	private nodeValue(value: number): void {
		const field = this.field;
		if (field === this.nodeTypeField) this.currentType = value;
		else if (field === this.nodeNameField) this.currentName = value;
		else if (field === this.nodeIdField) this.currentId = value;
		else if (field === this.nodeSelfSizeField) this.currentSelfSize = value;
		else if (field === this.nodeEdgeCountField) this.currentEdges = value;
		if (++this.field < this.nodeFieldCount) return;
		this.field = 0;
		const typeName = this.nodeTypes[this.currentType]!;
		const named = namedNodeTypes.has(typeName);
		const key = named ? this.currentName : -1 - this.currentType;
		if (named || typeName === 'closure') this.wantedStrings.add(this.currentName);
		const group = this.byKey.get(key);
		if (group) {
			group.count++;
			group.selfSize += this.currentSelfSize;
		} else {
			this.byKey.set(key, {count: 1, selfSize: this.currentSelfSize});
		}
		this.totalSelfSize += this.currentSelfSize;
		// V8 numbers JS heap objects with odd ids in allocation order; the embedder's (Node's C++) objects get
		// even ids from their addresses, which say nothing about age.
		if (this.currentId % 2 === 1 && this.currentId > this.maxNodeId) this.maxNodeId = this.currentId;
		const graph = this.graph;
		if (graph && this.index < this.nodeCount) {
			graph.nodeType[this.index] = this.currentType;
			graph.nodeName[this.index] = this.currentName;
			graph.nodeId[this.index] = this.currentId;
			graph.firstEdge[this.index + 1] = graph.firstEdge[this.index]! + this.currentEdges;
		}
		this.index++;
	}

	private edgeValue(value: number): void {
		const field = this.field;
		const graph = this.graph;
		if (field === this.edgeTypeField) {
			if (graph && this.index < this.edgeCount) graph.edgeType[this.index] = value;
			this.currentType = value;
		} else if (field === this.edgeNameField) {
			if (graph && this.index < this.edgeCount) graph.edgeNameOrIndex[this.index] = value;
			const how = this.edgeNameWanted[this.currentType] ?? 0;
			if (graph && how !== 0) this.wantedStrings.add(value, how);
		} else if (field === this.edgeToField && graph && this.index < this.edgeCount) {
			graph.edgeTo[this.index] = value / this.nodeFieldCount;
		}
		if (++this.field < this.edgeFieldCount) return;
		this.field = 0;
		this.index++;
	}

	private readStrings(chunk: Uint8Array, offset: number): number {
		if (this.stringsReader.read(chunk, offset)) this.phase = 'done';
		return chunk.length;
	}
}

function encode(text: string): Uint8Array {
	return new TextEncoder().encode(text);
}

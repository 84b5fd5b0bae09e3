// Feeds a .heapsnapshot file to the streaming reader in 1 MB chunks.
import fs from 'node:fs';
import {HeapSnapshotReader, type HeapSnapshotSummary} from '../model/heap/snapshot-reader.js';

export async function readHeapSnapshot(filePath: string, options: {keepGraph: boolean}): Promise<HeapSnapshotSummary> {
	const reader = new HeapSnapshotReader(options.keepGraph);
	for await (const chunk of fs.createReadStream(filePath, {highWaterMark: 1 << 20})) reader.push(chunk as Buffer);
	return reader.finish();
}

// Feeds a .heapsnapshot file to the streaming reader in 1 MB chunks; an aborted signal stops the reading.
import fs from 'node:fs';
import {HeapSnapshotReader, type HeapSnapshotSummary} from '../model/heap/snapshot-reader.js';

export async function readHeapSnapshot(filePath: string, options: {keepGraph: boolean; signal?: AbortSignal}): Promise<HeapSnapshotSummary> {
	const reader = new HeapSnapshotReader(options.keepGraph);
	const stream = fs.createReadStream(filePath, {highWaterMark: 1 << 20, signal: options.signal});
	for await (const chunk of stream) reader.push(chunk as Buffer);
	return reader.finish();
}

// `pm2-doctor heap <name|id> [--out DIR] [--compare SECONDS] [--json]`: one heap snapshot, or two that many
// seconds apart and what grew between them. The command is the request: the notice goes to stderr first.
import fs from 'node:fs/promises';
import path from 'node:path';
import {toSafeJson, toSafeText} from '../logs/sanitize-line.js';
import {formatBytes} from '../model/format.js';
import {diffGroups, dominantGrower, findRetainers, type HeapDiff} from '../model/heap/heap-diff.js';
import {estimateSnapshotBytes, formatHeapDiff, snapshotNotice} from '../model/heap/heap-report.js';
import {readHeapUsage, writeHeapSnapshot, type SnapshotFile} from './capture.js';
import {describeSessionFailure, findInspectableProcess, outputFileName} from './inspect-target.js';
import {defaultInspectorPort, InspectRefusal, isPortAnswering, openInspector, portTakenMessage, type Signaller} from './open-inspector.js';
import {readHeapSnapshot} from './read-snapshot.js';

export type HeapCommandOptions = {
	home: string;
	target: string | undefined;
	outDir?: string;
	compareSeconds?: number;
	json: boolean;
	readOnly: boolean;
	signal?: Signaller;
	port?: number;
	/** Free bytes in a folder, null when it cannot be written to; tests inject a full disk. */
	freeBytes?: (folder: string) => Promise<number | null>;
};

export async function runHeapCommand(options: HeapCommandOptions): Promise<number> {
	const refuse = (message: string) => {
		process.stderr.write(`pm2-doctor: ${message}\n`);
		if (options.json) process.stdout.write(toSafeJson({error: message}) + '\n');
		return 2;
	};
	if (!options.target) return refuse('heap needs a process: pm2-doctor heap <name|id>');
	const compareSeconds = options.compareSeconds;
	if (compareSeconds !== undefined && !(Number.isFinite(compareSeconds) && compareSeconds >= 1 && compareSeconds <= 3600))
		return refuse('--compare must be a number of seconds from 1 to 3600');
	const outDir = path.resolve(options.outDir ?? '.');
	const found = await findInspectableProcess(options.home, options.target, options.readOnly);
	if (!found.ok) return refuse(found.message);
	const {process: target, label} = found;
	const snapshots = compareSeconds === undefined ? 1 : 2;
	// PM2's figure when the app reports it; the RSS bounds the heap otherwise.
	const heapUsedBytes = target.heapUsedBytes ?? target.rssBytes;
	const neededBytes = estimateSnapshotBytes(heapUsedBytes) * snapshots;
	const free = await (options.freeBytes ?? freeBytes)(outDir);
	if (free === null) return refuse(`cannot write to ${toSafeText(outDir)}`);
	if (free < neededBytes)
		return refuse(`not enough free space in ${toSafeText(outDir)}: the snapshot needs about ${formatBytes(neededBytes)}, ${formatBytes(free)} is free`);
	const port = options.port ?? defaultInspectorPort;
	// Said before the notice: a refusal is the only line printed.
	if (await isPortAnswering(port)) return refuse(portTakenMessage(port));
	process.stderr.write(`pm2-doctor: ${snapshotNotice({label, heapUsedBytes, snapshots, port, outDir: toSafeText(outDir)})}\n`);

	let inspector;
	try {
		inspector = await openInspector(target.pid, {signal: options.signal, port});
	} catch (error) {
		return refuse(error instanceof InspectRefusal ? error.message : describeSessionFailure(target.pid, error));
	}
	const files: SnapshotFile[] = [];
	const times = {heapBeforeBytes: 0, heapAfterBytes: 0, firstAtMs: 0, secondAtMs: 0};
	try {
		times.heapBeforeBytes = (await readHeapUsage(inspector.session)).heapUsedBytes;
		const firstAtMs = (times.firstAtMs = Date.now());
		files.push(await writeHeapSnapshot(inspector.session, path.join(outDir, outputFileName(target, 'heapsnapshot', firstAtMs))));
		if (compareSeconds !== undefined) {
			await new Promise(resolve => setTimeout(resolve, compareSeconds * 1000));
			times.secondAtMs = Date.now();
			files.push(await writeHeapSnapshot(inspector.session, path.join(outDir, outputFileName(target, 'heapsnapshot', times.secondAtMs))));
			times.heapAfterBytes = (await readHeapUsage(inspector.session)).heapUsedBytes;
		}
	} catch (error) {
		return refuse(describeSessionFailure(target.pid, error));
	} finally {
		// Closed before the analysis: the inspector is open only while it is needed.
		await inspector.close();
	}
	for (const file of files)
		process.stderr.write(`pm2-doctor: wrote ${toSafeText(file.path)} (${formatBytes(file.bytes)}, the app paused ${(file.pauseMs / 1000).toFixed(1)} s)\n`);
	if (files.length === 1) {
		if (options.json) process.stdout.write(toSafeJson({target: targetFields(target), files}) + '\n');
		else process.stdout.write(`${files[0]!.path}\n`);
		return 0;
	}
	const before = await readHeapSnapshot(files[0]!.path, {keepGraph: false});
	const after = await readHeapSnapshot(files[1]!.path, {keepGraph: true});
	const growers = diffGroups(before, after);
	const dominant = dominantGrower(growers);
	const diff: HeapDiff = {
		intervalMs: times.secondAtMs - times.firstAtMs,
		heapBeforeBytes: times.heapBeforeBytes,
		heapAfterBytes: times.heapAfterBytes,
		growers,
		dominant,
		retainers: dominant && after.graph ? findRetainers(after.graph, dominant.name, before.maxNodeId) : null,
	};
	if (options.json) process.stdout.write(toSafeJson({target: targetFields(target), files, diff}) + '\n');
	else
		process.stdout.write(
			formatHeapDiff(diff)
				.split('\n')
				.map(line => toSafeText(line))
				.join('\n'),
		);
	return 0;
}

function targetFields(target: {name: string; pmId: number; pid: number}) {
	return {name: target.name, pmId: target.pmId, pid: target.pid};
}

async function freeBytes(folder: string): Promise<number | null> {
	try {
		await fs.access(folder, fs.constants.W_OK);
		const stats = await fs.statfs(folder);
		return stats.bavail * stats.bsize;
	} catch {
		return null;
	}
}

// The UI's reads of the history database, on a real file: a long window folded into chart-column buckets (memory
// as each bucket's peak), and only the newest exits of a crash loop.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {RestartEvent} from '../../../source/model/restart-timeline.js';
import {createHistoryWriter, openHistoryForWriting, type HistoryWriter} from '../../../source/recorder/history-db.js';
import {createHistoryReader} from '../../../source/recorder/history-reader.js';
import {makeProcess} from '../../helpers/process-fixture.js';

let folder: string;
let writer: HistoryWriter;
const mebibyte = 1024 * 1024;
const t0 = Date.UTC(2026, 0, 1);

beforeEach(() => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'history-reader-'));
	writer = createHistoryWriter(openHistoryForWriting(path.join(folder, 'pm2-doctor', 'history.sqlite')));
});

afterEach(() => {
	writer.close();
	fs.rmSync(folder, {recursive: true, force: true});
});

const exitAt = (exitAtMs: number, id: number): RestartEvent => ({
	id,
	pmId: 0,
	name: 'api',
	exitAtMs,
	exitTimeSource: 'poll',
	uptimeBeforeExitMs: 900,
	exitCode: 1,
	signal: null,
	cause: {kind: 'crash'},
	sigkillAfterMs: null,
	gaveUp: null,
	restartedAtMs: null,
	extraExits: 0,
	stderrTail: [],
	stderrMatchedByOrder: false,
	origin: 'live',
});

describe('reading history for the charts', () => {
	it('folds a window into buckets dated by their first sample, each the peak of its memory and the last of its other fields', () => {
		// Ten minutes at 5 s: RSS rises 1 MB a minute, with a 50 MB spike at 3m20s.
		for (let atMs = t0; atMs < t0 + 600_000; atMs += 5000) {
			const spike = atMs === t0 + 200_000 ? 50 * mebibyte : 0;
			writer.writeInterval({
				atMs,
				resolutionMs: 5000,
				processes: [makeProcess({name: 'api', rssBytes: 100 * mebibyte + ((atMs - t0) / 60_000) * mebibyte + spike, cpuPercent: (atMs - t0) / 5000})],
				restarts: [],
				findingChanges: [],
			});
		}
		const reader = createHistoryReader(writer.db);
		const buckets = reader.bucketedSamples('api', t0, t0 + 600_000, 60_000);
		expect(buckets).toHaveLength(10);
		expect(buckets[0]!.atMs).toBe(t0);
		expect(buckets[1]!.atMs).toBe(t0 + 60_000);
		expect(buckets[3]!.rssBytes).toBe(Math.round(100 * mebibyte + (200_000 / 60_000) * mebibyte + 50 * mebibyte));
		// The bucket's last sample gives the cpu.
		expect(buckets[0]!.cpuPercent).toBe(11);
		expect(reader.bucketedSamples('other', t0, t0 + 600_000, 60_000)).toEqual([]);
	});

	it('reads only the newest exits of a crash loop, oldest first', () => {
		const restarts = Array.from({length: 200}, (_, index) => exitAt(t0 + index * 2000, index + 1));
		writer.writeInterval({atMs: t0 + 400_000, resolutionMs: 5000, processes: [makeProcess({name: 'api'})], restarts, findingChanges: []});
		const reader = createHistoryReader(writer.db);
		const latest = reader.latestRestarts('api', t0, 50);
		expect(latest).toHaveLength(50);
		expect(latest[0]!.exitAtMs).toBe(t0 + 150 * 2000);
		expect(latest.at(-1)!.exitAtMs).toBe(t0 + 199 * 2000);
		expect(reader.latestRestarts('api', t0 + 390_000, 50)).toHaveLength(5);
	});
});

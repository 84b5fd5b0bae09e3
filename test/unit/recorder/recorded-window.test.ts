// The recorded samples `check` and the report judge on: each instance of a cluster app its own series (a leak in
// one worker is not mixed with a flat sibling), a fork app its series by name across delete + start.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createHistoryWriter, openHistoryForWriting, type HistoryWriter} from '../../../source/recorder/history-db.js';
import {createHistoryReader} from '../../../source/recorder/history-reader.js';
import {recordedHistories} from '../../../source/recorder/recorded-window.js';
import {makeProcess} from '../../helpers/process-fixture.js';

let folder: string;
let writer: HistoryWriter;
const mebibyte = 1024 * 1024;
const nowMs = Date.UTC(2026, 0, 1, 12);

beforeEach(() => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'recorded-window-'));
	writer = createHistoryWriter(openHistoryForWriting(path.join(folder, 'history.sqlite')));
});

afterEach(() => {
	writer.close();
	fs.rmSync(folder, {recursive: true, force: true});
});

const worker = (pmId: number, rssBytes: number) => makeProcess({pmId, name: 'web', execMode: 'cluster', instances: 2, rssBytes});

describe('recorded histories', () => {
	it('gives each instance of a cluster app its own series', () => {
		for (let minute = 10; minute >= 0; minute--) {
			const atMs = nowMs - minute * 60_000;
			// Instance 0 leaks 2 MB a minute, instance 1 stays flat.
			const processes = [worker(0, (200 - 2 * minute) * mebibyte), worker(1, 100 * mebibyte)];
			writer.writeInterval({atMs, resolutionMs: 5000, processes, restarts: [], findingChanges: []});
		}
		const histories = recordedHistories(createHistoryReader(writer.db), [worker(0, 0), worker(1, 0)], nowMs);
		expect(histories[0]!.map(s => s.rssBytes / mebibyte)).toEqual([180, 182, 184, 186, 188, 190, 192, 194, 196, 198, 200]);
		expect(histories[1]!.map(s => s.rssBytes / mebibyte)).toEqual(Array.from({length: 11}, () => 100));
	});

	it('reads a fork app by name, across a new pm_id after delete + start', () => {
		writer.writeInterval({
			atMs: nowMs - 120_000,
			resolutionMs: 5000,
			processes: [makeProcess({pmId: 0, name: 'api', rssBytes: mebibyte})],
			restarts: [],
			findingChanges: [],
		});
		writer.writeInterval({
			atMs: nowMs - 60_000,
			resolutionMs: 5000,
			processes: [makeProcess({pmId: 4, name: 'api', rssBytes: 2 * mebibyte})],
			restarts: [],
			findingChanges: [],
		});
		const histories = recordedHistories(createHistoryReader(writer.db), [makeProcess({pmId: 4, name: 'api'})], nowMs);
		expect(histories[4]!.map(s => s.rssBytes / mebibyte)).toEqual([1, 2]);
	});
});

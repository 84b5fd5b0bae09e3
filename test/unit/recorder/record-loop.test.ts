// The recorder's loop on a scripted daemon client (real timers, short interval, a real database in a temporary
// folder): every poll is one interval in the database, the recorder itself is left out, and storage that cannot
// be written is reported once while the recorder keeps polling.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createRecorder, recorderAppName, type Recorder} from '../../../source/recorder/record-loop.js';
import {openHistoryReader} from '../../../source/recorder/history-reader.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {waitFor} from '../../helpers/pm2-sandbox.js';
import {createFakeDaemonClient} from '../services/store/fake-daemon-client.js';

let home: string;
let recorder: Recorder | null = null;
const messages: string[] = [];

beforeEach(() => {
	home = fs.mkdtempSync(path.join(os.tmpdir(), 'record-loop-'));
	messages.length = 0;
});

afterEach(async () => {
	await recorder?.stop();
	recorder = null;
	fs.rmSync(home, {recursive: true, force: true});
});

const noFacts = () => Promise.reject(new Error('no checks in this test'));
const apps = () => [
	makeProcess({pmId: 0, name: 'api', outLogPath: null, errLogPath: null}),
	makeProcess({pmId: 1, name: recorderAppName, pid: 31_337, outLogPath: null, errLogPath: null}),
	makeProcess({pmId: 2, name: 'renamed-self', pid: 4711, outLogPath: null, errLogPath: null}),
];

function start(options: Partial<Parameters<typeof createRecorder>[0]> = {}) {
	recorder = createRecorder({
		home,
		client: createFakeDaemonClient(home, apps()),
		intervalMs: 50,
		gatherFacts: noFacts,
		log: message => messages.push(message),
		selfPid: 4711,
		...options,
	});
	recorder.start();
	return recorder;
}

describe('the recorder loop', () => {
	it('writes one interval per poll and leaves itself out', async () => {
		const running = start();
		await waitFor(() => running.stats.intervalsWritten >= 5, {what: 'five intervals'});
		const reader = openHistoryReader(home)!;
		expect(reader.processes().map(p => p.name)).toEqual(['api']);
		expect(reader.samples('api', 0).length).toBeGreaterThanOrEqual(5);
		expect(reader.lastWriteMs()).toBeGreaterThan(Date.now() - 10_000);
		reader.close();
		expect(messages).toEqual([]);
	});

	it('a full disk is reported once, the intervals are dropped and polling goes on', async () => {
		const running = start({maxPageCount: 12});
		await waitFor(() => running.stats.intervalsDropped >= 20, {what: 'dropped intervals', timeoutMs: 30_000});
		expect(messages).toEqual([
			expect.stringMatching(/disk holding .*history\.sqlite is full.*samples are dropped until it can write again \(the recorder keeps running\)/),
		]);
	});

	it('a home where the history cannot be created is reported once, and the recorder keeps polling', async () => {
		// A file where the folder should be: as unwritable for root (the CI user) as for anyone.
		fs.writeFileSync(path.join(home, 'pm2-doctor'), 'not a folder');
		const running = start();
		await waitFor(() => running.stats.intervalsDropped >= 10, {what: 'dropped intervals'});
		expect(running.stats.intervalsWritten).toBe(0);
		expect(messages).toEqual([
			expect.stringMatching(/cannot create the folder of .*history\.sqlite \(EEXIST: something else is in the way\); samples are dropped/),
		]);
	});
});

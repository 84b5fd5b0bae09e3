// A cluster app's instances share one name and are sampled at the same instant: the recorder must keep one series
// per instance (instance 0 holds 40 MB more than instance 1), and the readers must give each instance its own.
import {spawn, type ChildProcess} from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {openHistoryReader} from '../../../source/recorder/history-reader.js';
import {createPm2Sandbox, fixtureAppsDir, isAlive, repoRoot, run, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {historyTablesExist} from '../../helpers/history-tables.js';

const cliPath = path.join(repoRoot, 'dist', 'source', 'bin.js');
const mebibyte = 1024 * 1024;
let sandbox: Pm2Sandbox;
let databasePath: string;
let recorder: ChildProcess | null = null;

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-rec-cluster-');
	databasePath = path.join(sandbox.home, 'pm2-doctor', 'history.sqlite');
	const started = await sandbox.pm2(['start', path.join(fixtureAppsDir, 'recorder-cluster-unequal.cjs'), '--name', 'web', '-i', '2']);
	expect(started.code).toBe(0);
	await waitFor(async () => (await sandbox.jlist()).filter(p => p.name === 'web' && p.pm2_env.status === 'online').length === 2, {
		what: 'both instances online',
	});
});

afterAll(async () => {
	if (recorder?.pid && isAlive(recorder.pid)) recorder.kill('SIGKILL');
	await sandbox.destroy();
});

/** Sample rows per recorded process row, read with the database's own statements (not the reader under test). */
function rowsPerProcess(): Array<{pmId: number; samples: number}> {
	const db = new Database(databasePath, {readonly: true});
	try {
		return db
			.prepare(
				`SELECT p.pm_id AS pmId, count(s.at_ms) AS samples FROM processes p LEFT JOIN samples s ON s.process = p.id WHERE p.name = 'web' GROUP BY p.id ORDER BY p.pm_id`,
			)
			.all() as Array<{pmId: number; samples: number}>;
	} finally {
		db.close();
	}
}

function distinctSampleTimes(): number {
	const db = new Database(databasePath, {readonly: true});
	try {
		return db.prepare('SELECT count(DISTINCT at_ms) FROM samples').pluck().get() as number;
	} finally {
		db.close();
	}
}

describe('recording a cluster app', () => {
	it('keeps one series per instance, each with its own memory', async () => {
		const instances = (await sandbox.jlist()).filter(p => p.name === 'web');
		const pmIdOf = (instance: string) => instances.find(p => String(p.pm2_env.NODE_APP_INSTANCE) === instance)!.pm_id;
		const [big, small] = [pmIdOf('0'), pmIdOf('1')];
		recorder = spawn(process.execPath, [cliPath, 'record', '--interval', '1'], {env: sandbox.env, stdio: ['ignore', 'pipe', 'pipe']});
		await waitFor(() => historyTablesExist(databasePath) && distinctSampleTimes() >= 5, {what: 'five recorded intervals', timeoutMs: 60_000});
		recorder.kill('SIGTERM');
		const perProcess = rowsPerProcess();
		expect(perProcess.map(row => row.pmId)).toEqual([big, small].sort((a, b) => a - b));
		for (const row of perProcess) expect(row.samples).toBeGreaterThanOrEqual(5);

		const reader = openHistoryReader(sandbox.home);
		expect(reader).not.toBeNull();
		try {
			expect(
				reader!
					.processes()
					.map(p => p.pmId)
					.sort(),
			).toEqual([big, small].sort());
			const bigSamples = reader!.samples('web', 0, Date.now(), big);
			const smallSamples = reader!.samples('web', 0, Date.now(), small);
			expect(bigSamples.length).toBeGreaterThanOrEqual(4);
			expect(smallSamples.length).toBeGreaterThanOrEqual(4);
			// Both were sampled at the same instants, and neither overwrote the other.
			expect(smallSamples.map(s => s.atMs)).toEqual(expect.arrayContaining(bigSamples.slice(1, -1).map(s => s.atMs)));
			const smallPeak = Math.max(...smallSamples.map(s => s.rssBytes));
			expect(Math.min(...bigSamples.map(s => s.rssBytes))).toBeGreaterThan(smallPeak + 25 * mebibyte);
			expect(new Set(bigSamples.map(s => s.pid))).toEqual(new Set([instances.find(p => p.pm_id === big)!.pid]));
			const bucketed = reader!.bucketedSamples('web', 0, Date.now(), 1000, small);
			expect(bucketed.length).toBeGreaterThanOrEqual(4);
			expect(Math.max(...bucketed.map(s => s.rssBytes))).toBe(smallPeak);
		} finally {
			reader!.close();
		}

		// The report gives each instance its own section, with its own memory.
		const report = await run(process.execPath, [cliPath, 'report', '--since', '10m', '--process', 'web'], {env: sandbox.env});
		expect(report.code).toBe(0);
		const sections = report.stdout.split('\n## ').filter(section => section.startsWith('web (id '));
		const nowMebibytes = (pmId: number) => {
			const section = sections.find(text => text.startsWith(`web (id ${pmId})`));
			expect(section, `the section of instance ${pmId}`).toBeDefined();
			const match = /RSS from .*\((\d+) samples\), now ([\d.]+) MB/.exec(section!);
			expect(match, section).not.toBeNull();
			expect(Number(match![1])).toBeGreaterThanOrEqual(5);
			return Number(match![2]);
		};
		expect(sections).toHaveLength(2);
		expect(nowMebibytes(big) - nowMebibytes(small)).toBeGreaterThan(25);
	});
});

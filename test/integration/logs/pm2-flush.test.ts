// `pm2 flush` under a real sandbox daemon: the app keeps logging, PM2 truncates its files in place, and the
// log source keeps following: every line in the file after the flush is shown once, in order.
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {openProcessLogs, type LogsHandle} from '../../../source/logs/process-log-sources.js';
import {createPm2Sandbox, demoAppsDir, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {makeProcess} from '../../helpers/process-fixture.js';

let sandbox: Pm2Sandbox;
let handle: LogsHandle | null = null;

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-logs-flush-');
});
afterAll(async () => {
	await handle?.close();
	await sandbox.destroy();
});

describe('pm2 flush', () => {
	it('keeps following the app log through a real pm2 flush, without loss or duplicates after it', async () => {
		const outFile = path.join(sandbox.workDir, 'noisy-out.log');
		const errFile = path.join(sandbox.workDir, 'noisy-err.log');
		const ecosystem = path.join(sandbox.workDir, 'ecosystem.config.cjs');
		fs.writeFileSync(
			ecosystem,
			`module.exports = {apps: [{name: 'noisy', script: ${JSON.stringify(path.join(demoAppsDir, 'noisy-logger.cjs'))},` +
				` env: {LINES_PER_SECOND: '200'}, out_file: ${JSON.stringify(outFile)}, error_file: ${JSON.stringify(errFile)}}]};\n`,
		);
		const started = await sandbox.pm2(['start', ecosystem]);
		expect(started.code).toBe(0);
		const [entry] = await sandbox.jlist();
		expect(entry.pm2_env.pm_out_log_path).toBe(outFile);
		await waitFor(() => fs.existsSync(outFile) && fs.readFileSync(outFile, 'utf8').split('\n').length > 20, {what: 'app output'});

		const snapshot = makeProcess({pmId: entry.pm_id, name: 'noisy', outLogPath: outFile, errLogPath: errFile});
		handle = openProcessLogs(snapshot, {backfillLines: 50, pollIntervalMs: 100});
		const lines = () => handle!.getSnapshot().lines;
		await waitFor(() => lines().some(line => !line.backfill && line.source === 'out'), {what: 'live lines'});

		const flushed = await sandbox.pm2(['flush']);
		expect(flushed.code).toBe(0);
		const isOutTruncation = (text: string) => /^── out file truncated/.test(text);
		await waitFor(() => lines().some(line => isOutTruncation(line.text)), {what: 'truncation marker'});
		// Let the app log more than 50 lines after the flush, then stop it so the file stops changing.
		await waitFor(() => fs.readFileSync(outFile, 'utf8').split('\n').filter(Boolean).length > 50, {what: 'output after the flush'});
		expect((await sandbox.pm2(['stop', 'noisy'])).code).toBe(0);
		const fileLines = fs.readFileSync(outFile, 'utf8').split('\n').filter(Boolean);
		expect(fileLines.length).toBeGreaterThan(50);
		await waitFor(() => lines().at(-1)?.text === fileLines.at(-1) || lines().some(l => l.text === fileLines.at(-1)), {
			what: 'the last line of the file',
		});
		const all = lines();
		const marker = all.findIndex(line => isOutTruncation(line.text));
		const afterFlush = all
			.slice(marker + 1)
			.filter(line => line.source === 'out')
			.map(line => line.text);
		expect(afterFlush).toEqual(fileLines);
	});
});

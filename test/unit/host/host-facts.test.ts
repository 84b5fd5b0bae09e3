import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parseDump} from '../../../source/host/dump.js';
import {logFileFacts} from '../../../source/host/log-files.js';
import {readLogrotateFact} from '../../../source/host/logrotate.js';
import {parseStartupUnit, readStartupUnits} from '../../../source/host/startup-units.js';
import {daemonNodeVersionFromLog} from '../../../source/host/versions.js';
import {makeProcess} from '../../helpers/process-fixture.js';

describe('files of the PM2 home and the host', () => {
	let dir: string;
	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-hostfacts-'));
	});
	afterAll(() => fs.rmSync(dir, {recursive: true, force: true}));

	it('parses a systemd unit written by `pm2 startup` and finds pm2 units in a folder', async () => {
		const unit = await parseStartupUnit(
			'/etc/systemd/system/pm2-app.service',
			[
				'[Service]',
				'User=app',
				'Environment=PATH=/usr/bin:/bin',
				'Environment=PM2_HOME=/home/app/.pm2',
				'PIDFile=/home/app/.pm2/pm2.pid',
				'ExecStart=/nonexistent/lib/node_modules/pm2/bin/pm2 resurrect',
			].join('\n'),
		);
		expect(unit).toEqual({
			path: '/etc/systemd/system/pm2-app.service',
			pm2Home: '/home/app/.pm2',
			execPath: '/nonexistent/lib/node_modules/pm2/bin/pm2',
			execPathExists: false,
		});
		fs.writeFileSync(path.join(dir, 'pm2-root.service'), `Environment=PM2_HOME=/root/.pm2\nExecStart=${process.execPath} resurrect\n`);
		fs.writeFileSync(path.join(dir, 'nginx.service'), 'ExecStart=/usr/sbin/nginx\n');
		expect(await readStartupUnits([dir, path.join(dir, 'missing')])).toEqual([
			{path: path.join(dir, 'pm2-root.service'), pm2Home: '/root/.pm2', execPath: process.execPath, execPathExists: true},
		]);
	});

	it('parses dump.pm2 and reports a broken one', () => {
		expect(parseDump(JSON.stringify([{name: 'web', pm_exec_path: '/srv/web.js'}, {name: 'job'}]))).toEqual({
			entries: [
				{name: 'web', scriptPath: '/srv/web.js'},
				{name: 'job', scriptPath: null},
			],
			error: null,
		});
		expect(parseDump('{}').error).toBe('not a JSON array');
		expect(parseDump('[').error).toMatch(/JSON/);
	});

	it('reads pm2-logrotate settings from module_conf.json', async () => {
		fs.mkdirSync(path.join(dir, 'modules', 'pm2-logrotate'), {recursive: true});
		fs.writeFileSync(path.join(dir, 'module_conf.json'), JSON.stringify({'pm2-logrotate': {max_size: '10M', retain: 30}}));
		const fact = await readLogrotateFact(dir, [makeProcess({pmId: 0, name: 'pm2-logrotate'})], path.join(dir, 'no-logrotate.d'));
		expect(fact).toEqual({installed: true, moduleStatus: 'online', settings: {max_size: '10M', retain: '30'}, systemLogrotateFiles: []});
	});

	it('computes log growth between two samples, and none when the file shrank', () => {
		const app = makeProcess({pmId: 0, name: 'web', outLogPath: '/l/web-out.log', errLogPath: '/l/web-error.log'});
		const before = {atMs: 0, sizes: {'/l/web-out.log': 1000, '/l/web-error.log': 500, '/h/pm2.log': 10}};
		const after = {atMs: 10_000, sizes: {'/l/web-out.log': 21_000, '/l/web-error.log': 100, '/h/pm2.log': 10}};
		const facts = logFileFacts('/h', [app], after, before);
		expect(facts.map(f => [f.path, f.stream, f.growthBytesPerSecond])).toEqual([
			['/l/web-out.log', 'out', 2000],
			['/l/web-error.log', 'err', null],
			['/h/pm2.log', 'daemon', 0],
		]);
	});

	it("reads the daemon's Node version from its banner", () => {
		expect(daemonNodeVersionFromLog(['2026-11-25T12:00:00: PM2 log: Node.js version      : 20.20.2'])).toBe('v20.20.2');
	});
});

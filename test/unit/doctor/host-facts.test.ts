import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {
	daemonNodeVersionFromLog,
	logFileFacts,
	parseDump,
	parseProcNetTcp,
	parseStartupUnit,
	readListeningSockets,
	readLogrotateFact,
	readPidInfo,
	readStartupUnits,
} from '../../../source/doctor/host-facts.js';
import {toEvidenceText} from '../../../source/doctor/evidence-text.js';
import {maskSecretsInText} from '../../../source/model/mask-secrets.js';
import {makeProcess} from '../../helpers/process-fixture.js';

describe('/proc/net/tcp parsing', () => {
	it('keeps LISTEN sockets with decoded address, port and inode', () => {
		const tcp = [
			'  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
			'   0: 0100007F:B89D 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 123456 1 0000000000000000 100 0 0 10 0',
			'   1: 0100007F:B89D 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 123457 1 0000000000000000 20 4 30 10 -1',
		].join('\n');
		expect(parseProcNetTcp(tcp, false)).toEqual([{port: 47261, address: '127.0.0.1', inode: 123456}]);
		const tcp6 = [
			'  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
			'   0: 00000000000000000000000000000000:0BB8 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0000000000000000 100 0 0 10 0',
			'   1: 0000000000000000FFFF00000100007F:0BB9 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 778 1 0000000000000000 100 0 0 10 0',
		].join('\n');
		expect(parseProcNetTcp(tcp6, true)).toEqual([
			{port: 3000, address: '::', inode: 777},
			{port: 3001, address: '127.0.0.1', inode: 778},
		]);
	});

	describe('on this host', () => {
		const server = net.createServer();
		const port = 47270;
		beforeAll(() => new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve)));
		afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

		it('finds our own listening socket and this pid as its owner', () => {
			const socket = readListeningSockets().find(s => s.port === port);
			expect(socket?.address).toBe('127.0.0.1');
			expect(socket?.ownerPids).toContain(process.pid);
			expect(readPidInfo(process.pid)?.commandLine).toContain('node');
		});
	});
});

describe('files of the PM2 home and the host', () => {
	let dir: string;
	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-hostfacts-'));
	});
	afterAll(() => fs.rmSync(dir, {recursive: true, force: true}));

	it('parses a systemd unit written by `pm2 startup` and finds pm2 units in a folder', () => {
		const unit = parseStartupUnit('/etc/systemd/system/pm2-app.service', [
			'[Service]',
			'User=app',
			'Environment=PATH=/usr/bin:/bin',
			'Environment=PM2_HOME=/home/app/.pm2',
			'PIDFile=/home/app/.pm2/pm2.pid',
			'ExecStart=/nonexistent/lib/node_modules/pm2/bin/pm2 resurrect',
		].join('\n'));
		expect(unit).toEqual({
			path: '/etc/systemd/system/pm2-app.service',
			pm2Home: '/home/app/.pm2',
			execPath: '/nonexistent/lib/node_modules/pm2/bin/pm2',
			execPathExists: false,
		});
		fs.writeFileSync(path.join(dir, 'pm2-root.service'), `Environment=PM2_HOME=/root/.pm2\nExecStart=${process.execPath} resurrect\n`);
		fs.writeFileSync(path.join(dir, 'nginx.service'), 'ExecStart=/usr/sbin/nginx\n');
		expect(readStartupUnits([dir, path.join(dir, 'missing')])).toEqual([
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

	it('reads pm2-logrotate settings from module_conf.json', () => {
		fs.mkdirSync(path.join(dir, 'modules', 'pm2-logrotate'), {recursive: true});
		fs.writeFileSync(path.join(dir, 'module_conf.json'), JSON.stringify({'pm2-logrotate': {max_size: '10M', retain: 30}}));
		const fact = readLogrotateFact(dir, [makeProcess({pmId: 0, name: 'pm2-logrotate'})], path.join(dir, 'no-logrotate.d'));
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

describe('evidence text', () => {
	it('makes controls visible, masks credentials and caps length', () => {
		expect(toEvidenceText('ok\x1b]52;c;Zm9v\x07\rdone\u202e')).toBe('ok^[]52;c;Zm9v^G^Mdone<U+202E>');
		expect(maskSecretsInText('connect postgres://app:hunter2@db:5432/x failed, API_TOKEN=abc123')).toBe('connect postgres://app:****@db:5432/x failed, API_TOKEN=****');
		expect(toEvidenceText('node app.js --password=hunter2 --token abc123')).toBe('node app.js --password=**** --token ****');
		expect(toEvidenceText('x'.repeat(1000)).length).toBeLessThanOrEqual(301);
	});
});

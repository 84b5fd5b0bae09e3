import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parseProcNetTcp, readListeningSockets, readPidInfo} from '../../../source/host/ports.js';

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

		it('finds our own listening socket and this pid as its owner', async () => {
			const socket = (await readListeningSockets('/proc', new Set([port]))).find(s => s.port === port);
			expect(socket?.address).toBe('127.0.0.1');
			expect(socket?.ownerPids).toContain(process.pid);
			// Owners are looked up only for the ports asked about: the fd walk is the costly part.
			expect((await readListeningSockets()).find(s => s.port === port)?.ownerPids).toEqual([]);
			expect((await readPidInfo(process.pid))?.commandLine).toContain('node');
		});
	});
});

describe('a slow or large /proc', () => {
	let procRoot: string;
	const pidCount = 400;
	beforeAll(() => {
		// A /proc of many pids with a few fds each; pid 399 holds the listening socket's inode.
		procRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-proc-'));
		fs.mkdirSync(path.join(procRoot, 'net'));
		fs.writeFileSync(
			path.join(procRoot, 'net', 'tcp'),
			'  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n' +
				'   0: 0100007F:B89D 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 999001 1 0000000000000000 100 0 0 10 0\n',
		);
		for (let pid = 1; pid <= pidCount; pid++) {
			const fdDir = path.join(procRoot, String(pid), 'fd');
			fs.mkdirSync(fdDir, {recursive: true});
			for (let fd = 0; fd < 4; fd++)
				fs.symlinkSync(fd === 3 && pid === pidCount - 1 ? 'socket:[999001]' : `socket:[${pid * 10 + fd}]`, path.join(fdDir, String(fd)));
		}
	});
	afterAll(() => fs.rmSync(procRoot, {recursive: true, force: true}));

	it('is walked without blocking the event loop, and still finds the owner', async () => {
		let turns = 0;
		let reading = true;
		const spin = () => {
			turns++;
			if (reading) setImmediate(spin);
		};
		setImmediate(spin);
		const sockets = await readListeningSockets(procRoot, new Set([47261]));
		reading = false;
		expect(sockets).toEqual([{port: 47261, address: '127.0.0.1', inode: 999001, ownerPids: [pidCount - 1]}]);
		// A synchronous walk returns before the event loop turns even once; an asynchronous one lets it turn
		// between reads (keys and frames are handled meanwhile).
		expect(turns).toBeGreaterThan(10);
	});
});

// The link's own guarantees, against a local socket that accepts and never answers
// (the situation of a call in flight when the daemon hangs or dies).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {openDaemonLink} from '../../../source/pm2/daemon-link.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
	while (cleanups.length > 0) cleanups.pop()!();
});

async function silentServer(): Promise<{socketPath: string; connections: net.Socket[]; server: net.Server}> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-link-'));
	const socketPath = path.join(dir, 'rpc.sock');
	const connections: net.Socket[] = [];
	const server = net.createServer(socket => connections.push(socket));
	await new Promise<void>(resolve => server.listen(socketPath, resolve));
	cleanups.push(() => {
		for (const socket of connections) socket.destroy();
		server.close();
		fs.rmSync(dir, {recursive: true, force: true});
	});
	return {socketPath, connections, server};
}

describe('daemon link', () => {
	it('rejects a call that gets no answer when its deadline passes', async () => {
		const {socketPath} = await silentServer();
		const link = await openDaemonLink(socketPath, 1000);
		cleanups.push(() => link.close());
		await expect(link.call('getMonitorData', [{}], 200)).rejects.toThrow(/did not answer getMonitorData within 200 ms/);
	});

	it('rejects calls in flight when the daemon goes away, and refuses later calls at once', async () => {
		const {socketPath, connections} = await silentServer();
		const link = await openDaemonLink(socketPath, 1000);
		let closedWith = '';
		link.onClose(reason => (closedWith = reason));
		const inFlight = link.call('getMonitorData', [{}], 60_000);
		for (const socket of connections) socket.destroy();
		await expect(inFlight).rejects.toThrow(/unreachable/);
		expect(closedWith).not.toBe('');
		expect(link.isOpen).toBe(false);
		await expect(link.call('restartProcessId', [{id: 0}], 60_000)).rejects.toThrow(/unreachable/);
	});

	it('fails to open on a missing socket instead of waiting for a daemon', async () => {
		const startedAt = Date.now();
		await expect(openDaemonLink(path.join(os.tmpdir(), 'no-such-dir-pm2doc', 'rpc.sock'), 3000)).rejects.toThrow();
		expect(Date.now() - startedAt).toBeLessThan(2000);
	});
});

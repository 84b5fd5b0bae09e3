// One RPC connection to a PM2 daemon's rpc.sock, built on the transport pm2 itself uses
// (its bundled pm2-axon + pm2-axon-rpc) but without pm2's Client, whose traps we must not
// inherit (reliability.md §5): Client.start spawns a daemon when none answers, calls queued
// while the daemon is down are replayed against the next daemon, calls in flight when it dies
// never return, and pingDaemon calls process.exit(1) on EACCES.
//
// Here: the socket never reconnects by itself (retry timeout 0), every call has a deadline,
// every pending call is rejected when the socket closes, and a closed link refuses calls
// instead of queueing them. Re-attaching is the store's job and always makes a new link.
import axon from 'pm2/modules/pm2-axon/index.js';
import rpc from 'pm2/modules/pm2-axon-rpc/index.js';

export class DaemonUnreachableError extends Error {
	override name = 'DaemonUnreachableError';
}

export class RpcTimeoutError extends Error {
	override name = 'RpcTimeoutError';
}

export type DaemonLink = {
	call<T>(method: string, args: unknown[], timeoutMs: number): Promise<T>;
	readonly isOpen: boolean;
	/** Called once, when the socket closes for any reason (daemon killed, close()). */
	onClose(listener: (reason: string) => void): void;
	close(): void;
};

export function openDaemonLink(rpcSocketPath: string, connectTimeoutMs: number): Promise<DaemonLink> {
	return new Promise((resolve, reject) => {
		const socket = axon.socket('req');
		// 0 = emit 'close' instead of reconnecting: a reconnecting req socket queues calls (hwm Infinity).
		socket.set('retry timeout', 0);
		const client = new rpc.Client(socket);
		const pending = new Set<(error: Error) => void>();
		const closeListeners: Array<(reason: string) => void> = [];
		let open = false;
		let closed = false;
		let closeReason = 'connection closed';

		const connectTimer = setTimeout(() => shutDown(`no answer within ${connectTimeoutMs} ms`), connectTimeoutMs);

		function shutDown(reason: string) {
			if (closed) return;
			closed = true;
			open = false;
			closeReason = reason;
			clearTimeout(connectTimer);
			for (const rejectCall of pending) rejectCall(new DaemonUnreachableError(`PM2 daemon unreachable: ${reason}`));
			pending.clear();
			try {
				socket.close();
			} catch {
				// Already closing: the pending calls are rejected below all the same.
			}
			// Drop anything the transport queued so nothing is ever replayed.
			if (Array.isArray(socket.queue)) socket.queue.length = 0;
			socket.callbacks = {};
			if (!wasResolved) reject(new DaemonUnreachableError(reason));
			for (const listener of closeListeners) listener(reason);
		}

		let wasResolved = false;
		socket.on('error', (error: NodeJS.ErrnoException) => shutDown(error.code ?? error.message));
		socket.on('socket error', (error: NodeJS.ErrnoException) => {
			if (!open) shutDown(error.code ?? error.message);
		});
		socket.on('close', () => shutDown(closed ? closeReason : 'the daemon closed the connection'));
		socket.on('connect', () => {
			clearTimeout(connectTimer);
			open = true;
			wasResolved = true;
			resolve(link);
		});

		const link: DaemonLink = {
			get isOpen() {
				return open && !closed;
			},
			call<T>(method: string, args: unknown[], timeoutMs: number): Promise<T> {
				if (!open || closed) {
					return Promise.reject(new DaemonUnreachableError(`PM2 daemon unreachable: ${closeReason}`));
				}
				return new Promise<T>((resolveCall, rejectCall) => {
					const timer = setTimeout(() => {
						pending.delete(fail);
						rejectCall(new RpcTimeoutError(`PM2 did not answer ${method} within ${timeoutMs} ms`));
					}, timeoutMs);
					function fail(error: Error) {
						clearTimeout(timer);
						rejectCall(error);
					}
					pending.add(fail);
					client.call(method, ...args, (error: Error | null, result: T) => {
						if (!pending.delete(fail)) return; // already timed out or rejected
						clearTimeout(timer);
						if (error) rejectCall(error);
						else resolveCall(result);
					});
				});
			},
			onClose(listener) {
				if (closed) listener(closeReason);
				else closeListeners.push(listener);
			},
			close() {
				shutDown('closed by pm2-doctor');
			},
		};

		try {
			socket.connect(rpcSocketPath);
		} catch (error) {
			shutDown((error as Error).message);
		}
	});
}

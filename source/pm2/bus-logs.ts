// PM2's bus (pub.sock) as a log source, used only for processes whose log files are /dev/null or
// unreadable (source/logs/process-log-sources.ts decides). Every bus subscriber receives every app's
// log chunks, which costs CPU in proportion to the whole daemon's log volume (docs/architecture.md),
// so the socket is opened on the first subscription and closed with the last one.
import path from 'node:path';
import axon from 'pm2/modules/pm2-axon/index.js';
import type {BusChunk} from '../logs/bus-chunk-framer.js';
import type {SubscribeBusLogs} from '../logs/process-log-sources.js';

type Listener = {pmId: number; onChunk: (chunk: BusChunk) => void};

export function createBusLogSubscriber(home: string): SubscribeBusLogs {
	const listeners = new Set<Listener>();
	let socket: any = null;

	const deliver = (source: 'out' | 'err') => (packet: unknown) => {
		const chunk = toChunk(packet, source);
		if (!chunk) return;
		for (const listener of listeners) if (listener.pmId === chunk.pmId) listener.onChunk(chunk);
	};

	function open() {
		socket = axon.socket('sub-emitter');
		// A sub socket has nothing to replay: reconnecting after a daemon restart is what we want here.
		socket.on('error', () => {});
		socket.on('log:out', deliver('out'));
		socket.on('log:err', deliver('err'));
		socket.connect(path.join(home, 'pub.sock'));
	}

	return (pmId, onChunk) => {
		const listener = {pmId, onChunk};
		listeners.add(listener);
		if (!socket) open();
		return () => {
			listeners.delete(listener);
			if (listeners.size === 0 && socket) {
				socket.close();
				socket = null;
			}
		};
	};
}

/** Validates a bus packet (any app can emit bus events through process.send: reliability.md §5.2). */
export function toChunk(packet: unknown, source: 'out' | 'err'): BusChunk | null {
	if (typeof packet !== 'object' || packet === null) return null;
	const {process, data, at} = packet as {process?: {pm_id?: unknown}; data?: unknown; at?: unknown};
	const pmId = process?.pm_id;
	if (typeof pmId !== 'number' || typeof data !== 'string') return null;
	return {pmId, source, data, atMs: typeof at === 'number' ? at : Date.now()};
}

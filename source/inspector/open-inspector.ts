// Opens the inspector of a running Node process from outside and closes it again. Node opens its inspector
// on SIGUSR1, on 127.0.0.1:9229 (a process started without --inspect-port); /json/list on that port names the
// WebSocket to talk to; `process._debugEnd()` evaluated in the target closes the inspector and its port
// (verified on Node 20; it is an internal of Node, so the port is checked closed afterwards and the relay takes
// over if it is not). The connection itself is held by the detached relay (inspector-relay.ts).
import net from 'node:net';
import {DevtoolsSession} from './devtools-session.js';
import {startInspectorRelay, type InspectorRelay} from './inspector-relay.js';

export const defaultInspectorPort = 9229;

/**
 * Ends the inspector from inside the target once the call that asks for it has returned (its answer is sent
 * before the inspector goes). The target then closes the WebSocket itself, and the client must let it: see
 * closeInspector.
 */
export const endInspectorExpression = 'setImmediate(() => process._debugEnd())';

/** How long the target gets to close the connection after it was asked to end its inspector. */
const targetCloseTimeoutMs = 10_000;

/** A refusal: one line for the user, exit 2, nothing left open. */
export class InspectRefusal extends Error {}

export type Signaller = (pid: number, signal: NodeJS.Signals) => void;

export type OpenOptions = {
	port?: number;
	/** process.kill by default; tests inject one that fails as for another user's process. */
	signal?: Signaller;
	openTimeoutMs?: number;
};

export type OpenInspector = {
	session: DevtoolsSession;
	port: number;
	/** Ends the inspector in the target and waits until its port is closed; the relay takes over if that fails. */
	close(): Promise<void>;
	/**
	 * Gives up at once (a cancel): the relay keeps the connection, lets the call in flight finish (a snapshot
	 * cut off mid-stream has crashed targets), removes a half-written file and closes the inspector. Calls
	 * pending here fail now; `close` afterwards does nothing.
	 */
	abandon(): void;
};

export function portTakenMessage(port: number): string {
	return `the inspector port 127.0.0.1:${port} is taken (another inspector, or a debugger session already open): nothing was signalled`;
}

export async function openInspector(pid: number, options: OpenOptions = {}): Promise<OpenInspector> {
	const port = options.port ?? defaultInspectorPort;
	const signal = options.signal ?? ((target, name) => process.kill(target, name));
	if (await isPortAnswering(port)) throw new InspectRefusal(portTakenMessage(port));
	// Started before the signal, so that from the moment the inspector may exist someone will close it.
	const relay = startInspectorRelay(pid, port);
	try {
		signal(pid, 'SIGUSR1');
	} catch (error) {
		relay.release();
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EPERM') throw new InspectRefusal(`no permission to signal pid ${pid} (it runs as another user): run pm2-doctor as that user`);
		if (code === 'ESRCH') throw new InspectRefusal(`pid ${pid} exited before its inspector could be opened`);
		throw new InspectRefusal(`could not signal pid ${pid}: ${(error as Error).message}`);
	}
	let session: DevtoolsSession;
	try {
		const url = await waitForDebuggerUrl(pid, port, options.openTimeoutMs ?? 5000);
		session = await DevtoolsSession.connect(relay, url, 5000);
	} catch (error) {
		relay.handOver();
		throw error instanceof InspectRefusal ? error : new InspectRefusal(`could not connect to the inspector of pid ${pid}: ${(error as Error).message}`);
	}
	const answeredPid = await session
		.call<{result: {value?: unknown}}>('Runtime.evaluate', {expression: 'process.pid', returnByValue: true}, 10_000)
		.then(answer => answer.result.value)
		.catch(() => null);
	if (answeredPid !== pid) {
		await session.close();
		// Not the process we signalled: its inspector is someone else's to close, and ours never opened.
		relay.release();
		throw new InspectRefusal(`the inspector port 127.0.0.1:${port} answered for another process: pid ${pid}'s inspector did not open`);
	}
	let abandoned = false;
	return {
		session,
		port,
		close: () => (abandoned ? Promise.resolve() : closeInspector(session, port, relay)),
		abandon() {
			abandoned = true;
			relay.handOver();
		},
	};
}

/**
 * Asks the target to end its inspector, waits until the target has closed the connection and its port, and
 * releases the relay; if either stays open, the relay takes over (it asks again, and never closes the
 * connection from its side either).
 *
 * Why the connection is never closed from this side: Node 20's inspector crashes (SIGSEGV in
 * WsHandler::OnCloseFrameWritten, on the inspector's thread) when the client's close frame or end of stream
 * arrives while the server's own close frame, sent as the inspector ends, is still being written: the handler
 * is freed by the one and used by the other's write callback. Closing right after the request to end did that
 * to 5 targets in 60 cycles on a loaded 2-core host, and to about one `heap --compare` in eight; waiting for
 * the target's close, 0 in 150 cycles.
 */
export async function closeInspector(
	session: DevtoolsSession,
	port: number,
	relay: Pick<InspectorRelay, 'release' | 'handOver'>,
	timeoutMs = targetCloseTimeoutMs,
): Promise<void> {
	session.sendOnly('Runtime.evaluate', {expression: endInspectorExpression});
	if (!(await session.closedByTarget(timeoutMs))) return relay.handOver();
	const deadline = Date.now() + 5000;
	while (Date.now() < deadline) {
		if (!(await isPortAnswering(port))) return relay.release();
		await delay(100);
	}
	relay.handOver();
}

async function waitForDebuggerUrl(pid: number, port: number, timeoutMs: number): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (!isAlive(pid)) throw new InspectRefusal(`pid ${pid} exited while its inspector was being opened`);
		try {
			const response = await fetch(`http://127.0.0.1:${port}/json/list`, {signal: AbortSignal.timeout(2000)});
			const list = (await response.json()) as Array<{webSocketDebuggerUrl?: unknown}>;
			const url = list[0]?.webSocketDebuggerUrl;
			if (typeof url === 'string') return url;
		} catch {
			// Not listening yet.
		}
		if (Date.now() > deadline)
			throw new InspectRefusal(`the inspector of pid ${pid} did not open on 127.0.0.1:${port} within ${Math.round(timeoutMs / 1000)} s`);
		await delay(50);
	}
}

export function isPortAnswering(port: number): Promise<boolean> {
	return new Promise(resolve => {
		const socket = net.connect({host: '127.0.0.1', port});
		socket.setTimeout(1000);
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('timeout', () => {
			socket.destroy();
			resolve(false);
		});
		socket.once('error', () => resolve(false));
	});
}

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function delay(ms: number): Promise<void> {
	return new Promise(resolve => setTimeout(resolve, ms));
}

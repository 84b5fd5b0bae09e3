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
 * Ends the inspector from inside the target once the call that asks for it has returned. `process._debugEnd()`
 * evaluated directly tears the inspector down under the session still dispatching that very call: about one
 * `heap --compare` in eight crashed the target (SIGSEGV) on a loaded 2-core host, with this code and with the
 * code before the relay alike.
 */
export const endInspectorExpression = 'setImmediate(() => process._debugEnd())';

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

async function closeInspector(session: DevtoolsSession, port: number, relay: InspectorRelay): Promise<void> {
	// The heap profiler's state (object ids of every snapshot) is dropped in a call of its own, not in the teardown.
	await session.call('HeapProfiler.disable', {}, 5000).catch(() => {});
	session.sendOnly('Runtime.evaluate', {expression: endInspectorExpression});
	// _debugEnd drops the connection before it can answer.
	await Promise.race([session.close(), delay(3000)]);
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

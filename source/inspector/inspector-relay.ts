// The promise "the target is never left paused or with its inspector open" must hold when pm2-doctor itself
// is killed (SIGKILL runs no handler). So the inspector's WebSocket is not held by pm2-doctor but by a small
// detached relay process, started before the inspector opens: pm2-doctor talks to it over a pipe, one
// DevTools message a line each way. If the pipe ends without "done" (pm2-doctor died, or gave up closing),
// the relay keeps the same connection, lets the calls in flight finish (a running snapshot streams on into
// nothing), removes the snapshot file left half-written, and ends the inspector with `process._debugEnd()` (run by
// setImmediate, once the call that asks for it has returned), letting the target close the connection.
// Why a relay and not a second connection made afterwards: a snapshot whose connection drops while it
// streams, followed by a new session, has crashed the target (SIGSEGV) on Node 20; one connection for the
// whole visit never drops mid-stream.
// The relay is one self-contained script run with `node -e` (Node's own WebSocket, behind a flag on Node 20),
// so it needs no file of pm2-doctor's on disk and keeps working if pm2-doctor's folder is replaced meanwhile.
import {spawn} from 'node:child_process';
import {createInterface} from 'node:readline';

const relaySource = String.raw`
process.title = 'pm2-doctor-inspector-guard';
const fs = require('node:fs');
const [targetPid, port] = process.argv.slice(1).map(Number);
const giveUpAt = Date.now() + 30 * 60 * 1000;
const pidCheckId = 2e9, endId = 2e9 + 1;
// Run once the call has returned. The target then closes the connection itself; it is never closed from here
// while the inspector ends (a close from both sides at once can crash the target: see closeInspector).
const endExpression = 'setImmediate(() => process._debugEnd())';
let released = false, ending = false, socket = null, partialFile = null, doctorListens = true;
const inFlight = new Set();
const idOf = text => { const match = /^\{"id":(\d+)/.exec(text); return match ? Number(match[1]) : null; };
process.stdout.on('error', () => { doctorListens = false; });
const toDoctor = line => { if (doctorListens) try { process.stdout.write(line + '\n'); } catch { doctorListens = false; } };
let pendingInput = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => {
	pendingInput += chunk;
	for (let end = pendingInput.indexOf('\n'); end >= 0; end = pendingInput.indexOf('\n')) {
		fromDoctor(pendingInput.slice(0, end));
		pendingInput = pendingInput.slice(end + 1);
	}
});
process.stdin.on('end', () => (released ? process.exit(0) : takeOver()));
process.stdin.on('error', () => {});
setTimeout(() => process.exit(0), giveUpAt - Date.now()).unref();
function fromDoctor(line) {
	if (line.startsWith('{"relay":')) {
		const order = JSON.parse(line);
		if (order.relay === 'connect') connect(order.url);
		else if (order.relay === 'file') partialFile = order.path;
		else if (order.relay === 'file-complete') partialFile = null;
		else if (order.relay === 'done') released = true;
		else if (order.relay === 'close' && socket) socket.close();
		return;
	}
	const id = idOf(line);
	if (id !== null) inFlight.add(id);
	if (socket && socket.readyState === 1) socket.send(line);
}
function connect(url) {
	const opened = new WebSocket(url);
	opened.onopen = () => { socket = opened; toDoctor('{"relay":"open"}'); };
	opened.onerror = event => { if (!socket) toDoctor(JSON.stringify({relay: 'error', message: String(event.message || 'connection failed')})); };
	opened.onclose = () => {
		const wasOpen = socket === opened;
		socket = null;
		if (wasOpen) toDoctor('{"relay":"closed"}');
		if (ending) closeAnyInspector();
	};
	opened.onmessage = event => {
		const text = String(event.data);
		const id = idOf(text);
		if (id !== null) inFlight.delete(id);
		if (id === pidCheckId) {
			const answer = JSON.parse(text);
			if (answer.result && answer.result.result && answer.result.result.value === targetPid) send(endId, endExpression);
			else process.exit(0);
			return;
		}
		toDoctor(text);
		if (ending && inFlight.size === 0) endThrough();
	};
}
function send(id, expression) {
	socket.send(JSON.stringify({id, method: 'Runtime.evaluate', params: {expression, returnByValue: true}}));
}
let takenOverAt = 0;
function takeOver() {
	takenOverAt = Date.now();
	ending = true;
	doctorListens = false;
	if (partialFile) fs.rmSync(partialFile, {force: true});
	if (!socket) return closeAnyInspector();
	if (inFlight.size === 0) endThrough();
}
let endSent = false;
function endThrough() {
	if (endSent) return;
	endSent = true;
	// Only the process pm2-doctor opened: asked on the same connection before ending it.
	send(pidCheckId, 'process.pid');
}
const alive = pid => { try { process.kill(pid, 0); return true; } catch (error) { return error.code === 'EPERM'; } };
// No connection of ours (pm2-doctor died before it connected, or ours closed): end the inspector the target
// opened, if it is the target's, for as long as its port answers.
async function closeAnyInspector() {
	while (Date.now() < giveUpAt && alive(targetPid)) {
		let url;
		try {
			const list = await (await fetch('http://127.0.0.1:' + port + '/json/list', {signal: AbortSignal.timeout(2000)})).json();
			url = list[0] && list[0].webSocketDebuggerUrl;
		} catch {
			// The port does not answer: the inspector is closed, or never opened. A signal sent just before
			// pm2-doctor died may still open it, so the port is watched a few seconds before concluding.
			if (Date.now() - takenOverAt > 5000) process.exit(0);
			await new Promise(resolve => setTimeout(resolve, 250));
			continue;
		}
		if (!url) process.exit(0);
		await new Promise(resolve => {
			const other = new WebSocket(url);
			other.onerror = () => resolve();
			other.onclose = () => resolve();
			other.onopen = () => other.send(JSON.stringify({id: pidCheckId, method: 'Runtime.evaluate', params: {expression: 'process.pid', returnByValue: true}}));
			other.onmessage = event => {
				const answer = JSON.parse(String(event.data));
				if (answer.id !== pidCheckId) return;
				if (answer.result && answer.result.result && answer.result.result.value === targetPid)
					other.send(JSON.stringify({id: endId, method: 'Runtime.evaluate', params: {expression: endExpression}}));
				else process.exit(0);
			};
		});
		await new Promise(resolve => setTimeout(resolve, 500));
	}
	process.exit(0);
}
`;

/** What DevtoolsSession talks through: one DevTools message a call each way. */
export type DevtoolsTransport = {
	send(text: string): void;
	readonly isOpen: boolean;
	onMessage(listener: (text: string) => void): void;
	onClose(listener: (reason: string) => void): void;
	/** Closes the connection; resolves once it is closed. */
	close(): Promise<void>;
	/** A file being written from this session: removed by the relay if pm2-doctor dies before `complete`. */
	trackPartialFile(filePath: string): {complete(): void};
};

export type InspectorRelay = {
	/** Connects the relay to the inspector's WebSocket address. */
	connect(url: string, timeoutMs: number): Promise<DevtoolsTransport>;
	/** pm2-doctor closed the inspector itself: the relay exits without touching the target. */
	release(): void;
	/** pm2-doctor could not close it: the relay takes over now. */
	handOver(): void;
	pid: number | undefined;
};

export function startInspectorRelay(targetPid: number, inspectorPort: number): InspectorRelay {
	const flags = typeof (globalThis as {WebSocket?: unknown}).WebSocket === 'function' ? [] : ['--experimental-websocket'];
	const child = spawn(process.execPath, [...flags, '--no-warnings', '-e', relaySource, String(targetPid), String(inspectorPort)], {
		detached: true,
		stdio: ['pipe', 'pipe', 'ignore'],
		env: {PATH: process.env.PATH ?? ''},
	});
	child.on('error', () => {});
	child.stdin.on('error', () => {});
	// The relay must not keep pm2-doctor running, nor die with pm2-doctor's process group.
	child.unref();
	const unrefPipes = () => {
		(child.stdin as unknown as {unref?: () => void}).unref?.();
		(child.stdout as unknown as {unref?: () => void}).unref?.();
	};
	unrefPipes();
	const order = (fields: Record<string, unknown>) => {
		if (child.stdin.writable) child.stdin.write(JSON.stringify(fields) + '\n');
	};
	const lines = createInterface({input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY});
	const messageListeners = new Set<(text: string) => void>();
	const closeListeners = new Set<(reason: string) => void>();
	let state: 'idle' | 'connecting' | 'open' | 'closed' = 'idle';
	let connectAnswer: ((error: Error | null) => void) | null = null;
	const markClosed = (reason: string) => {
		if (state === 'closed') return;
		const wasOpen = state === 'open';
		state = 'closed';
		connectAnswer?.(new Error(reason));
		connectAnswer = null;
		if (wasOpen) for (const listener of closeListeners) listener(reason);
	};
	lines.on('line', line => {
		if (line.startsWith('{"relay":')) {
			const event = JSON.parse(line) as {relay: string; message?: string};
			if (event.relay === 'open') {
				state = 'open';
				connectAnswer?.(null);
				connectAnswer = null;
			} else if (event.relay === 'error') markClosed(event.message ?? 'could not connect');
			else if (event.relay === 'closed') markClosed('the inspector closed the connection');
			return;
		}
		for (const listener of messageListeners) listener(line);
	});
	lines.on('close', () => markClosed('the inspector relay ended'));
	const transport: DevtoolsTransport = {
		send(text) {
			if (child.stdin.writable) child.stdin.write(text + '\n');
		},
		get isOpen() {
			return state === 'open';
		},
		onMessage: listener => void messageListeners.add(listener),
		onClose: listener => void closeListeners.add(listener),
		close: () =>
			new Promise<void>(resolve => {
				if (state !== 'open') return resolve();
				closeListeners.add(() => resolve());
				order({relay: 'close'});
			}),
		trackPartialFile(filePath) {
			order({relay: 'file', path: filePath});
			return {complete: () => order({relay: 'file-complete'})};
		},
	};
	return {
		pid: child.pid,
		connect(url, timeoutMs) {
			if (state !== 'idle') return Promise.reject(new Error('the inspector relay is already connected'));
			state = 'connecting';
			// While a connection is being made pm2-doctor waits for it: the pipe may keep the event loop alive.
			(child.stdout as unknown as {ref?: () => void}).ref?.();
			return new Promise<DevtoolsTransport>((resolve, reject) => {
				const timer = setTimeout(() => markClosed(`no connection within ${Math.round(timeoutMs / 1000)} s`), timeoutMs);
				connectAnswer = error => {
					clearTimeout(timer);
					if (error) reject(error);
					else resolve(transport);
				};
				order({relay: 'connect', url});
			});
		},
		release() {
			order({relay: 'done'});
			child.stdin.end();
			lines.close();
			child.stdout.destroy();
		},
		handOver() {
			child.stdin.end();
			lines.close();
			child.stdout.destroy();
		},
	};
}

// The promise "the target is never left with its inspector open" must hold when pm2-doctor itself is killed
// (SIGKILL runs no handler). So a small detached guard process is started before the inspector opens: it
// holds the read end of a pipe from pm2-doctor. pm2-doctor writes "done" once it has closed the inspector
// itself; if the pipe ends without it (pm2-doctor died, or gave up closing), the guard connects to the
// target's inspector and ends it, waiting for a running snapshot to finish first (the target's main thread
// answers only then), for as long as the inspector port answers.
// The guard is one self-contained script run with `node -e` (Node's own WebSocket, behind a flag on Node 20),
// so it needs no file of pm2-doctor's on disk and keeps working if pm2-doctor's folder is replaced meanwhile.
import {spawn} from 'node:child_process';

const guardSource = String.raw`
process.title = 'pm2-doctor-inspector-guard';
const [targetPid, port] = process.argv.slice(1).map(Number);
let released = false;
let input = '';
process.stdin.on('data', chunk => {
	input += chunk;
	if (input.includes('done')) released = true;
});
process.stdin.on('end', () => (released ? process.exit(0) : endInspector()));
process.stdin.on('error', () => {});
const alive = pid => { try { process.kill(pid, 0); return true; } catch (error) { return error.code === 'EPERM'; } };
async function endInspector() {
	const deadline = Date.now() + 30 * 60 * 1000;
	while (Date.now() < deadline && alive(targetPid)) {
		try {
			const list = await (await fetch('http://127.0.0.1:' + port + '/json/list', {signal: AbortSignal.timeout(2000)})).json();
			const url = list[0] && list[0].webSocketDebuggerUrl;
			if (!url) process.exit(0);
			await closeThrough(url);
		} catch {
			// The port no longer answers: the inspector is closed (or never opened).
			process.exit(0);
		}
		await new Promise(resolve => setTimeout(resolve, 500));
	}
	process.exit(0);
}
function closeThrough(url) {
	return new Promise(resolve => {
		const socket = new WebSocket(url);
		socket.onerror = () => resolve();
		socket.onclose = () => resolve();
		socket.onopen = () => {
			// Only the process pm2-doctor opened: something else may have taken the port since.
			socket.send(JSON.stringify({id: 1, method: 'Runtime.evaluate', params: {expression: 'process.pid', returnByValue: true}}));
		};
		socket.onmessage = event => {
			const message = JSON.parse(String(event.data));
			if (message.id !== 1) return;
			if (message.result && message.result.result && message.result.result.value === targetPid) {
				socket.send(JSON.stringify({id: 2, method: 'Runtime.evaluate', params: {expression: 'process._debugEnd()'}}));
			} else {
				process.exit(0);
			}
		};
	});
}
`;

export type InspectorGuard = {
	/** pm2-doctor closed the inspector itself: the guard exits without touching the target. */
	release(): void;
	/** pm2-doctor could not close it: the guard takes over now. */
	handOver(): void;
	pid: number | undefined;
};

export function startInspectorGuard(targetPid: number, inspectorPort: number): InspectorGuard {
	const flags = typeof (globalThis as {WebSocket?: unknown}).WebSocket === 'function' ? [] : ['--experimental-websocket'];
	const child = spawn(process.execPath, [...flags, '--no-warnings', '-e', guardSource, String(targetPid), String(inspectorPort)], {
		detached: true,
		stdio: ['pipe', 'ignore', 'ignore'],
		env: {PATH: process.env.PATH ?? ''},
	});
	child.on('error', () => {});
	child.stdin.on('error', () => {});
	// The guard must not keep pm2-doctor running, nor die with pm2-doctor's process group.
	child.unref();
	(child.stdin as unknown as {unref?: () => void}).unref?.();
	return {
		pid: child.pid,
		release() {
			child.stdin.end('done\n');
		},
		handOver() {
			child.stdin.end();
		},
	};
}

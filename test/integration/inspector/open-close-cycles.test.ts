// A real target's inspector opened and closed again and again, as `heap --compare`, the TUI's heap diff and
// `profile` do: the target must survive every close. Closing the connection from our side while the target
// ended its inspector crashed it (SIGSEGV) about once in twelve cycles on a loaded host; the target now closes it.
// The target listens on a port of its own (--inspect-port), so this file needs no turn at the machine's 9229.
import {spawn, type ChildProcess} from 'node:child_process';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {isPortAnswering, openInspector} from '../../../source/inspector/open-inspector.js';
import {freeLoopbackPorts} from '../../helpers/free-port.js';

let target: ChildProcess;
let exit: {code: number | null; signal: NodeJS.Signals | null} | null = null;
let port: number;

beforeAll(async () => {
	[port] = await freeLoopbackPorts(1);
	// Busy enough that its main thread is often inside a timer when the inspector ends.
	const app = 'const kept = []; setInterval(() => { kept.push(new Array(1000).fill(1)); if (kept.length > 500) kept.length = 0; }, 5);';
	target = spawn(process.execPath, [`--inspect-port=${port}`, '-e', app], {stdio: 'ignore'});
	target.on('exit', (code, signal) => (exit = {code, signal}));
	await new Promise(resolve => setTimeout(resolve, 300));
});

afterAll(() => {
	if (!exit) target.kill('SIGKILL');
});

it('survives twenty inspector visits, each closed again', {timeout: 180_000}, async () => {
	for (let visit = 1; visit <= 20; visit++) {
		const opened = await openInspector(target.pid!, {port, openTimeoutMs: 15_000});
		const answer = await opened.session.call<{result: {value?: unknown}}>('Runtime.evaluate', {expression: 'process.pid', returnByValue: true});
		expect(answer.result.value).toBe(target.pid);
		await opened.close();
		expect(await isPortAnswering(port), `visit ${visit}: the inspector port is closed`).toBe(false);
		expect(exit, `visit ${visit}: the target runs on`).toBeNull();
	}
	// A crash on the last close may come a moment later.
	await new Promise(resolve => setTimeout(resolve, 500));
	expect(exit).toBeNull();
});

// The TUI attached after the recorder has run: the slow leaker's chart covers the recorded minutes at once (the
// time axis says from how far back it has data, and the leak verdict is judged on them), and the header says
// history is being recorded. The recorder runs in the foreground at its shortest interval (1 s), and the test
// waits for its samples in the database, not for a fixed time.
import {spawn, type ChildProcess} from 'node:child_process';
import path from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {openHistoryReader} from '../../../source/recorder/history-reader.js';
import {createPm2Sandbox, fixtureAppsDir, isAlive, repoRoot, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';
import {spawnInPty, type PtyScreen} from '../../helpers/pty-screen.js';

const bin = path.join(repoRoot, 'dist', 'source', 'bin.js');
/** Recorded span before the UI attaches: past the leak rule's 45 s, so only a recording can give a verdict at once. */
const recordedSpanMs = 75_000;
let sandbox: Pm2Sandbox;
let recorder: ChildProcess | null = null;
let ui: PtyScreen | null = null;

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-e2e-hist-');
	const started = await sandbox.pm2(['start', path.join(fixtureAppsDir, 'recorder-slow-leak.cjs'), '--name', 'slow-leak']);
	expect(started.code, started.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
	ui?.kill('SIGKILL');
	if (recorder?.pid && isAlive(recorder.pid)) recorder.kill('SIGKILL');
	await sandbox?.destroy();
}, 60_000);

/** The recorded samples of the slow leaker: how many, and the span they cover. */
function recordedSpan(): {count: number; spanMs: number} {
	const reader = openHistoryReader(sandbox.home);
	if (!reader) return {count: 0, spanMs: 0};
	try {
		const samples = reader.samples('slow-leak', 0);
		return {count: samples.length, spanMs: samples.length > 1 ? samples.at(-1)!.atMs - samples[0]!.atMs : 0};
	} catch {
		// The recorder is still creating its tables.
		return {count: 0, spanMs: 0};
	} finally {
		reader.close();
	}
}

it('charts the recorded minutes of the slow leaker as soon as it attaches, and says history is recorded', {timeout: 240_000}, async () => {
	recorder = spawn(process.execPath, [bin, 'record', '--interval', '1'], {env: sandbox.env, stdio: 'ignore'});
	const recorded = await waitFor(() => (recordedSpan().spanMs >= recordedSpanMs ? recordedSpan() : null), {
		timeoutMs: 180_000,
		intervalMs: 1000,
		what: `${recordedSpanMs / 1000} s of recorded samples`,
	});
	expect(recorder.exitCode).toBeNull();
	expect(recorded.count).toBeGreaterThanOrEqual(30);

	const attachedAtMs = Date.now();
	// 150 columns: at 120 the header keeps the whole PM2_HOME path and shortens the indicator to "rec" once the
	// leaker's warning joins the health counts (a loaded run got there).
	ui = spawnInPty(process.execPath, [bin, '--pm2-home', sandbox.home], {cols: 150, rows: 40, env: {PM2_HOME: sandbox.home}});
	// The 5-minute chart says where its data starts: the recording's first sample, minutes back, not the moment of
	// attach (on its own the UI would show seconds: "no data before -3s").
	const screen = await ui.waitForScreen(/no data before -\d+m/, 60_000);
	const since = /no data before -(\d+)m(?:(\d+)s)?/.exec(screen)!;
	const coveredMs = (Number(since[1]) * 60 + Number(since[2] ?? 0)) * 1000;
	// What the UI could have sampled itself since it started is far less than what is shown.
	expect(coveredMs).toBeGreaterThanOrEqual(recordedSpanMs);
	expect(coveredMs).toBeGreaterThan(Date.now() - attachedAtMs + 30_000);
	// The verdict is judged on the recorded minutes, not "not enough data yet".
	expect(screen).toMatch(/heap[^\n]*(stable|MB\/min|no sustained growth)/);
	expect(screen).not.toMatch(/not enough data yet/);
	expect(screen.split('\n')[0]).toContain('history recorded');

	// The hour and the week windows: the same recorded start on their axes.
	ui.press('4');
	await ui.waitForScreen(/Memory 1m 5m 15m \[1h\][\s\S]*-1h[\s\S]*no data before -\d+m/, 20_000);
	ui.press('7');
	await ui.waitForScreen(/Memory 1m 5m 15m 1h 6h 24h \[7d\][\s\S]*-7d[\s\S]*no data before -\d+m/, 20_000);
	ui.press('q');
	expect((await ui.exit).exitCode).toBe(0);
});

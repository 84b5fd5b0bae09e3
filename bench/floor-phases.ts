// The quiet end of the benchmark: what pm2-doctor costs on a box where little happens, measured side by side
// with its baselines in one window (so a neighbour's load on the shared cores hits all of them alike).
// - idle floor: 3 quiet apps; pm2-doctor, `pm2 monit` and `top -d 1` at once.
// - light load: 6 apps, one logging 100 lines/s; pm2-doctor's log panel and pm2 monit both follow it.
// - RSS steady: 50 quiet apps, pm2-doctor alone, after its first minute.
// With --compare, another build of pm2-doctor runs beside them in the idle and light windows (the same load).
// The idle floor and the light load are each measured twice over the same sessions: in the first minute after
// start (info: pm2-doctor then also compiles its code, reads recorded history and runs its checks every 10 s
// instead of every 30 s), and once that minute is over, which is what an operator who leaves it open pays
// and what the budget is about.
// The helpers that open clients and measure windows live in run-bench.ts and are handed in.
import type {LoadApp} from './load-apps.js';
import {sleepers} from './load-apps.js';
import type {BenchDaemon} from './pm2-sandbox.js';
import type {PtyRun} from './pty-run.js';
import type {Row} from './report.js';

type SessionLike = {run: PtyRun; logsFollowing: boolean | null};
type SubjectLike = {label: string; pid: number; tree: boolean; run?: PtyRun};
type Figures = {cpuPercent: number; rssMeanBytes: number; rssMaxBytes: number; outputBytesPerSecond: number | null};
type WindowLike = {seconds: number; fromEpochMs: number; toEpochMs: number; figures: Record<string, Figures>};
type FrameFigures = {framesPerSecond: number} | null;

export type FloorHarness<Session extends SessionLike> = {
	daemon: BenchDaemon;
	durationS: number;
	warmupMs: number;
	ensureLoad(apps: LoadApp[], settleMs?: number): Promise<void>;
	/** Another build's bin.js (--compare), measured beside this one; null: none. */
	otherCli: string | null;
	openSession(
		kind: 'pm2-doctor' | 'pm2 monit',
		daemon: BenchDaemon,
		options?: {followBusyLogs?: boolean; renderStats?: boolean; cli?: string},
	): Promise<Session>;
	closeSession(session: Session, window?: {fromEpochMs: number; toEpochMs: number}): Promise<FrameFigures>;
	/** `top -d 1` (or any other command) in a pseudo-terminal of the same size; resolves once it drew a screen. */
	openCommand(file: string, args: string[], shownPattern: RegExp): Promise<PtyRun>;
	measureWindow(seconds: number, subjects: SubjectLike[]): Promise<WindowLike>;
	log(message: string): void;
	sleep(ms: number): Promise<unknown>;
};

export const floorApps = 3;
export const lightApps = 6;
export const lightLinesPerSecond = 100;
export const rssApps = 50;
/** The steady window starts this long after the sessions opened: past pm2-doctor's first-minute checks. */
export const steadyAfterMs = 75_000;

/** The figures of one window in the first minute after start (info). */
export type FirstMinute = {doctor: Figures; monit: Figures; seconds: number};
export type FloorResult = {
	doctor: Figures;
	monit: Figures;
	top: Figures | null;
	other: Figures | null;
	framesPerSecond: number | null;
	seconds: number;
	firstMinute: FirstMinute;
};
export type LightResult = {
	doctor: Figures;
	monit: Figures;
	other: Figures | null;
	framesPerSecond: number | null;
	seconds: number;
	logsFollowing: {doctor: boolean | null; monit: boolean | null};
	firstMinute: FirstMinute;
};
export type RssResult = {doctor: Figures; seconds: number};

const subject = (label: string, run: PtyRun): SubjectLike => ({label, pid: run.pid, tree: true, run});

/**
 * Two windows over the same sessions: one right after the warm-up (the first minute, info) and one from
 * `steadyAfterMs` after `openedAtMs` (the budget's).
 */
async function firstMinuteThenSteady<Session extends SessionLike>(
	h: FloorHarness<Session>,
	openedAtMs: number,
	windowS: number,
	subjects: SubjectLike[],
): Promise<{firstMinute: FirstMinute; steady: WindowLike}> {
	await h.sleep(h.warmupMs);
	const first = await h.measureWindow(Math.min(windowS, (steadyAfterMs - h.warmupMs) / 1000 - 5), subjects);
	h.log(`  first minute (${first.seconds.toFixed(0)} s, info): ${describe(first)}`);
	await h.sleep(Math.max(0, openedAtMs + steadyAfterMs - performance.now()));
	const steady = await h.measureWindow(windowS, subjects);
	return {firstMinute: {doctor: first.figures['pm2-doctor']!, monit: first.figures['pm2 monit']!, seconds: first.seconds}, steady};
}

export async function idleFloorPhase<Session extends SessionLike>(h: FloorHarness<Session>): Promise<FloorResult> {
	// The whole --duration: /proc counts CPU in 10 ms ticks, so a 30 s window at about 1 % of a core
	// resolves only 3 % of the figure, and a 60 s window holds two of the 30 s check runs, not one or two.
	const windowS = Math.max(20, h.durationS);
	h.log(`idle floor: ${floorApps} quiet apps; pm2-doctor, pm2 monit and top -d 1 at once for ${windowS} s`);
	await h.ensureLoad(sleepers('worker', floorApps), 5000);
	const openedAtMs = performance.now();
	const doctor = await h.openSession('pm2-doctor', h.daemon, {renderStats: true});
	const monit = await h.openSession('pm2 monit', h.daemon);
	const other = h.otherCli ? await h.openSession('pm2-doctor', h.daemon, {cli: h.otherCli}) : null;
	let top: PtyRun | null = null;
	try {
		top = await h.openCommand('top', ['-d', '1'], /load average/);
	} catch (error) {
		h.log(`  top -d 1 not measured: ${error instanceof Error ? error.message : String(error)}`);
	}
	const subjects = [
		subject('pm2-doctor', doctor.run),
		subject('pm2 monit', monit.run),
		...(top ? [subject('top -d 1', top)] : []),
		...(other ? [subject('other build', other.run)] : []),
	];
	const {firstMinute, steady: window} = await firstMinuteThenSteady(h, openedAtMs, windowS, subjects);
	const [frames] = await Promise.all([h.closeSession(doctor, window), h.closeSession(monit), top?.stop('q'), other && h.closeSession(other)]);
	h.log(`  idle floor (${window.seconds.toFixed(0)} s): ${describe(window)}; pm2-doctor ${fps(frames)} frames/s`);
	return {
		doctor: window.figures['pm2-doctor']!,
		monit: window.figures['pm2 monit']!,
		top: window.figures['top -d 1'] ?? null,
		other: window.figures['other build'] ?? null,
		framesPerSecond: frames?.framesPerSecond ?? null,
		seconds: window.seconds,
		firstMinute,
	};
}

export async function lightPhase<Session extends SessionLike>(h: FloorHarness<Session>): Promise<LightResult> {
	const windowS = Math.max(20, h.durationS);
	h.log(`light load: ${lightApps} apps, one logging ${lightLinesPerSecond} lines/s, followed by both clients at once for ${windowS} s`);
	// Pm_id 0 (the first row both clients select) must be the logger: PM2 numbers from 0 again once the list is empty.
	await h.ensureLoad([], 1000);
	await h.ensureLoad([{name: 'busy-logger', kind: 'logger', linesPerSecond: lightLinesPerSecond}, ...sleepers('worker', lightApps - 1)], 5000);
	const openedAtMs = performance.now();
	const doctor = await h.openSession('pm2-doctor', h.daemon, {followBusyLogs: true, renderStats: true});
	const monit = await h.openSession('pm2 monit', h.daemon, {followBusyLogs: true});
	const other = h.otherCli ? await h.openSession('pm2-doctor', h.daemon, {followBusyLogs: true, cli: h.otherCli}) : null;
	const subjects = [subject('pm2-doctor', doctor.run), subject('pm2 monit', monit.run), ...(other ? [subject('other build', other.run)] : [])];
	const {firstMinute, steady: window} = await firstMinuteThenSteady(h, openedAtMs, windowS, subjects);
	const [frames] = await Promise.all([h.closeSession(doctor, window), h.closeSession(monit), other && h.closeSession(other)]);
	h.log(`  light load (${window.seconds.toFixed(0)} s): ${describe(window)}; pm2-doctor ${fps(frames)} frames/s`);
	return {
		doctor: window.figures['pm2-doctor']!,
		monit: window.figures['pm2 monit']!,
		other: window.figures['other build'] ?? null,
		framesPerSecond: frames?.framesPerSecond ?? null,
		seconds: window.seconds,
		logsFollowing: {doctor: doctor.logsFollowing, monit: monit.logsFollowing},
		firstMinute,
	};
}

export async function rssSteadyPhase<Session extends SessionLike>(h: FloorHarness<Session>): Promise<RssResult> {
	// Steady as in the CPU rows: after the first minute (start-up's compiling and the first check runs are over,
	// and RSS has grown to where it stays), over the whole --duration.
	const windowS = Math.max(20, h.durationS);
	h.log(`RSS steady: ${rssApps} quiet apps, pm2-doctor for ${windowS} s after its first minute`);
	await h.ensureLoad(sleepers('worker', rssApps), 10_000);
	const openedAtMs = performance.now();
	const doctor = await h.openSession('pm2-doctor', h.daemon);
	await h.sleep(Math.max(h.warmupMs, openedAtMs + steadyAfterMs - performance.now()));
	const window = await h.measureWindow(windowS, [subject('pm2-doctor', doctor.run)]);
	await h.closeSession(doctor);
	h.log(`  RSS steady (${window.seconds.toFixed(0)} s): ${describe(window)}`);
	return {doctor: window.figures['pm2-doctor']!, seconds: window.seconds};
}

export function floorRows(results: {floor?: FloorResult; light?: LightResult; rss?: RssResult}): Row[] {
	const rows: Row[] = [];
	const {floor, light, rss} = results;
	if (floor) {
		const ratio = floor.doctor.cpuPercent / floor.monit.cpuPercent;
		rows.push(firstMinuteRow(`Idle floor (${floorApps} quiet apps)`, floor.firstMinute));
		rows.push({
			figure: `Idle floor (${floorApps} quiet apps, 120×40, all at once, after the first minute), % of one core; top -d 1 beside: ${floor.top ? pct(floor.top.cpuPercent) : 'n/a'}${other(floor.other)}`,
			doctor: `${pct(floor.doctor.cpuPercent)} (out ${kb(floor.doctor.outputBytesPerSecond)} KB/s, ${fps(floor)} frames/s)`,
			baseline: `${pct(floor.monit.cpuPercent)} (out ${kb(floor.monit.outputBytesPerSecond)} KB/s)`,
			ratio: times(ratio),
			budget: '≤ 1.0 % and ≤ 0.5× pm2 monit',
			verdict: Number.isFinite(ratio) ? verdict(floor.doctor.cpuPercent <= 1.0 && ratio <= 0.5) : 'n/a',
		});
	}
	if (light) {
		const following = light.logsFollowing.doctor === true && light.logsFollowing.monit === true;
		const ratio = following ? light.doctor.cpuPercent / light.monit.cpuPercent : Number.NaN;
		rows.push(firstMinuteRow(`Light load (${lightApps} apps, one at ${lightLinesPerSecond} lines/s)`, light.firstMinute));
		rows.push({
			figure: `Light load (${lightApps} apps, one at ${lightLinesPerSecond} lines/s, both following it, at once, after the first minute), % of one core${other(light.other)}`,
			doctor: `${pct(light.doctor.cpuPercent)} (${fps(light)} frames/s)`,
			baseline: pct(light.monit.cpuPercent),
			ratio: times(ratio),
			budget: '≤ 0.25× pm2 monit',
			verdict: Number.isFinite(ratio) ? verdict(ratio <= 0.25) : 'MISS (a client did not show the logger)',
		});
	}
	if (rss) {
		rows.push({
			figure: `RSS steady (${rssApps} quiet apps, after the first minute), MB mean / max`,
			doctor: `${mb(rss.doctor.rssMeanBytes)} / ${mb(rss.doctor.rssMaxBytes)}`,
			baseline: '—',
			ratio: '—',
			budget: '≤ 80 MB',
			verdict: Number.isFinite(rss.doctor.rssMaxBytes) ? verdict(rss.doctor.rssMaxBytes <= 80e6) : 'n/a',
		});
	}
	return rows;
}

function firstMinuteRow(what: string, first: FirstMinute): Row {
	const ratio = first.doctor.cpuPercent / first.monit.cpuPercent;
	return {
		figure: `${what}: the first minute after start (${first.seconds.toFixed(0)} s after the warm-up; info), % of one core`,
		doctor: pct(first.doctor.cpuPercent),
		baseline: pct(first.monit.cpuPercent),
		ratio: times(ratio),
		budget: 'info',
		verdict: 'info',
	};
}

function describe(window: WindowLike): string {
	return Object.entries(window.figures)
		.map(([label, figures]) => `${label} ${pct(figures.cpuPercent)} RSS ${mb(figures.rssMaxBytes)} MB out ${kb(figures.outputBytesPerSecond)} KB/s`)
		.join('; ');
}

const other = (figures: Figures | null) => (figures ? `; the --beside build: ${pct(figures.cpuPercent)}` : '');
const fps = (frames: {framesPerSecond: number | null} | null) => (frames?.framesPerSecond != null ? frames.framesPerSecond.toFixed(2) : 'n/a');
const verdict = (ok: boolean) => (ok ? 'pass' : 'MISS');
const pct = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)} %` : 'n/a');
const kb = (bytesPerSecond: number | null) => (bytesPerSecond !== null && Number.isFinite(bytesPerSecond) ? (bytesPerSecond / 1000).toFixed(1) : 'n/a');
const mb = (bytes: number) => (Number.isFinite(bytes) ? (bytes / 1e6).toFixed(0) : 'n/a');
const times = (ratio: number) => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '—');

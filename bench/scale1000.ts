// The `scale1000` phase of `npm run bench`: 1,000 cheap processes (`sleep`, fork mode, interpreter none)
// in a daemon of their own, each figure next to its baseline measured in the same run:
// first frame against `pm2 jlist`, CPU and the daemon's extra CPU against `pm2 monit`, render time per
// frame and RSS against their budgets, and what one getMonitorData costs (info).
// The daemon is this phase's own and is killed at the end whatever happens (and by `cleanUpScale1000`
// from the benchmark's signal handlers).
import path from 'node:path';
import {createBenchDaemon, type BenchDaemon} from './pm2-sandbox.js';
import {describeMonitorDataCost, measureMonitorDataCost, type MonitorDataCost} from './monitor-data-cost.js';
import type {PtyRun} from './pty-run.js';
import type {Row} from './report.js';
import {startSleepers} from './start-many.js';
import {mean, median, percentile} from './stats.js';

/** The parts of the benchmark harness (bench/run-bench.ts) this phase drives. */
export type Scale1000Harness = {
	pm2Bin: string;
	warmupMs: number;
	log(message: string): void;
	openSession(kind: ClientKind, daemon: BenchDaemon, options: {renderStats?: boolean; firstFrameTimeoutMs?: number}): Promise<SessionLike>;
	closeSession(session: SessionLike, window?: {fromEpochMs: number; toEpochMs: number}): Promise<{renderMs: number[]; framesPerSecond: number} | null>;
	measureWindow(seconds: number, subjects: SubjectLike[]): Promise<WindowLike>;
};

type ClientKind = 'pm2-doctor' | 'pm2 monit';
type SessionLike = {run: PtyRun; firstFrameMs: number | null};
type SubjectLike = {label: string; pid: number; tree: boolean; run?: PtyRun};
type FiguresLike = {cpuPercent: number; rssMeanBytes: number; rssMaxBytes: number};
type WindowLike = {seconds: number; fromEpochMs: number; toEpochMs: number; figures: Record<string, FiguresLike>};

export type Scale1000Options = {processes: number; windowS: number; startupRuns: number};

export type Scale1000Result = {
	processes: number;
	startSeconds: number;
	jlistMs: number[];
	doctorFirstFrameMs: number[];
	doctor: FiguresLike;
	monit: FiguresLike;
	/** pm2 monit drew a process row before its window (with 1,000 processes on a loaded box it may take minutes). */
	monitShowedData: boolean;
	/** Daemon CPU % with no client: before, between and after the two client windows. */
	daemonBaseline: [number, number, number];
	daemonWithDoctor: number;
	daemonWithMonit: number;
	render: {renderMs: number[]; framesPerSecond: number} | null;
	monitorData: MonitorDataCost | null;
};

let phaseDaemon: BenchDaemon | null = null;

/** Kills this phase's daemon if it is still up (synchronous: called from signal handlers). */
export function cleanUpScale1000(): void {
	phaseDaemon?.destroySync();
	phaseDaemon = null;
}

/** Batches of 50 processes through the API; the whole start must end within this deadline. */
const startBatchSize = 50;
const startDeadlineMs = 15 * 60_000;
const monitFirstFrameTimeoutMs = 300_000;
const settleAfterStartupRunsMs = 30_000;

export async function scale1000Phase(harness: Scale1000Harness, options: Scale1000Options): Promise<Scale1000Result> {
	const {log} = harness;
	const daemon = createBenchDaemon(harness.pm2Bin);
	phaseDaemon = daemon;
	try {
		log(`scale1000: ${options.processes} sleep processes in their own daemon (PM2_HOME ${daemon.home})`);
		const startedAt = performance.now();
		const ping = await daemon.pm2(['ping'], 60_000);
		if (ping.code !== 0) throw new Error(`pm2 ping failed: ${ping.stderr || ping.stdout}`);
		let lastLogged = 0;
		await startSleepers(daemon, {
			pm2Package: path.dirname(path.dirname(harness.pm2Bin)),
			prefix: 'worker',
			count: options.processes,
			batch: startBatchSize,
			deadlineMs: startDeadlineMs,
			onProgress(started) {
				if (started - lastLogged >= 250 || started === options.processes) {
					lastLogged = started;
					log(`  started ${started} (${((performance.now() - startedAt) / 1000).toFixed(0)} s)`);
				}
			},
		});
		await daemon.waitOnline(options.processes, 300_000);
		const startSeconds = (performance.now() - startedAt) / 1000;
		log(`  ${options.processes} online after ${startSeconds.toFixed(0)} s`);
		await sleep(10_000);
		const daemonPid = daemon.daemonPid();
		if (daemonPid === null) throw new Error('the PM2 daemon pid file is missing');
		const daemonSubject: SubjectLike = {label: 'daemon', pid: daemonPid, tree: false};
		const sessionSubject = (label: string, session: SessionLike): SubjectLike => ({label, pid: session.run.pid, tree: true, run: session.run});

		const monitorData = await measureMonitorDataCost(daemon.home, daemonPid, 10).catch((error: unknown) => {
			log(`  getMonitorData cost not measured: ${String(error)}`);
			return null;
		});
		if (monitorData) log(`  ${describeMonitorDataCost(monitorData)}`);

		// First frame against `pm2 jlist`, alternately, after one untimed run of each.
		await daemon.pm2(['jlist'], 120_000);
		await harness.closeSession(await harness.openSession('pm2-doctor', daemon, {}));
		const jlistMs: number[] = [];
		const doctorFirstFrameMs: number[] = [];
		for (let i = 0; i < options.startupRuns; i++) {
			const jlist = await daemon.timedPm2(['jlist']);
			if (jlist.code === 0) jlistMs.push(jlist.wallMs);
			const session = await harness.openSession('pm2-doctor', daemon, {});
			if (session.firstFrameMs !== null) doctorFirstFrameMs.push(session.firstFrameMs);
			await harness.closeSession(session);
			await sleep(500);
		}
		log(`  first frame median ${median(doctorFirstFrameMs).toFixed(0)} ms, pm2 jlist ${median(jlistMs).toFixed(0)} ms`);

		// One after the other, with no-client baselines around each: the daemon's extra CPU per client.
		// Half a window: each holds a whole number of the daemon's own 30 s worker ticks (a getMonitorData of its own).
		const baselineS = Math.max(5, options.windowS / 2);
		const daemonOnly = async () => (await harness.measureWindow(baselineS, [daemonSubject])).figures.daemon!.cpuPercent;
		// The first-frame runs just made the daemon build a dozen whole lists, garbage it collects afterwards: a
		// baseline taken at once read 0.6 % against 0.2 % for the later ones. The settle does not always do
		// (0.5 % in a later run), which is why the history in docs/benchmarks.md gives both readings.
		await sleep(settleAfterStartupRunsMs);
		const baseline1 = await daemonOnly();
		const doctorSession = await harness.openSession('pm2-doctor', daemon, {renderStats: true});
		await sleep(harness.warmupMs);
		const doctorWindow = await harness.measureWindow(options.windowS, [sessionSubject('pm2-doctor', doctorSession), daemonSubject]);
		// A quiet 1,000-process table is redrawn only when something changes: the frames that matter are the
		// ones an operator causes by moving through it, so the render figure comes from a scroll window.
		const scrollWindow = await scrollThrough(doctorSession.run, harness);
		const render = await harness.closeSession(doctorSession, scrollWindow);
		const baseline2 = await daemonOnly();
		// pm2 monit rebuilds its whole list on each refresh: its first one takes long at this size, and a window
		// before it would measure a client that shows nothing.
		const monitSession = await harness.openSession('pm2 monit', daemon, {firstFrameTimeoutMs: monitFirstFrameTimeoutMs});
		await sleep(harness.warmupMs);
		const monitWindow = await harness.measureWindow(options.windowS, [sessionSubject('pm2 monit', monitSession), daemonSubject]);
		await harness.closeSession(monitSession);
		const baseline3 = await daemonOnly();
		const result: Scale1000Result = {
			processes: options.processes,
			startSeconds,
			jlistMs,
			doctorFirstFrameMs,
			doctor: doctorWindow.figures['pm2-doctor']!,
			monit: monitWindow.figures['pm2 monit']!,
			monitShowedData: monitSession.firstFrameMs !== null,
			daemonBaseline: [baseline1, baseline2, baseline3],
			daemonWithDoctor: doctorWindow.figures.daemon!.cpuPercent,
			daemonWithMonit: monitWindow.figures.daemon!.cpuPercent,
			render,
			monitorData,
		};
		log(
			`  pm2-doctor ${result.doctor.cpuPercent.toFixed(1)} % (daemon ${result.daemonWithDoctor.toFixed(1)} %), ` +
				`pm2 monit ${result.monit.cpuPercent.toFixed(1)} % (daemon ${result.daemonWithMonit.toFixed(1)} %), ` +
				`daemon alone ${[baseline1, baseline2, baseline3].map(value => value.toFixed(1)).join(', ')} %`,
		);
		return result;
	} finally {
		log('  scale1000: pm2 kill on its own home');
		cleanUpScale1000();
	}
}

/** Keys an operator uses to move through a long table: one row, a page, the ends, and back. */
const scrollKeys = ['j', 'j', 'j', 'k', '\u001B[6~', '\u001B[6~', '\u001B[5~', 'G', 'k', 'k', 'g', 'j'];
const scrollKeyGapMs = 250;
const scrollRounds = 4;

/** Sends the scroll keys for a while and returns the window they were sent in (its frames are the render figure). */
async function scrollThrough(run: PtyRun, harness: Pick<Scale1000Harness, 'log'>): Promise<{fromEpochMs: number; toEpochMs: number}> {
	const fromEpochMs = Date.now();
	for (let round = 0; round < scrollRounds; round++) {
		for (const key of scrollKeys) {
			run.write(key);
			await sleep(scrollKeyGapMs);
		}
	}
	await sleep(1000);
	const toEpochMs = Date.now();
	harness.log(`  scrolled the table: ${scrollRounds * scrollKeys.length} keys in ${((toEpochMs - fromEpochMs) / 1000).toFixed(0)} s`);
	return {fromEpochMs, toEpochMs};
}

/** The phase's report rows, each with its same-run baseline, budget and verdict. */
export function scale1000Rows(result: Scale1000Result): Row[] {
	const n = result.processes.toLocaleString('en');
	const rows: Row[] = [];
	const firstFrame = median(result.doctorFirstFrameMs);
	const jlist = median(result.jlistMs);
	rows.push(ratioRow(`${n} processes: first frame with data vs \`pm2 jlist\` wall, ms median`, firstFrame, jlist, ms, 1.5, '≤ 1.5× pm2 jlist'));
	const cpuRow = ratioRow(
		`${n} processes: CPU while showing them, % of one core`,
		result.doctor.cpuPercent,
		result.monit.cpuPercent,
		pct,
		0.15,
		'≤ 0.15× pm2 monit',
	);
	// A monit that never drew its list measured a client showing nothing: no verdict against it.
	rows.push(result.monitShowedData ? cpuRow : {...cpuRow, baseline: `${cpuRow.baseline} (no list drawn)`, verdict: 'n/a'});
	const [b1, b2, b3] = result.daemonBaseline;
	const doctorExtra = result.daemonWithDoctor - mean([b1, b2]);
	const monitExtra = result.daemonWithMonit - mean([b2, b3]);
	rows.push({
		figure: `${n} processes: daemon extra CPU vs no client (baseline ${pct(mean(result.daemonBaseline))}), points of one core`,
		doctor: pp(doctorExtra),
		baseline: pp(monitExtra),
		ratio: monitExtra > 0 ? ratio(doctorExtra / monitExtra) : '—',
		budget: '≤ pm2 monit’s',
		verdict: Number.isFinite(doctorExtra) && Number.isFinite(monitExtra) ? verdict(doctorExtra <= monitExtra) : 'n/a',
	});
	const frames = result.render?.renderMs ?? [];
	const p95 = percentile(frames, 0.95);
	rows.push({
		figure: `${n} processes: render time per frame while scrolling (j/k, PgDn/PgUp, G/g every 250 ms), ms median / p95 (frames/s)`,
		doctor: frames.length > 0 ? `${num(median(frames))} / ${num(p95)} (${num(result.render!.framesPerSecond)}/s)` : 'n/a (no render stats)',
		baseline: '—',
		ratio: '—',
		budget: '≤ 50 ms (p95)',
		verdict: frames.length > 0 ? verdict(p95 <= 50) : 'n/a',
	});
	rows.push({
		figure: `${n} processes: RSS, MB mean (max)`,
		doctor: `${mb(result.doctor.rssMeanBytes)} (${mb(result.doctor.rssMaxBytes)})`,
		baseline: `${mb(result.monit.rssMeanBytes)} (${mb(result.monit.rssMaxBytes)})`,
		ratio: ratio(result.doctor.rssMaxBytes / result.monit.rssMaxBytes),
		budget: '≤ 150 MB',
		verdict: Number.isFinite(result.doctor.rssMaxBytes) ? verdict(result.doctor.rssMaxBytes <= 150e6) : 'n/a',
	});
	const cost = result.monitorData;
	if (cost) {
		rows.push({
			figure: `${n} processes: one getMonitorData (info): answer MB (of it environments), round trip ms median, daemon CPU ms per call (per ping)`,
			doctor: `${(cost.answerBytes / 1e6).toFixed(2)} (${(cost.envBytes / 1e6).toFixed(2)}), ${num(median(cost.wallMs), 0)} ms, ${num(cost.daemonCpuMsPerCall, 0)} ms (${num(cost.daemonCpuMsPerPing, 1)})`,
			baseline: '—',
			ratio: '—',
			budget: 'info',
			verdict: 'info',
		});
	}
	return rows;
}

function ratioRow(figure: string, doctor: number, baseline: number, format: (value: number) => string, maxRatio: number, budget: string): Row {
	const value = doctor / baseline;
	return {
		figure,
		doctor: format(doctor),
		baseline: format(baseline),
		ratio: ratio(value),
		budget,
		verdict: Number.isFinite(value) ? verdict(value <= maxRatio) : 'n/a',
	};
}

const verdict = (ok: boolean) => (ok ? 'pass' : 'MISS');
const num = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const pct = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} %` : 'n/a');
const pp = (value: number) => (Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(1)}` : 'n/a');
const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} ms` : 'n/a');
const mb = (bytes: number) => (Number.isFinite(bytes) ? (bytes / 1e6).toFixed(0) : 'n/a');
const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '—');
const sleep = (delayMs: number) => new Promise(resolve => setTimeout(resolve, delayMs));

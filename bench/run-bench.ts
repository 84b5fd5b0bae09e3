// `npm run bench`: pm2-doctor against `pm2 monit` on an isolated PM2 daemon, every figure next to a
// baseline measured in the same run (absolute numbers on a shared 2-core box are noisy; ratios are not).
// Phases: start-up (first frame vs `pm2 jlist`), steady state (one after the other, then both at
// once), idle, scale (200 processes: poll cost and render time), and with --soak a 10-minute soak.
// It prints one markdown table and writes it with the machine description to docs/benchmarks.md.
// Everything it starts is killed at the end, on Ctrl-C and on errors: the pty process groups it
// created by pid, and the daemon with `pm2 kill` on its own temporary PM2_HOME (never another one).
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {sleepers, soakLoad, steadyLoad, writeEcosystem, writeLoadApps, type LoadApp, type LoadFiles} from './load-apps.js';
import {cleanEnv, createBenchDaemon, type BenchDaemon} from './pm2-sandbox.js';
import {measurePollCost, type PollCost} from './poll-cost.js';
import {cpuPercentOfOneCore, sampleProcess, sampleTree, ticksPerSecond, type TreeSample} from './proc-stat.js';
import {killAllPtys, runInPty, type PtyRun} from './pty-run.js';
import {describeMemoryAtExit, framesBetween, readRenderStats} from './render-stats.js';
import {mean, median, percentile, slope} from './stats.js';
import {formatTable, machineDescription, type Row} from './report.js';
import {measureRecorderCost, recorderCostRows, type RecorderCost} from './recorder-cost.js';
import {floorRows, idleFloorPhase, lightPhase, rssSteadyPhase, type FloorHarness, type FloorResult, type LightResult, type RssResult} from './floor-phases.js';
import {cleanUpScale1000, scale1000Phase, scale1000Rows, type Scale1000Result} from './scale1000.js';

const packageRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
const pm2Bin = path.join(packageRoot, 'node_modules', 'pm2', 'bin', 'pm2');
/** PM2_DOCTOR_BENCH_CLI compares another build of the same CLI (e.g. a bundled one) under the same harness. */
const cliPath = path.resolve(process.env.PM2_DOCTOR_BENCH_CLI ?? path.join(packageRoot, 'dist', 'source', 'bin.js'));
const terminalSize = {cols: 120, rows: 40};
/** Client CPU right after start-up (imports, first connection, first frames) is not steady state. */
const warmupMs = 8000;

type Options = {
	durationS: number;
	apps: number;
	busyLinesPerSecond: number;
	scaleProcesses: number;
	idleApps: number;
	startupRuns: number;
	soak: boolean;
	soakMinutes: number;
	phases: Set<string>;
	out: string | null;
	profileDir: string | null;
	/** Another build of pm2-doctor (its bin.js) measured against this one, A B A B, in the compare phase. */
	compareCli: string | null;
	/** Another build of pm2-doctor measured at once beside this one in the idle floor and light-load windows. */
	besideCli: string | null;
	/** The guard phase fails the run (exit 1) above this CPU ratio to pm2 monit. */
	maxCpuRatio: number;
	argv: string[];
};

const helpText = `Usage: npm run bench [-- options]
  --duration S       steady-state window per client in seconds (default 60; baselines and idle use a third/half)
  --apps N           sleepers next to the busy logger (default 45)
  --lines N          busy logger lines per second (default 5000)
  --scale N          processes for the scale phase (default 200)
  --idle-apps N      apps for the idle phase (default 30)
  --runs N           start-up runs per command (default 5)
  --phases LIST      startup,steady,idle,light,rss,scale,scale1000,recorder (default: all); idle includes the idle
                     floor (3 apps: pm2-doctor, pm2 monit and top -d 1 at once), light is 6 apps with one logging
                     100 lines/s, rss is 50 quiet apps; scale1000 starts 1,000 processes in a daemon of its own;
                     recorder is pm2-doctor record beside 50 apps (as record --install runs it and in the
                     foreground, at once), and its history after a simulated week
  --soak             add the soak phase (50 loggers, 1,000 lines/s in total)
  --soak-minutes M   soak length (default 10)
  --profile DIR      run pm2-doctor with --cpu-prof (profiles written to DIR) in the steady phase
  --compare CLI      add the compare phase: this build against another build's bin.js (e.g. a copy of
                     dist/ made before a change), alternately A B A B, under the steady and the idle load
  --beside CLI       another build's bin.js run at once beside this one in the idle floor and light windows, and
                     in the recorder phase (its foreground recorder, writing a database of its own)
  --phases floor     the idle floor alone (idle without its 30-app part)
  --phases guard     only pm2-doctor and pm2 monit at once, one window of --duration seconds: exit 1 when
                     pm2-doctor's CPU is above --max-cpu-ratio times monit's (the regression check run by npm test)
  --max-cpu-ratio R  for the guard phase (default 0.5)
  --out FILE         where to write the report (default docs/benchmarks.md)
  --no-write         print only`;

function parseOptions(argv: string[]): Options {
	const {values} = parseArgs({
		args: argv,
		options: {
			duration: {type: 'string', default: '60'},
			apps: {type: 'string', default: '45'},
			lines: {type: 'string', default: '5000'},
			scale: {type: 'string', default: '200'},
			'idle-apps': {type: 'string', default: '30'},
			runs: {type: 'string', default: '5'},
			phases: {type: 'string', default: 'startup,steady,idle,light,rss,scale,scale1000,recorder'},
			soak: {type: 'boolean', default: false},
			'soak-minutes': {type: 'string', default: '10'},
			profile: {type: 'string'},
			compare: {type: 'string'},
			beside: {type: 'string'},
			'max-cpu-ratio': {type: 'string', default: '0.5'},
			out: {type: 'string', default: path.join(packageRoot, 'docs', 'benchmarks.md')},
			'no-write': {type: 'boolean', default: false},
			help: {type: 'boolean', default: false},
		},
	});
	if (values.help) {
		console.log(helpText);
		process.exit(0);
	}
	const positive = (name: string, text: string) => {
		const value = Number(text);
		if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got "${text}"`);
		return value;
	};
	const phases = new Set(
		values.phases
			.split(',')
			.map(phase => phase.trim())
			.filter(Boolean),
	);
	if (values.soak) phases.add('soak');
	if (values.compare) phases.add('compare');
	return {
		durationS: positive('duration', values.duration),
		apps: Math.round(positive('apps', values.apps)),
		busyLinesPerSecond: positive('lines', values.lines),
		scaleProcesses: Math.round(positive('scale', values.scale)),
		idleApps: Math.round(positive('idle-apps', values['idle-apps'])),
		startupRuns: Math.round(positive('runs', values.runs)),
		soak: phases.has('soak'),
		soakMinutes: positive('soak-minutes', values['soak-minutes']),
		phases,
		out: values['no-write'] ? null : path.resolve(values.out),
		profileDir: values.profile ? path.resolve(values.profile) : null,
		compareCli: values.compare ? path.resolve(values.compare) : null,
		besideCli: values.beside ? path.resolve(values.beside) : null,
		maxCpuRatio: positive('max-cpu-ratio', values['max-cpu-ratio']),
		argv,
	};
}

// ---------------------------------------------------------------------------------------------
// Clients in a pseudo-terminal

type ClientKind = 'pm2-doctor' | 'pm2 monit';

type Session = {
	kind: ClientKind;
	run: PtyRun;
	firstFrameMs: number | null;
	/** CPU (process tree) used from spawn to the first frame: unlike wall time, barely moved by other load. */
	firstFrameCpuMs: number | null;
	logsFollowing: boolean | null;
	renderStatsPath: string | null;
};

let sessionCounter = 0;

/** A process name of the load on screen: the first frame that shows process data. */
const processNamePattern = /busy-logger|worker-\d{3}|soak-\d{3}/;
/** A line of the busy logger in a log pane. */
const loggerLinePattern = /GET \/api\/items\/\d+ 200 \d+ms line=\d+/;

async function openSession(
	kind: ClientKind,
	daemon: BenchDaemon,
	options: {followBusyLogs?: boolean; renderStats?: boolean; profileDir?: string | null; cli?: string; firstFrameTimeoutMs?: number} = {},
): Promise<Session> {
	const renderStatsPath = kind === 'pm2-doctor' && options.renderStats ? path.join(daemon.root, `render-stats-${++sessionCounter}.json`) : null;
	const extraEnv: Record<string, string> = {TERM: 'xterm-256color', COLORTERM: 'truecolor'};
	if (renderStatsPath) extraEnv.PM2_DOCTOR_RENDER_STATS = renderStatsPath;
	const env = cleanEnv({PM2_HOME: daemon.home, ...extraEnv});
	// Terminals that make Ink probe for the kitty keyboard protocol (and wait for an answer).
	delete env.TERM_PROGRAM;
	const nodeArgs = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
	const args = kind === 'pm2-doctor' ? [...nodeArgs, options.cli ?? cliPath, '--pm2-home', daemon.home] : [pm2Bin, 'monit'];
	const run = runInPty(process.execPath, args, {...terminalSize, env, cwd: daemon.workDir});
	const firstFrameTimeoutMs = options.firstFrameTimeoutMs ?? 60_000;
	const shownAtMs = await run.waitForScreen(processNamePattern, firstFrameTimeoutMs);
	const cpuAtFirstFrame = shownAtMs === null ? null : sampleTree(run.pid);
	const session: Session = {
		kind,
		run,
		firstFrameMs: shownAtMs === null ? null : shownAtMs - run.spawnedAtMs,
		firstFrameCpuMs: cpuAtFirstFrame ? (cpuAtFirstFrame.ticks / ticksPerSecond) * 1000 : null,
		logsFollowing: null,
		renderStatsPath,
	};
	if (shownAtMs === null) log(`  ${kind}: no process name on screen after ${firstFrameTimeoutMs / 1000} s; screen:\n${run.screenText()}`);
	if (options.followBusyLogs) {
		// The busy logger is pm_id 0, the first row. pm2-doctor: `g` selects the first process and `l`
		// focuses the log panel (docs/ui-contract.md, source/ui/keymap.ts); the panel follows by default.
		// pm2 monit selects the first process and shows its logs without a key.
		if (kind === 'pm2-doctor') {
			run.write('g');
			await sleep(300);
			run.write('l');
		}
		session.logsFollowing = (await run.waitForScreen(loggerLinePattern, 10_000)) !== null;
		if (!session.logsFollowing) log(`  ${kind}: the busy logger's lines are not on screen; screen:\n${run.screenText()}`);
	}
	// Stop emulating: from here on the output is only counted.
	run.setEmulation(false);
	return session;
}

type RenderFigures = {renderMs: number[]; framesPerSecond: number; inWindowOnly: boolean} | null;

/**
 * Quits the client; for pm2-doctor with render stats, returns the frames drawn during `window`
 * (epoch ms; the whole session when the stats carry no times).
 */
async function closeSession(session: Session, window?: {fromEpochMs: number; toEpochMs: number}): Promise<RenderFigures> {
	const lifetimeS = (performance.now() - session.run.spawnedAtMs) / 1000;
	await session.run.stop('q');
	if (!session.renderStatsPath) return null;
	await sleep(200);
	const stats = readRenderStats(session.renderStatsPath);
	if (!stats) return null;
	if (stats.memoryAtExit) log(`  ${session.kind} memory at quit: ${describeMemoryAtExit(stats.memoryAtExit)}`);
	if (window && stats.atEpochMs) {
		const renderMs = framesBetween(stats, window.fromEpochMs, window.toEpochMs);
		return {renderMs, framesPerSecond: renderMs.length / ((window.toEpochMs - window.fromEpochMs) / 1000), inWindowOnly: true};
	}
	return {renderMs: stats.renderTimesMs, framesPerSecond: stats.renderTimesMs.length / lifetimeS, inWindowOnly: false};
}

// ---------------------------------------------------------------------------------------------
// Measurement windows

type Subject = {label: string; pid: number; tree: boolean; run?: PtyRun};

type SubjectFigures = {cpuPercent: number; rssMeanBytes: number; rssMaxBytes: number; outputBytesPerSecond: number | null};

type WindowResult = {seconds: number; fromEpochMs: number; toEpochMs: number; figures: Record<string, SubjectFigures>};

async function measureWindow(seconds: number, subjects: Subject[]): Promise<WindowResult> {
	const sample = (subject: Subject): TreeSample | null => (subject.tree ? sampleTree(subject.pid) : sampleProcess(subject.pid));
	const starts = subjects.map(sample);
	const startBytes = subjects.map(subject => subject.run?.outputBytes ?? 0);
	const rss = subjects.map(() => [] as number[]);
	const startedAt = performance.now();
	const fromEpochMs = Date.now();
	const endAt = startedAt + seconds * 1000;
	while (performance.now() < endAt) {
		await sleep(Math.min(1000, Math.max(0, endAt - performance.now())));
		subjects.forEach((subject, i) => {
			const now = sample(subject);
			if (now) rss[i]!.push(now.rssBytes);
		});
	}
	const ends = subjects.map(sample);
	const elapsedS = (performance.now() - startedAt) / 1000;
	const figures: Record<string, SubjectFigures> = {};
	subjects.forEach((subject, i) => {
		const start = starts[i];
		const end = ends[i];
		if (!start || !end) log(`  ${subject.label} (pid ${subject.pid}) disappeared during the window`);
		figures[subject.label] = {
			cpuPercent: start && end ? cpuPercentOfOneCore(start, end) : Number.NaN,
			rssMeanBytes: mean(rss[i]!),
			rssMaxBytes: rss[i]!.length > 0 ? Math.max(...rss[i]!) : Number.NaN,
			outputBytesPerSecond: subject.run ? (subject.run.outputBytes - startBytes[i]!) / elapsedS : null,
		};
	});
	return {seconds: elapsedS, fromEpochMs, toEpochMs: Date.now(), figures};
}

function daemonSubject(daemon: BenchDaemon): Subject {
	const pid = daemon.daemonPid();
	if (pid === null) throw new Error('the PM2 daemon pid file is missing');
	return {label: 'daemon', pid, tree: false};
}

const sessionSubject = (label: string, session: Session): Subject => ({label, pid: session.run.pid, tree: true, run: session.run});

// ---------------------------------------------------------------------------------------------
// Load management: the daemon runs exactly the apps a phase asks for.

class LoadManager {
	private readonly current = new Map<string, string>();
	private batch = 0;

	constructor(
		private readonly daemon: BenchDaemon,
		private readonly files: LoadFiles,
	) {}

	async ensure(apps: LoadApp[], settleMs = 5000): Promise<void> {
		const key = (app: LoadApp) => `${app.kind}:${app.linesPerSecond ?? 0}`;
		const wanted = new Map(apps.map(app => [app.name, app]));
		const toDelete = [...this.current.entries()].filter(([name, appKey]) => wanted.get(name) === undefined || key(wanted.get(name)!) !== appKey);
		if (toDelete.length > 0) {
			const file = writeEcosystem(
				this.files,
				`delete-${++this.batch}.config.cjs`,
				toDelete.map(([name]) => ({name, kind: 'sleeper'})),
			);
			await this.checked(['delete', file]);
			for (const [name] of toDelete) this.current.delete(name);
		}
		const toStart = apps.filter(app => !this.current.has(app.name));
		// Batches of 25: one `pm2 start` of 200 apps keeps the daemon busy for a long single call.
		for (let i = 0; i < toStart.length; i += 25) {
			const batchApps = toStart.slice(i, i + 25);
			const file = writeEcosystem(this.files, `start-${++this.batch}.config.cjs`, batchApps);
			await this.checked(['start', file]);
			for (const app of batchApps) this.current.set(app.name, key(app));
		}
		if (toDelete.length > 0 || toStart.length > 0) {
			log(`  load: ${apps.length} apps (deleted ${toDelete.length}, started ${toStart.length})`);
			await this.daemon.waitOnline(apps.length, 300_000);
			await sleep(settleMs);
		}
	}

	private async checked(args: string[]) {
		const result = await this.daemon.pm2(args, 180_000);
		if (result.code !== 0) throw new Error(`pm2 ${args.join(' ')} failed (${result.code}): ${result.stderr || result.stdout}`);
	}
}

// ---------------------------------------------------------------------------------------------
// Phases

type StartupResult = {jlistMs: number[]; jlistCpuMs: number[]; doctorMs: number[]; doctorCpuMs: number[]; monitMs: number[]; monitCpuMs: number[]};

async function startupPhase(daemon: BenchDaemon, runs: number): Promise<StartupResult> {
	log(`start-up: ${runs} runs each of pm2 jlist and pm2-doctor (first frame with a process name), ${Math.min(3, runs)} of pm2 monit`);
	const result: StartupResult = {jlistMs: [], jlistCpuMs: [], doctorMs: [], doctorCpuMs: [], monitMs: [], monitCpuMs: []};
	// One untimed run of each first: the disk cache and the daemon's first answers.
	await daemon.pm2(['jlist']);
	await closeSession(await openSession('pm2-doctor', daemon));
	for (let i = 0; i < runs; i++) {
		const jlist = await daemon.timedPm2(['jlist']);
		if (jlist.code === 0) {
			result.jlistMs.push(jlist.wallMs);
			if (jlist.cpuMs !== null) result.jlistCpuMs.push(jlist.cpuMs);
		}
		const session = await openSession('pm2-doctor', daemon);
		if (session.firstFrameMs !== null) result.doctorMs.push(session.firstFrameMs);
		if (session.firstFrameCpuMs !== null) result.doctorCpuMs.push(session.firstFrameCpuMs);
		await closeSession(session);
		await sleep(500);
	}
	for (let i = 0; i < Math.min(3, runs); i++) {
		const session = await openSession('pm2 monit', daemon);
		if (session.firstFrameMs !== null) result.monitMs.push(session.firstFrameMs);
		if (session.firstFrameCpuMs !== null) result.monitCpuMs.push(session.firstFrameCpuMs);
		await closeSession(session);
		await sleep(500);
	}
	log(
		`  medians, wall (CPU): jlist ${fmtMs(median(result.jlistMs))} (${fmtMs(median(result.jlistCpuMs))}), ` +
			`pm2-doctor ${fmtMs(median(result.doctorMs))} (${fmtMs(median(result.doctorCpuMs))}), pm2 monit ${fmtMs(median(result.monitMs))} (${fmtMs(median(result.monitCpuMs))})`,
	);
	return result;
}

type SteadyResult = {
	sequential: {doctor: WindowResult; monit: WindowResult; daemonBaseline: [number, number, number]};
	concurrent: {both: WindowResult; daemonBaseline: number};
	doctorRender: RenderFigures;
	logsFollowing: {doctor: boolean | null; monit: boolean | null};
};

async function steadyPhase(daemon: BenchDaemon, options: Options): Promise<SteadyResult> {
	const windowS = options.durationS;
	const baselineS = Math.max(5, windowS / 3);
	const daemonOnly = () => measureWindow(baselineS, [daemonSubject(daemon)]);
	log(`steady state: baseline ${baselineS} s, pm2-doctor ${windowS} s, baseline, pm2 monit ${windowS} s, baseline, both at once ${windowS} s`);

	const baseline1 = await daemonOnly();
	const doctor = await openSession('pm2-doctor', daemon, {followBusyLogs: true, renderStats: true, profileDir: options.profileDir});
	await sleep(warmupMs);
	const doctorWindow = await measureWindow(windowS, [sessionSubject('pm2-doctor', doctor), daemonSubject(daemon)]);
	const doctorRender = await closeSession(doctor, doctorWindow);
	logWindow('pm2-doctor', doctorWindow);

	const baseline2 = await daemonOnly();
	const monit = await openSession('pm2 monit', daemon, {followBusyLogs: true});
	await sleep(warmupMs);
	const monitWindow = await measureWindow(windowS, [sessionSubject('pm2 monit', monit), daemonSubject(daemon)]);
	await closeSession(monit);
	logWindow('pm2 monit', monitWindow);

	const baseline3 = await daemonOnly();
	// Interleaved: both clients at once, so whatever else loads the shared machine loads both alike.
	const doctorBoth = await openSession('pm2-doctor', daemon, {followBusyLogs: true});
	const monitBoth = await openSession('pm2 monit', daemon, {followBusyLogs: true});
	await sleep(warmupMs);
	const both = await measureWindow(windowS, [sessionSubject('pm2-doctor', doctorBoth), sessionSubject('pm2 monit', monitBoth), daemonSubject(daemon)]);
	await Promise.all([closeSession(doctorBoth), closeSession(monitBoth)]);
	logWindow('both at once', both);
	const daemonCpu = (w: WindowResult) => w.figures.daemon!.cpuPercent;
	log(`  daemon baselines ${[baseline1, baseline2, baseline3].map(w => fmtPct(daemonCpu(w))).join(', ')}`);
	return {
		sequential: {doctor: doctorWindow, monit: monitWindow, daemonBaseline: [daemonCpu(baseline1), daemonCpu(baseline2), daemonCpu(baseline3)]},
		concurrent: {both, daemonBaseline: daemonCpu(baseline3)},
		doctorRender,
		logsFollowing: {doctor: doctor.logsFollowing, monit: monit.logsFollowing},
	};
}

type IdleResult = {doctor: WindowResult; monit: WindowResult; daemonBaseline: number; doctorRender: RenderFigures};

async function idlePhase(daemon: BenchDaemon, options: Options): Promise<IdleResult> {
	const windowS = Math.max(10, options.durationS / 2);
	log(`idle: ${options.idleApps} sleepers, no log traffic; baseline, pm2-doctor ${windowS} s, pm2 monit ${windowS} s`);
	const baseline = await measureWindow(Math.max(5, options.durationS / 3), [daemonSubject(daemon)]);
	const doctor = await openSession('pm2-doctor', daemon, {renderStats: true});
	await sleep(warmupMs);
	const doctorWindow = await measureWindow(windowS, [sessionSubject('pm2-doctor', doctor), daemonSubject(daemon)]);
	const doctorRender = await closeSession(doctor, doctorWindow);
	logWindow('idle pm2-doctor', doctorWindow);
	const monit = await openSession('pm2 monit', daemon);
	await sleep(warmupMs);
	const monitWindow = await measureWindow(windowS, [sessionSubject('pm2 monit', monit), daemonSubject(daemon)]);
	await closeSession(monit);
	logWindow('idle pm2 monit', monitWindow);
	return {doctor: doctorWindow, monit: monitWindow, daemonBaseline: baseline.figures.daemon!.cpuPercent, doctorRender};
}

type ScaleResult = {poll: PollCost; doctor: WindowResult; render: RenderFigures};

async function scalePhase(daemon: BenchDaemon, options: Options): Promise<ScaleResult> {
	const windowS = Math.max(10, options.durationS / 3);
	log(`scale: ${options.scaleProcesses} processes; 40 list() calls, the store for ${windowS} s, pm2-doctor for ${windowS} s`);
	const poll = await measurePollCost(daemon.home, {calls: 40, spacingMs: 250, storeSeconds: windowS});
	log(`  list() ${fmtMs(median(poll.listMs))} median, ${fmtMs(percentile(poll.listMs, 0.95))} p95 over ${poll.entries} entries`);
	const doctor = await openSession('pm2-doctor', daemon, {renderStats: true});
	await sleep(warmupMs);
	const doctorWindow = await measureWindow(windowS, [sessionSubject('pm2-doctor', doctor), daemonSubject(daemon)]);
	const render = await closeSession(doctor, doctorWindow);
	logWindow('pm2-doctor at scale', doctorWindow);
	return {poll, doctor: doctorWindow, render};
}

type CompareResult = {label: string; loadLabel: string; cpuPercent: number[]; rssMeanBytes: number[]; renderMs: number[]};

/** Two builds of pm2-doctor, alternately (A B A B) so a neighbour's load hits both alike. */
async function comparePhase(daemon: BenchDaemon, options: Options, loadLabel: string, followBusyLogs: boolean): Promise<CompareResult[]> {
	const builds = [
		{label: 'other build', cli: options.compareCli!},
		{label: 'this build', cli: cliPath},
	];
	const windowS = Math.max(10, options.durationS / 2);
	log(`compare (${loadLabel}): ${builds.map(build => `${build.label} ${build.cli}`).join(' vs ')}, ${windowS} s each, twice`);
	const results: CompareResult[] = builds.map(build => ({label: build.label, loadLabel, cpuPercent: [], rssMeanBytes: [], renderMs: []}));
	for (let round = 0; round < 2; round++) {
		for (const [index, build] of builds.entries()) {
			const session = await openSession('pm2-doctor', daemon, {followBusyLogs, renderStats: true, cli: build.cli});
			await sleep(warmupMs);
			const window = await measureWindow(windowS, [sessionSubject(build.label, session)]);
			const render = await closeSession(session, window);
			logWindow(`${loadLabel} ${build.label}`, window);
			// A window where the busy logger's lines never showed measured something else: no figure.
			const valid = !followBusyLogs || session.logsFollowing === true;
			results[index]!.cpuPercent.push(valid ? window.figures[build.label]!.cpuPercent : Number.NaN);
			results[index]!.rssMeanBytes.push(window.figures[build.label]!.rssMeanBytes);
			results[index]!.renderMs.push(...(render?.renderMs ?? []));
		}
	}
	return results;
}

type GuardResult = {doctorCpuPercent: number; monitCpuPercent: number; cpuRatio: number; maxCpuRatio: number; pass: boolean};

/**
 * The regression check: both clients at once in one window, so whatever else loads the machine (other tests
 * in parallel) loads both alike, and a generous limit on the ratio (0.13–0.16 measured on the full load).
 * A window where either client does not show the busy logger's lines measured something else: it fails.
 */
async function guardPhase(daemon: BenchDaemon, options: Options): Promise<GuardResult> {
	log(`guard: pm2-doctor and pm2 monit at once for ${options.durationS} s, pm2-doctor's CPU must stay within ${options.maxCpuRatio}x monit's`);
	const doctor = await openSession('pm2-doctor', daemon, {followBusyLogs: true});
	const monit = await openSession('pm2 monit', daemon, {followBusyLogs: true});
	await sleep(warmupMs);
	const both = await measureWindow(options.durationS, [sessionSubject('pm2-doctor', doctor), sessionSubject('pm2 monit', monit)]);
	await Promise.all([closeSession(doctor), closeSession(monit)]);
	logWindow('both at once', both);
	const doctorCpuPercent = both.figures['pm2-doctor']!.cpuPercent;
	const monitCpuPercent = both.figures['pm2 monit']!.cpuPercent;
	const cpuRatio = doctor.logsFollowing && monit.logsFollowing ? doctorCpuPercent / monitCpuPercent : Number.NaN;
	const pass = Number.isFinite(cpuRatio) && cpuRatio <= options.maxCpuRatio;
	log(`  guard: CPU ratio ${Number.isFinite(cpuRatio) ? cpuRatio.toFixed(3) : 'not measured'} (at most ${options.maxCpuRatio}): ${pass ? 'pass' : 'FAIL'}`);
	return {doctorCpuPercent, monitCpuPercent, cpuRatio, maxCpuRatio: options.maxCpuRatio, pass};
}

type SoakResult = {rssMB: Array<{minute: number; mb: number}>; slopeMBPerMinute: number; secondHalfSlopeMBPerMinute: number};

async function soakPhase(daemon: BenchDaemon, options: Options): Promise<SoakResult> {
	log(`soak: ${options.soakMinutes} min, 50 loggers at 1,000 lines/s in total, pm2-doctor following one of them`);
	const doctor = await openSession('pm2-doctor', daemon, {followBusyLogs: false});
	doctor.run.write('g');
	await sleep(300);
	doctor.run.write('l');
	// "Start" is after the warm-up, like the steady-state windows: the first seconds are start-up, not growth.
	await sleep(warmupMs);
	const samples: Array<{minute: number; mb: number}> = [];
	const startedAt = performance.now();
	const endAt = startedAt + options.soakMinutes * 60_000;
	try {
		while (performance.now() <= endAt) {
			const sample = sampleTree(doctor.run.pid);
			if (!sample) throw new Error('pm2-doctor exited during the soak');
			samples.push({minute: (performance.now() - startedAt) / 60_000, mb: sample.rssBytes / 1e6});
			if (samples.length % 6 === 1) log(`  soak ${samples.at(-1)!.minute.toFixed(1)} min: RSS ${samples.at(-1)!.mb.toFixed(1)} MB`);
			await sleep(Math.min(10_000, Math.max(0, endAt - performance.now() + 1)));
			if (performance.now() > endAt) break;
		}
		const last = sampleTree(doctor.run.pid);
		if (last) samples.push({minute: (performance.now() - startedAt) / 60_000, mb: last.rssBytes / 1e6});
	} finally {
		await closeSession(doctor);
	}
	const half = samples.filter(sample => sample.minute >= options.soakMinutes / 2);
	return {
		rssMB: samples,
		slopeMBPerMinute: slope(samples.map(sample => ({x: sample.minute, y: sample.mb}))),
		secondHalfSlopeMBPerMinute: slope(half.map(sample => ({x: sample.minute, y: sample.mb}))),
	};
}

/** The helpers the quiet-end phases (floor-phases.ts) use. */
function floorHarness(daemon: BenchDaemon, load: LoadManager, options: Options): FloorHarness<Session> {
	return {
		daemon,
		durationS: options.durationS,
		warmupMs,
		otherCli: options.besideCli,
		ensureLoad: (apps, settleMs) => load.ensure(apps, settleMs),
		openSession,
		closeSession: (session, window) => closeSession(session, window),
		async openCommand(file, args, shownPattern) {
			const run = runInPty(file, args, {...terminalSize, env: cleanEnv({TERM: 'xterm-256color'}), cwd: daemon.workDir});
			if ((await run.waitForScreen(shownPattern, 20_000)) === null) {
				await run.stop('q');
				throw new Error(`${file} drew no screen matching ${shownPattern}`);
			}
			run.setEmulation(false);
			return run;
		},
		measureWindow,
		log,
		sleep,
	};
}

// ---------------------------------------------------------------------------------------------
// Report rows

function buildRows(
	options: Options,
	results: {
		startup?: StartupResult;
		steady?: SteadyResult;
		idle?: IdleResult;
		scale?: ScaleResult;
		scale1000?: Scale1000Result;
		soak?: SoakResult;
		compare?: CompareResult[];
		floor?: FloorResult;
		light?: LightResult;
		rss?: RssResult;
	},
): Row[] {
	const rows: Row[] = [];
	const {startup, steady, idle, scale, soak} = results;
	const load = `${options.apps + 1} apps, ${options.busyLinesPerSecond} lines/s`;
	if (steady) {
		const seq = steady.sequential;
		const doctor = seq.doctor.figures['pm2-doctor']!;
		const monit = seq.monit.figures['pm2 monit']!;
		rows.push(ratioRow(`CPU, one after the other (${load}), % of one core`, doctor.cpuPercent, monit.cpuPercent, fmtPct, 0.15, '≤ 0.15× pm2 monit'));
		const both = steady.concurrent.both.figures;
		rows.push(
			ratioRow(`CPU, both at once (${load}), % of one core`, both['pm2-doctor']!.cpuPercent, both['pm2 monit']!.cpuPercent, fmtPct, 0.15, '≤ 0.15× pm2 monit'),
		);
		const doctorExtra = seq.doctor.figures.daemon!.cpuPercent - mean(seq.daemonBaseline.slice(0, 2));
		const monitExtra = seq.monit.figures.daemon!.cpuPercent - mean(seq.daemonBaseline.slice(1, 3));
		rows.push({
			figure: `Daemon extra CPU vs no client (baseline ${fmtPct(mean(seq.daemonBaseline))}), points of one core`,
			doctor: fmtPp(doctorExtra),
			baseline: fmtPp(monitExtra),
			ratio: monitExtra > 0 ? fmtRatio(doctorExtra / monitExtra) : '—',
			budget: '≤ pm2 monit’s',
			// Within half a point of monit counts as equal: the baseline itself moves by more than that.
			verdict: verdict(doctorExtra <= Math.max(monitExtra, 0) + 0.5),
		});
		rows.push({
			figure: 'Daemon extra CPU with both at once (info), points',
			doctor: fmtPp(both.daemon!.cpuPercent - steady.concurrent.daemonBaseline),
			baseline: '—',
			ratio: '—',
			budget: 'info',
			verdict: 'info',
		});
		rows.push({
			figure: 'RSS, steady state, MB mean (max)',
			doctor: `${fmtMB(doctor.rssMeanBytes)} (${fmtMB(doctor.rssMaxBytes)})`,
			baseline: `${fmtMB(monit.rssMeanBytes)} (${fmtMB(monit.rssMaxBytes)})`,
			ratio: fmtRatio(doctor.rssMaxBytes / monit.rssMaxBytes),
			budget: '≤ 100 MB',
			verdict: verdict(doctor.rssMaxBytes <= 100e6),
		});
		rows.push({
			figure: 'Terminal output, KB/s (info)',
			doctor: fmtKB(doctor.outputBytesPerSecond),
			baseline: fmtKB(monit.outputBytesPerSecond),
			ratio: fmtRatio((doctor.outputBytesPerSecond ?? NaN) / (monit.outputBytesPerSecond ?? NaN)),
			budget: 'info',
			verdict: 'info',
		});
		rows.push({
			figure: `Render time per frame, ${options.apps + 1} apps, ms median / p95 (frames/s)`,
			doctor: renderText(steady.doctorRender),
			baseline: '—',
			ratio: '—',
			budget: 'info',
			verdict: 'info',
		});
		if (steady.logsFollowing.doctor === false || steady.logsFollowing.monit === false) {
			rows.push({
				figure: 'Busy logger lines visible in the log pane',
				doctor: String(steady.logsFollowing.doctor),
				baseline: String(steady.logsFollowing.monit),
				ratio: '—',
				budget: 'both true',
				verdict: 'MISS',
			});
		}
	}
	if (startup) {
		rows.push(
			ratioRow(
				'First frame with process data vs `pm2 jlist` wall, ms median',
				median(startup.doctorMs),
				median(startup.jlistMs),
				fmtMs,
				1.0,
				'≤ 1.0× pm2 jlist',
			),
		);
		rows.push({
			figure: 'CPU used until the first frame vs `pm2 jlist` CPU (info; robust to load), ms median',
			doctor: fmtMs(median(startup.doctorCpuMs)),
			baseline: fmtMs(median(startup.jlistCpuMs)),
			ratio: fmtRatio(median(startup.doctorCpuMs) / median(startup.jlistCpuMs)),
			budget: 'info',
			verdict: 'info',
		});
		rows.push({
			figure: 'First frame, pm2 monit (info), ms median',
			doctor: fmtMs(median(startup.doctorMs)),
			baseline: fmtMs(median(startup.monitMs)),
			ratio: fmtRatio(median(startup.doctorMs) / median(startup.monitMs)),
			budget: 'info',
			verdict: 'info',
		});
	}
	if (idle) {
		const doctor = idle.doctor.figures['pm2-doctor']!;
		const monit = idle.monit.figures['pm2 monit']!;
		rows.push({
			figure: `Idle CPU (${options.idleApps} apps, no logs), % of one core (pm2-doctor frames/s)`,
			doctor: `${fmtPct(doctor.cpuPercent)} (${idle.doctorRender ? fmtNum(idle.doctorRender.framesPerSecond) : 'n/a'}/s)`,
			baseline: fmtPct(monit.cpuPercent),
			ratio: fmtRatio(doctor.cpuPercent / monit.cpuPercent),
			budget: '≤ 3 %',
			verdict: verdict(doctor.cpuPercent <= 3),
		});
		rows.push({
			figure: `Idle daemon extra CPU (baseline ${fmtPct(idle.daemonBaseline)}), points`,
			doctor: fmtPp(idle.doctor.figures.daemon!.cpuPercent - idle.daemonBaseline),
			baseline: fmtPp(idle.monit.figures.daemon!.cpuPercent - idle.daemonBaseline),
			ratio: '—',
			budget: 'info',
			verdict: 'info',
		});
	}
	rows.push(...floorRows(results));
	if (scale) {
		const {poll} = scale;
		rows.push({
			figure: `Poll: DaemonClient.listProcesses(), ${poll.entries} processes, ms median / p95`,
			doctor: `${fmtNum(median(poll.listMs))} / ${fmtNum(percentile(poll.listMs, 0.95))}`,
			baseline: '—',
			ratio: '—',
			budget: 'info',
			verdict: 'info',
		});
		rows.push({
			figure: `Poll: live store list() + bookkeeping, ms median / p95 (interval ${poll.storePollIntervalMs ?? '?'} ms)`,
			doctor: `${fmtNum(median(poll.storePollMs))} / ${fmtNum(percentile(poll.storePollMs, 0.95))} + ${fmtNum(median(poll.storeBookkeepingMs), 2)} / ${fmtNum(percentile(poll.storeBookkeepingMs, 0.95), 2)}`,
			baseline: '—',
			ratio: '—',
			budget: 'info',
			verdict: 'info',
		});
		const frames = scale.render?.renderMs ?? [];
		const p95 = frames.length > 0 ? percentile(frames, 0.95) : NaN;
		rows.push({
			figure: `Render time per frame, ${poll.entries} processes, ms median / p95 (frames/s)`,
			doctor: renderText(scale.render),
			baseline: '—',
			ratio: '—',
			budget: '≤ 50 ms (p95)',
			verdict: frames.length > 0 ? verdict(p95 <= 50) : 'n/a',
		});
		const doctor = scale.doctor.figures['pm2-doctor']!;
		rows.push({
			figure: `CPU and RSS with ${poll.entries} processes (info)`,
			doctor: `${fmtPct(doctor.cpuPercent)}, ${fmtMB(doctor.rssMaxBytes)} MB`,
			baseline: '—',
			ratio: '—',
			budget: 'info',
			verdict: 'info',
		});
	}
	if (results.scale1000) rows.push(...scale1000Rows(results.scale1000));
	if (soak) {
		const first = soak.rssMB[0];
		const last = soak.rssMB.at(-1);
		const max = Math.max(...soak.rssMB.map(sample => sample.mb));
		const flat = soak.secondHalfSlopeMBPerMinute <= 0.5;
		rows.push({
			figure: `Soak ${options.soakMinutes} min (50 apps, 1,000 lines/s): RSS start → end (max), MB; slope MB/min all / 2nd half`,
			doctor: `${first?.mb.toFixed(1)} → ${last?.mb.toFixed(1)} (${max.toFixed(1)}); ${fmtNum(soak.slopeMBPerMinute, 2)} / ${fmtNum(soak.secondHalfSlopeMBPerMinute, 2)}`,
			baseline: '—',
			ratio: '—',
			budget: '≤ 100 MB, flat (2nd-half slope ≤ 0.5 MB/min)',
			verdict: verdict(max <= 100 && flat),
		});
	}
	for (let index = 0; index + 1 < (results.compare?.length ?? 0); index += 2) {
		const [other, current] = [results.compare![index]!, results.compare![index + 1]!];
		const cpu = (result: CompareResult) => mean(result.cpuPercent);
		rows.push({
			figure: `This build vs ${options.compareCli} (${current.loadLabel}), A B A B: CPU % (each window); RSS MB mean; render ms median`,
			doctor: `${fmtPct(cpu(current))} (${current.cpuPercent.map(value => value.toFixed(1)).join(', ')}); ${fmtMB(mean(current.rssMeanBytes))}; ${fmtNum(median(current.renderMs))}`,
			baseline: `${fmtPct(cpu(other))} (${other.cpuPercent.map(value => value.toFixed(1)).join(', ')}); ${fmtMB(mean(other.rssMeanBytes))}; ${fmtNum(median(other.renderMs))}`,
			ratio: fmtRatio(cpu(current) / cpu(other)),
			budget: 'info',
			verdict: 'info',
		});
	}
	return rows;
}

function ratioRow(figure: string, doctor: number, baseline: number, format: (value: number) => string, maxRatio: number, budget: string): Row {
	const ratio = doctor / baseline;
	return {
		figure,
		doctor: format(doctor),
		baseline: format(baseline),
		ratio: fmtRatio(ratio),
		budget,
		verdict: Number.isFinite(ratio) ? verdict(ratio <= maxRatio) : 'n/a',
	};
}

function renderText(render: RenderFigures): string {
	if (!render || render.renderMs.length === 0) return 'n/a (PM2_DOCTOR_RENDER_STATS not written)';
	return `${fmtNum(median(render.renderMs))} / ${fmtNum(percentile(render.renderMs, 0.95))} (${fmtNum(render.framesPerSecond)}/s${render.inWindowOnly ? '' : ', whole session'})`;
}

const verdict = (ok: boolean) => (ok ? 'pass' : 'MISS');
const fmtNum = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const fmtPct = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} %` : 'n/a');
const fmtPp = (value: number) => (Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(1)}` : 'n/a');
const fmtMs = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} ms` : 'n/a');
const fmtMB = (bytes: number) => (Number.isFinite(bytes) ? (bytes / 1e6).toFixed(0) : 'n/a');
const fmtKB = (bytesPerSecond: number | null) => (bytesPerSecond !== null && Number.isFinite(bytesPerSecond) ? (bytesPerSecond / 1000).toFixed(1) : 'n/a');
const fmtRatio = (ratio: number) => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '—');

function logWindow(label: string, window: WindowResult) {
	const parts = Object.entries(window.figures).map(
		([name, figures]) =>
			`${name} ${fmtPct(figures.cpuPercent)} RSS ${fmtMB(figures.rssMaxBytes)} MB` +
			(figures.outputBytesPerSecond !== null ? ` out ${fmtKB(figures.outputBytesPerSecond)} KB/s` : ''),
	);
	log(`  ${label} (${window.seconds.toFixed(0)} s): ${parts.join('; ')}`);
}

// ---------------------------------------------------------------------------------------------

const benchStartedAt = Date.now();
function log(message: string) {
	process.stderr.write(`[bench ${((Date.now() - benchStartedAt) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function findPackageRoot(from: string): string {
	let dir = from;
	while (!fs.existsSync(path.join(dir, 'package.json'))) {
		const parent = path.dirname(dir);
		if (parent === dir) throw new Error('package.json not found above ' + from);
		dir = parent;
	}
	return dir;
}

async function main(): Promise<number> {
	const options = parseOptions(process.argv.slice(2));
	if (process.platform !== 'linux') throw new Error('the benchmark reads /proc: Linux only');
	if (!fs.existsSync(cliPath)) throw new Error(`${cliPath} is missing: run npm run build first`);
	const machine = machineDescription(packageRoot);
	log(`machine: ${machine.join('; ')}`);
	log(`pm2-doctor: ${cliPath}`);

	let daemon: BenchDaemon | null = null;
	const cleanUp = () => {
		killAllPtys();
		cleanUpScale1000();
		daemon?.destroySync();
		daemon = null;
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(signal, () => {
			log(`${signal}: killing what the benchmark started`);
			cleanUp();
			process.exit(130);
		});
	}
	process.on('uncaughtException', error => {
		log(`uncaught: ${error.stack ?? error}`);
		cleanUp();
		process.exit(1);
	});

	const results: Parameters<typeof buildRows>[1] = {};
	let guard: GuardResult | null = null;
	let recorderCost: RecorderCost | null = null;
	try {
		daemon = createBenchDaemon(pm2Bin);
		log(`PM2_HOME ${daemon.home}`);
		const files = writeLoadApps(daemon.workDir);
		const load = new LoadManager(daemon, files);
		const steadyApps = steadyLoad(options.apps, options.busyLinesPerSecond);

		if (options.phases.has('startup') || options.phases.has('steady') || options.phases.has('compare') || options.phases.has('guard')) {
			// First, while the busy logger is pm_id 0, the first row that the clients select.
			await load.ensure(steadyApps, 10_000);
			if (options.phases.has('guard')) guard = await guardPhase(daemon, options);
			if (options.phases.has('startup')) results.startup = await startupPhase(daemon, options.startupRuns);
			if (options.phases.has('steady')) results.steady = await steadyPhase(daemon, options);
		}
		if (options.phases.has('compare')) {
			if (!options.compareCli || !fs.existsSync(options.compareCli)) throw new Error(`--compare: ${options.compareCli} is missing`);
			results.compare = await comparePhase(daemon, options, `${options.apps + 1} apps, ${options.busyLinesPerSecond} lines/s`, true);
			await load.ensure(sleepers('worker', options.idleApps), 10_000);
			results.compare.push(...(await comparePhase(daemon, options, `idle, ${options.idleApps} apps`, false)));
		}
		if (options.phases.has('idle')) {
			await load.ensure(sleepers('worker', options.idleApps), 10_000);
			results.idle = await idlePhase(daemon, options);
		}
		if (options.phases.has('idle') || options.phases.has('floor')) results.floor = await idleFloorPhase(floorHarness(daemon, load, options));
		if (options.phases.has('light')) results.light = await lightPhase(floorHarness(daemon, load, options));
		if (options.phases.has('rss')) results.rss = await rssSteadyPhase(floorHarness(daemon, load, options));
		if (options.phases.has('recorder')) {
			await load.ensure(sleepers('worker', 50), 10_000);
			recorderCost = await measureRecorderCost(daemon, cliPath, {apps: 50, windowS: options.durationS, besideCli: options.besideCli});
		}
		if (options.phases.has('scale')) {
			await load.ensure(sleepers('worker', options.scaleProcesses), 15_000);
			results.scale = await scalePhase(daemon, options);
		}
		if (options.phases.has('scale1000')) {
			const harness = {pm2Bin, warmupMs, log, openSession, closeSession, measureWindow};
			results.scale1000 = await scale1000Phase(harness, {
				processes: 1000,
				// A whole number of pm2-doctor's quiet polls (every 60 s at this size), of pm2 monit's (~40 s) and of the
				// daemon's own 30 s worker ticks per window. Each of those costs the daemon 5–17 ticks of 10 ms and its
				// collections come at random: the extra CPU of the same client read +0.1 and +0.4 points in two runs of
				// 120 s windows, so the windows are 240 s.
				windowS: Math.max(240, options.durationS),
				startupRuns: Math.min(3, options.startupRuns),
			});
		}
		if (options.phases.has('soak')) {
			await load.ensure(soakLoad(50, 1000), 10_000);
			results.soak = await soakPhase(daemon, options);
		}
	} finally {
		log('cleaning up: pm2 kill on the benchmark home, pty process groups by pid');
		cleanUp();
	}

	if (guard) {
		process.stdout.write(`${JSON.stringify({guard})}\n`);
		if (options.phases.size === 1) return guard.pass ? 0 : 1;
	}
	const rows = buildRows(options, results);
	if (recorderCost) rows.push(...recorderCostRows(recorderCost));
	const table = formatTable(rows);
	const command = `npm run bench${options.argv.length > 0 ? ' -- ' + options.argv.join(' ') : ''}`;
	process.stdout.write('\n' + table + '\n');
	if (options.out) {
		fs.mkdirSync(path.dirname(options.out), {recursive: true});
		fs.writeFileSync(options.out, renderMarkdown(table, machine, command, options) + keptHistory(options.out));
		log(`wrote ${path.relative(process.cwd(), options.out) || options.out}`);
	}
	return rows.some(row => row.verdict === 'MISS') || guard?.pass === false ? 1 : 0;
}

/** The report's hand-written history (from its heading to the end) survives a new run. */
const historyHeading = '## Measurement history';
function keptHistory(file: string): string {
	let previous: string;
	try {
		previous = fs.readFileSync(file, 'utf8');
	} catch {
		return '';
	}
	const at = previous.indexOf(historyHeading);
	return at === -1 ? '' : '\n' + previous.slice(at);
}

function renderMarkdown(table: string, machine: string[], command: string, options: Options): string {
	return `# Benchmarks

pm2-doctor against \`pm2 monit\`, measured by \`bench/run-bench.ts\` on an isolated PM2 daemon in a temporary
PM2_HOME. Every absolute figure sits next to a baseline measured in the same run: on a shared machine the
absolute numbers move by ±30 % between runs, the ratios much less.

## Machine

${machine.map(line => `- ${line}`).join('\n')}

## Command

\`\`\`
${command}
\`\`\`

## Results

${table}

## Method

- **Load**: ${options.apps} sleepers plus \`busy-logger\` writing ${options.busyLinesPerSecond} lines/s (one \`console.log\` per line), PM2's
  default fork mode and log files. The apps are written into the run's temporary folder.
- **Clients**: each runs in a pseudo-terminal (node-pty) of 120×40, TERM=xterm-256color, CI removed from the environment.
  pm2-doctor is \`node dist/source/bin.js --pm2-home HOME\` (production React); \`pm2 monit\` is \`node node_modules/pm2/bin/pm2 monit\`.
  Both follow the busy logger: it is pm_id 0, the first row; pm2-doctor gets \`g\` (first process) and \`l\` (focus the log
  panel), pm2 monit shows the selected process's logs by itself. The run checks that logger lines are on screen.
  After that the benchmark stops emulating the terminal and only counts bytes, so its own parsing does not compete.
- **CPU**: utime+stime+cutime+cstime of the client and all its descendants from /proc, over the window, in % of one core,
  after ${warmupMs / 1000} s of warm-up (imports and first connection excluded). The daemon's own ticks (not its apps')
  over the same window, minus the mean of the no-client baseline windows on either side. RSS: sum over the process
  tree, sampled every second.
- **One after the other**: baseline, pm2-doctor, baseline, pm2 monit, baseline. **Interleaved**: both clients at once for
  the same window, so a neighbour's load on the shared cores hits both alike; this gives the fairest client CPU ratio,
  but the daemon's extra CPU can then only be given for both together.
- **Start-up**: from spawn to the arrival of the output that first puts a process name on the emulated screen; against
  the wall time of \`pm2 jlist\` in the same run (both after one untimed warm-up run), median of ${options.startupRuns}.
- **Scale**: ${options.scaleProcesses} sleepers started in batches of 25. \`DaemonClient.listProcesses()\` timed over 40 sequential calls
  (250 ms apart); the live store run on its own schedule (its reported poll duration, and the time of
  \`recordSnapshotSamples\` on each snapshot); render time is Ink's \`onRender\` renderTime per frame, written by the UI
  when \`PM2_DOCTOR_RENDER_STATS\` is set (source/terminal/render-app.tsx). It is the wall time of Ink's output stage
  (tree to styled text: the part that grows with what is on screen), not React's reconciliation nor the terminal
  write, and as wall time it includes waiting for a core on a loaded machine. Frames/s counts the whole session.
- **Scale, 1,000** (\`scale1000\`): 1,000 \`sleep 100000\` processes (fork mode, interpreter none) started through PM2's API in
  batches of 50 in a daemon of their own. First frame: median of 3 against \`pm2 jlist\`, alternately. CPU: pm2-doctor, then
  \`pm2 monit\`, one after the other, 240 s windows (four quiet polls of pm2-doctor, about six of pm2 monit, eight
  of the daemon's own 30 s worker ticks), with no-client daemon baselines of 120 s before, between and after, the
  first 30 s after the first-frame runs. getMonitorData: 10 sequential
  raw calls, the answer's JSON size and the daemon's CPU per call (\`ping\` for the transport's floor). Render: the frames
  drawn while the bench scrolls the table (j/k, PgDn/PgUp, G/g, a key every 250 ms for 12 s) after the CPU window: a quiet
  table is redrawn only when something on it changes.
- **Idle**: ${options.idleApps} sleepers, no log traffic. **Soak** (\`--soak\`): 50 loggers at 20 lines/s each, pm2-doctor following the
  first one; its RSS every 10 s from the end of the warm-up; "flat" means a least-squares slope of at most 0.5 MB/min over
  the second half.
- **Idle floor** (phase idle, after the ${options.idleApps}-app idle): 3 quiet apps; pm2-doctor, \`pm2 monit\` and \`top -d 1\` at once in
  one window (bench/floor-phases.ts). **Light** (phase light): 6 apps, \`busy-logger\` (pm_id 0) at 100 lines/s, pm2-doctor's log
  panel and pm2 monit both following it, at once. Each of the two is measured twice over the same sessions: a window
  from the end of the warm-up (info: the first minute, when pm2-doctor still compiles its code and runs its checks
  every 10 s instead of every 30 s), and the budget's window from 75 s after the clients started, the cost an
  operator who leaves it open pays. **RSS steady** (phase rss): 50 quiet apps, pm2-doctor alone, sampled every second
  over a window of the whole --duration from 75 s after it started.
- **Compare** (\`--compare PATH/bin.js\`): this build and another build of pm2-doctor, alternately A B A B (so a
  neighbour's load hits both alike), under the steady load and then the idle load, same warm-up and window as idle.
- **Recorder** (\`recorder\`): 50 quiet apps; \`record --install\` (under PM2, as it runs for weeks) and \`pm2-doctor record\` in
  the foreground, at once (bench/recorder-cost.ts); CPU over the window after their first minute, RSS max sampled
  every second. Then a week of history for 50 processes written through the recorder's writer and retention.
- **Verdicts**: "MISS" marks a figure outside its budget; the exit code is 1 when there is one.
`;
}

main()
	.then(code => process.exit(code))
	.catch(error => {
		log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
		process.exit(2);
	});

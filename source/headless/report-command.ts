// `pm2-doctor report [--since 2h] [--process NAME] [--out FILE]`: one Markdown document for a ticket or a
// post-mortem, from the recorder's history when there is one, and from what the daemon and its logs still know.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {Writable} from 'node:stream';
import {readOwnPackage} from '../cli-args.js';
import {runChecks} from '../doctor/checks.js';
import {collectDoctorFacts} from '../doctor/collect-facts.js';
import type {Finding} from '../doctor/check-types.js';
import {advanceTimeline, createTimelineState, type RestartEvent} from '../model/restart-timeline.js';
import {observeDaemonLogLines} from '../model/timeline-daemon-log.js';
import {observeSnapshot} from '../model/timeline-polls.js';
import type {DaemonSnapshot, ProcessSnapshot} from '../model/types.js';
import {DaemonClient} from '../pm2/daemon-client.js';
import {pm2HomePaths} from '../pm2/pm2-home.js';
import {openHistoryReader, type HistoryReader} from '../recorder/history-reader.js';
import {recorderAppName} from '../recorder/record-loop.js';
import {recordedHistories} from '../recorder/recorded-window.js';
import {recordedSeriesOf} from '../model/recorded-history.js';
import {backfillErrorLogs} from '../services/store/backfill.js';
import {actionsInWindow, gatherEcosystem} from './report-ecosystem.js';
import {renderReportMarkdown, type ReportInput, type ReportProcess} from './report-markdown.js';

export type ReportCommandOptions = {home: string; since?: string; process?: string; out?: string; stdout?: Writable; stderr?: Writable; nowMs?: number};

/** "90s", "10m", "2h", "7d" → milliseconds; null when it is none of those. */
export function parseSinceMs(text: string): number | null {
	const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h|d)\s*$/i.exec(text);
	if (!match) return null;
	const unit = {s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000}[match[2]!.toLowerCase() as 's' | 'm' | 'min' | 'h' | 'd'];
	const ms = Number(match[1]) * unit;
	return ms > 0 && ms <= 7 * 86_400_000 ? ms : null;
}

export async function runReportCommand(options: ReportCommandOptions): Promise<number> {
	const stdout = options.stdout ?? process.stdout;
	const stderr = options.stderr ?? process.stderr;
	const windowMs = parseSinceMs(options.since ?? '2h');
	if (windowMs === null) {
		stderr.write('pm2-doctor report: --since must be a duration up to 7 days, e.g. 30m, 2h, 1d\n');
		return 2;
	}
	const document = await buildReport(options.home, {windowMs, processName: options.process, nowMs: options.nowMs ?? Date.now()});
	if (options.out) {
		try {
			await fs.writeFile(options.out, document, {mode: 0o600});
		} catch (error) {
			stderr.write(`pm2-doctor report: cannot write ${options.out}: ${(error as Error).message}\n`);
			return 2;
		}
		stdout.write(`${path.resolve(options.out)}\n`);
	} else stdout.write(document);
	return 0;
}

/** The report as Markdown (also what the UI's report key writes). */
export async function buildReport(home: string, request: {windowMs: number; processName?: string; nowMs: number}): Promise<string> {
	const {nowMs} = request;
	const fromMs = nowMs - request.windowMs;
	const lacks: string[] = [];
	const client = new DaemonClient(home);
	let snapshot: DaemonSnapshot | null = null;
	let pm2Version: string | null = null;
	const attached = await client.attach(() => {});
	if (attached.ok) {
		try {
			snapshot = {takenAtMs: nowMs, processes: (await client.listProcesses()).filter(p => p.name !== recorderAppName)};
			pm2Version = await client.daemonVersion().catch(() => null);
		} catch (error) {
			lacks.push(`The daemon did not answer (${(error as Error).message}): the current process list is missing.`);
		}
		client.detach();
	} else lacks.push(`No PM2 daemon answered (${attached.reason}): the current process list and versions are missing.`);
	const processes = snapshot?.processes ?? [];

	const reader = openHistoryReader(home);
	try {
		const facts = await collectDoctorFacts({pm2Home: home, processes, polls: snapshot ? [snapshot] : [], nowMs});
		if (reader) facts.histories = recordedHistories(reader, processes, nowMs);
		const findings = runChecks(facts).filter(finding => finding.process !== recorderAppName);
		const timeline = createTimelineState();
		if (snapshot) observeSnapshot(timeline, null, snapshot);
		observeDaemonLogLines(
			timeline,
			facts.daemonLogLines.map(text => ({receivedAtMs: nowMs, text})),
		);
		advanceTimeline(timeline, nowMs + 60_000);
		await backfillErrorLogs(timeline, processes);
		const logRestarts = [...timeline.processes.values()].flatMap(p => p.events);
		const recordedRestarts = reader?.restarts(fromMs) ?? [];
		if (!reader)
			lacks.push('No recorder history: memory before now and restarts older than the tail of pm2.log are unknown (pm2-doctor record --install keeps them).');

		const names = chooseProcesses(request.processName, processes, findings, [...recordedRestarts, ...logRestarts], fromMs);
		const reportProcesses: ReportProcess[] = names
			.flatMap(name => seriesOfName(name, processes, reader))
			.map(({name, pmId, current}) => {
				const ofSeries = (event: RestartEvent) => event.name === name && (pmId === undefined || event.pmId === pmId);
				return {
					name,
					pmId: current?.pmId ?? pmId ?? null,
					status: current?.status ?? null,
					restartCount: current?.restartCount ?? null,
					restarts: mergeRestarts(recordedRestarts.filter(ofSeries), logRestarts.filter(ofSeries)),
					memory: (reader?.samples(name, fromMs, nowMs, pmId) ?? []).map(s => ({atMs: s.atMs, rssBytes: s.rssBytes, heapUsedBytes: s.heapUsedBytes})),
				};
			});
		if (request.processName && !names.includes(request.processName)) lacks.push(`No process named ${request.processName} is running or recorded.`);
		const actions = actionsInWindow(home, fromMs, request.processName);
		const ecosystem = await gatherEcosystem(
			home,
			processes.filter(p => names.includes(p.name)),
			actions,
			fromMs,
		);
		if (ecosystem.notFound.length > 0)
			lacks.push(
				`No ecosystem file was found for ${ecosystem.notFound.join(', ')}: its lint and changes are missing (PM2_ECOSYSTEM_FILE in the app's env names it).`,
			);
		const input: ReportInput = {
			generatedAtMs: nowMs,
			fromMs,
			home,
			host: os.hostname(),
			doctorVersion: readOwnPackage().version ?? 'unknown',
			pm2Version,
			daemonNodeVersion: facts.host.daemon.daemonNodeVersion,
			daemonPid: facts.host.daemon.pid,
			daemonUptimeMs: attached.ok ? await daemonUptimeMs(home, nowMs) : null,
			recording: reader
				? {firstSampleMs: firstSampleMs(reader, names, fromMs, nowMs), lastWriteMs: reader.lastWriteMs(), intervalMs: reader.intervalMs()}
				: null,
			findings: request.processName ? findings.filter(f => f.process === null || f.process === request.processName) : findings,
			findingChanges: (reader?.findingChanges(fromMs) ?? [])
				.filter(change => !request.processName || change.process === request.processName)
				.map(change => ({atMs: change.atMs, change: change.change, severity: change.severity, title: (change.finding as Finding).title ?? change.key})),
			processes: reportProcesses,
			actions,
			ecosystem,
			lacks,
		};
		return renderReportMarkdown(input);
	} finally {
		reader?.close();
	}
}

function chooseProcesses(only: string | undefined, processes: ProcessSnapshot[], findings: Finding[], restarts: RestartEvent[], fromMs: number): string[] {
	if (only) return [only].filter(name => processes.some(p => p.name === name) || restarts.some(e => e.name === name));
	const affected = new Set<string>();
	for (const event of restarts) if (event.exitAtMs >= fromMs) affected.add(event.name);
	for (const finding of findings) if (finding.process) affected.add(finding.process);
	return [...affected].filter(name => name !== recorderAppName).sort();
}

/**
 * The sections of the app `name`: one per instance when it runs as several processes (each instance its own
 * memory and exits), else one by name. An app no longer running gets one per pm_id it was recorded under.
 */
function seriesOfName(
	name: string,
	processes: ProcessSnapshot[],
	reader: HistoryReader | null,
): Array<{name: string; pmId: number | undefined; current: ProcessSnapshot | null}> {
	const running = processes.filter(p => p.name === name);
	if (running.length > 0) {
		const instanced = running.map(current => ({name, pmId: recordedSeriesOf(current).pmId, current}));
		return instanced.every(entry => entry.pmId === undefined) ? [instanced[0]!] : instanced;
	}
	const recordedIds = [...new Set((reader?.processes() ?? []).filter(p => p.name === name).map(p => p.pmId))].sort((a, b) => a - b);
	if (recordedIds.length <= 1) return [{name, pmId: recordedIds[0], current: null}];
	return recordedIds.map(pmId => ({name, pmId, current: null}));
}

/** One record per exit: the recorder's (it saw the exit live) wins over the same exit read back from pm2.log. */
function mergeRestarts(recorded: RestartEvent[], fromLogs: RestartEvent[]): RestartEvent[] {
	const seconds = new Set(recorded.map(event => Math.round(event.exitAtMs / 1000)));
	const merged = [...recorded, ...fromLogs.filter(event => ![-1, 0, 1].some(delta => seconds.has(Math.round(event.exitAtMs / 1000) + delta)))];
	return merged.sort((a, b) => a.exitAtMs - b.exitAtMs);
}

function firstSampleMs(reader: HistoryReader, names: string[], fromMs: number, nowMs: number): number | null {
	const firsts = names.map(name => reader.samples(name, fromMs, nowMs)[0]?.atMs).filter((atMs): atMs is number => atMs !== undefined);
	return firsts.length > 0 ? Math.min(...firsts) : null;
}

/** pm2.pid is written when the daemon starts. */
async function daemonUptimeMs(home: string, nowMs: number): Promise<number | null> {
	try {
		return Math.max(0, nowMs - (await fs.stat(pm2HomePaths(home).pidFilePath)).mtimeMs);
	} catch {
		return null;
	}
}

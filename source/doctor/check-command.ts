// `pm2-doctor check [--json] [--sample SECONDS] [--pm2-home DIR] [--format text|json|openmetrics]`:
// attaches (never spawns), samples the list for a while (trend checks need several polls),
// runs every check and prints the findings. Exit 0: no error or warning; 1: at least one;
// 2: usage or connection error.
import fs from 'node:fs';
import path from 'node:path';
import type {Writable} from 'node:stream';
import {fileURLToPath} from 'node:url';
import type {DaemonSnapshot} from '../model/types.js';
import {toSafeJson} from '../logs/sanitize-line.js';
import {DaemonClient} from '../pm2/daemon-client.js';
import {explainNoDaemon} from '../headless/explain-no-daemon.js';
import type {DoctorFacts, Finding} from './check-types.js';
import {runChecks} from './checks.js';
import {collectDoctorFacts, type CollectFactsOptions} from './collect-facts.js';
import {sampleLogSizes} from '../host/log-files.js';
import {formatFindingsText, formatOpenMetrics, type CheckReport} from './check-report.js';
import {openHistoryReader} from '../recorder/history-reader.js';
import {checkHistoriesWithRecording} from '../recorder/recorded-window.js';

export type CheckFormat = 'text' | 'json' | 'openmetrics';

export type CheckCommandOptions = {
	pm2Home: string;
	json?: boolean;
	format?: CheckFormat;
	/** Seconds to sample before judging (default 10). */
	sampleSeconds?: number;
	/** Poll interval while sampling (default 1000 ms: faster makes PM2's CPU figures meaningless). */
	pollIntervalMs?: number;
	stdout?: Writable;
	stderr?: Writable;
	/** Host-fact overrides (tests: startup unit folders, installed pm2 package.json). */
	host?: CollectFactsOptions['host'];
	/**
	 * Source of snapshots. Default: a DaemonClient attached to pm2Home. Tests and the UI may pass their own
	 * (e.g. snapshots mapped from `pm2 jlist`). Returning null means the daemon is unreachable.
	 */
	takeSnapshot?: () => Promise<DaemonSnapshot | null>;
};

export const defaultSampleSeconds = 10;

/** Runs the headless check and returns the exit code. */
export async function runCheckCommand(options: CheckCommandOptions): Promise<number> {
	const stdout = options.stdout ?? process.stdout;
	const stderr = options.stderr ?? process.stderr;
	const format: CheckFormat = options.format ?? (options.json ? 'json' : 'text');
	if (!['text', 'json', 'openmetrics'].includes(format)) {
		stderr.write(`pm2-doctor check: unknown --format "${format}" (text, json or openmetrics)\n`);
		return 2;
	}
	const sampleSeconds = options.sampleSeconds ?? defaultSampleSeconds;
	if (!Number.isFinite(sampleSeconds) || sampleSeconds < 0 || sampleSeconds > 3600) {
		stderr.write(`pm2-doctor check: --sample must be a number of seconds between 0 and 3600\n`);
		return 2;
	}
	const pollIntervalMs = options.pollIntervalMs ?? 1000;

	let client: DaemonClient | null = null;
	let takeSnapshot = options.takeSnapshot;
	if (!takeSnapshot) {
		client = new DaemonClient(options.pm2Home);
		const attached = await client.attach(() => {});
		if (!attached.ok) {
			stderr.write((await explainNoDaemon(attached.probe, attached.reason)) + '\n');
			await printNoDaemon(options, format, stdout);
			return 2;
		}
		const connected = client;
		takeSnapshot = async () => {
			try {
				return {takenAtMs: Date.now(), processes: await connected.listProcesses()};
			} catch {
				return null;
			}
		};
	}

	try {
		const startedAt = Date.now();
		const snapshots: DaemonSnapshot[] = [];
		const first = await takeSnapshot();
		if (!first) {
			stderr.write(`pm2-doctor check: the PM2 daemon at ${options.pm2Home} does not answer\n`);
			return 2;
		}
		snapshots.push(first);
		const firstLogSample = await sampleLogSizes(options.pm2Home, first.processes);
		while (Date.now() - startedAt < sampleSeconds * 1000) {
			await sleep(Math.min(pollIntervalMs, Math.max(0, startedAt + sampleSeconds * 1000 - Date.now())));
			const next = await takeSnapshot();
			if (!next) {
				stderr.write(`pm2-doctor check: the PM2 daemon at ${options.pm2Home} stopped answering while sampling\n`);
				return 2;
			}
			snapshots.push(next);
		}
		const latest = snapshots.at(-1)!;
		const facts = await collectDoctorFacts({
			pm2Home: options.pm2Home,
			processes: latest.processes,
			polls: snapshots,
			previousLogSample: firstLogSample,
			host: options.host,
		});
		// A recorder's history covers what a short sample cannot: a slow leak is judged over up to an hour.
		const reader = openHistoryReader(options.pm2Home);
		const recorded = checkHistoriesWithRecording(reader, snapshots, Date.now());
		reader?.close();
		if (recorded) Object.assign(facts, recorded);
		const findings = runChecks(facts);
		const report = buildReport(facts, findings, (Date.now() - startedAt) / 1000);
		stdout.write(renderReport(report, format));
		return exitCodeFor(findings);
	} finally {
		client?.detach();
	}
}

/** 0 when there is no error or warning finding, 1 otherwise. */
export function exitCodeFor(findings: readonly Finding[]): number {
	return findings.some(f => f.severity === 'error' || f.severity === 'warning') ? 1 : 0;
}

export function buildReport(facts: DoctorFacts, findings: Finding[], sampledSeconds: number): CheckReport {
	return {
		version: packageVersion(),
		pm2Home: facts.pm2Home,
		sampledSeconds: Math.round(sampledSeconds * 10) / 10,
		processes: facts.processes.map(p => ({
			name: p.name,
			pmId: p.pmId,
			status: p.status,
			restarts: p.restartCount,
			rssBytes: p.rssBytes,
			heapUsedBytes: p.heapUsedBytes,
		})),
		findings,
	};
}

export function renderReport(report: CheckReport, format: CheckFormat): string {
	if (format === 'json') return toSafeJson(report) + '\n';
	if (format === 'openmetrics') return formatOpenMetrics(report);
	return formatFindingsText(report);
}

async function printNoDaemon(options: CheckCommandOptions, format: CheckFormat, stdout: Writable): Promise<void> {
	if (format === 'text') return; // the explanation on stderr says it all
	const facts = await collectDoctorFacts({
		pm2Home: options.pm2Home,
		processes: [],
		polls: [],
		daemonLogLines: [],
		host: {...options.host, probePathNode: false},
	});
	const report = buildReport(facts, runChecks(facts), 0);
	stdout.write(renderReport(report, format));
}

/** pm2-doctor's own version, from its package.json (found from source/ under tsx and from dist/source/). */
function packageVersion(): string {
	let folder = path.dirname(fileURLToPath(import.meta.url));
	for (let i = 0; i < 5; i++) {
		try {
			const pkg = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as {name?: string; version?: string};
			if (pkg.name === 'pm2-doctor' && pkg.version) return pkg.version;
		} catch {
			// not here
		}
		folder = path.dirname(folder);
	}
	return 'unknown';
}

function sleep(ms: number): Promise<void> {
	return new Promise(resolve => setTimeout(resolve, ms));
}

// `pm2-doctor record`: the recorder in the foreground; `--install` / `--uninstall` as a PM2-managed app;
// `--test-alert` sends one test alert through the configured sinks and reports what happened.
import fs from 'node:fs';
import type {Writable} from 'node:stream';
import type {Severity} from '../doctor/check-types.js';
import {defaultAlertPolicy} from '../model/alert-policy.js';
import {defaultRetention, parseSizeBytes} from '../model/history-retention.js';
import {DaemonClient} from '../pm2/daemon-client.js';
import {deleteManagedApp, startManagedApp} from '../pm2/managed-app.js';
import {probeDaemon} from '../pm2/probe-daemon.js';
import {keepHeapSmall} from '../runtime/heap-limits.js';
import {explainNoDaemon} from '../headless/explain-no-daemon.js';
import {describeProbe} from '../pm2/daemon-client.js';
import {createCommandSink, createWebhookSink, sendToAll, testPayload, type AlertSink, type WebhookFormat} from './alert-sinks.js';
import {historyPaths} from './history-db.js';
import {createRecorder, defaultRecordIntervalMs, recorderAppName} from './record-loop.js';
import {recorderNodeArgs, applyRecorderV8Flags} from './recorder-v8.js';

export type RecordCommandOptions = {
	home: string;
	install?: boolean;
	uninstall?: boolean;
	testAlert?: boolean;
	/** Seconds between samples (default 5). */
	intervalSeconds?: number;
	/** Size cap, e.g. "100M". */
	maxSize?: string;
	webhook?: string;
	webhookFormat?: string;
	onFinding?: string;
	minSeverity?: string;
	stdout?: Writable;
	stderr?: Writable;
	/** Resolves when the foreground recorder should stop (default: SIGINT or SIGTERM). */
	untilStopped?: Promise<void>;
};

type Parsed = {intervalMs: number; maxBytes: number; sinks: AlertSink[]; minSeverity: Severity; forwardedArgs: string[]};

function parseOptions(options: RecordCommandOptions): Parsed | string {
	const intervalSeconds = options.intervalSeconds ?? defaultRecordIntervalMs / 1000;
	if (!Number.isFinite(intervalSeconds) || intervalSeconds < 1 || intervalSeconds > 300) return '--interval must be a number of seconds from 1 to 300';
	const maxBytes = options.maxSize === undefined ? defaultRetention.maxBytes : parseSizeBytes(options.maxSize);
	if (maxBytes === null || maxBytes < 1024 * 1024) return '--max-size must be a size of at least 1M (e.g. 100M, 1G)';
	const format = (options.webhookFormat ?? 'generic') as WebhookFormat;
	if (!['generic', 'slack', 'discord'].includes(format)) return '--webhook-format must be generic, slack or discord';
	const minSeverity = (options.minSeverity ?? defaultAlertPolicy.minSeverity) as Severity;
	if (!['info', 'warning', 'error'].includes(minSeverity)) return '--min-severity must be info, warning or error';
	const sinks: AlertSink[] = [];
	if (options.webhook !== undefined) {
		try {
			const url = new URL(options.webhook);
			if (url.protocol !== 'http:' && url.protocol !== 'https:') return '--webhook must be an http:// or https:// URL';
		} catch {
			return '--webhook must be a URL';
		}
		sinks.push(createWebhookSink(options.webhook, format));
	}
	if (options.onFinding !== undefined) sinks.push(createCommandSink(options.onFinding));
	const forwardedArgs = [`--interval=${intervalSeconds}`];
	if (options.maxSize !== undefined) forwardedArgs.push(`--max-size=${options.maxSize}`);
	if (options.webhook !== undefined) forwardedArgs.push(`--webhook=${options.webhook}`, `--webhook-format=${format}`);
	if (options.onFinding !== undefined) forwardedArgs.push(`--on-finding=${options.onFinding}`);
	if (options.minSeverity !== undefined) forwardedArgs.push(`--min-severity=${minSeverity}`);
	return {intervalMs: intervalSeconds * 1000, maxBytes, sinks, minSeverity, forwardedArgs};
}

export async function runRecordCommand(options: RecordCommandOptions): Promise<number> {
	const stdout = options.stdout ?? process.stdout;
	const stderr = options.stderr ?? process.stderr;
	const parsed = parseOptions(options);
	if (typeof parsed === 'string') {
		stderr.write(`pm2-doctor record: ${parsed}\n`);
		return 2;
	}
	if ([options.install, options.uninstall, options.testAlert].filter(Boolean).length > 1) {
		stderr.write('pm2-doctor record: --install, --uninstall and --test-alert go one at a time\n');
		return 2;
	}
	if (options.testAlert) return testAlert(options.home, parsed.sinks, stdout, stderr);
	if (options.uninstall) {
		const outcome = await deleteManagedApp(options.home, recorderAppName);
		(outcome.ok ? stdout : stderr).write(
			`${outcome.message}${outcome.ok ? `; run pm2 save to keep it off after a reboot. The history stays in ${historyPaths(options.home).folder} (delete it to free the space)` : ''}\n`,
		);
		return outcome.ok ? 0 : 2;
	}
	if (options.install) {
		const outcome = await startManagedApp(options.home, {
			name: recorderAppName,
			scriptPath: fs.realpathSync(process.argv[1]!),
			args: ['record', ...parsed.forwardedArgs],
			cwd: options.home,
			env: {NODE_ENV: 'production'},
			maxMemoryRestartBytes: 150 * 1024 * 1024,
			nodeArgs: [...recorderNodeArgs],
		});
		(outcome.ok ? stdout : stderr).write(
			`${outcome.message}${outcome.ok ? `; history goes to ${historyPaths(options.home).databasePath}. Run pm2 save so it comes back after a reboot` : ''}\n`,
		);
		return outcome.ok ? 0 : 2;
	}

	// The recorder runs for weeks beside the apps: the UI's small-heap settings (source/runtime/heap-limits.ts), and the
	// interpreter only (already set in bin.ts when `record` comes first on the command line).
	keepHeapSmall();
	applyRecorderV8Flags();
	const probe = await probeDaemon(options.home);
	if (probe.kind === 'permission-denied') {
		stderr.write((await explainNoDaemon(probe, describeProbe(probe))) + '\n');
		return 2;
	}
	// Any other state is waited out: the recorder attaches when the daemon comes (after a reboot, it may start first).
	if (probe.kind !== 'alive') stdout.write(`pm2-doctor record: ${describeProbe(probe)}; waiting for it (a daemon is never started)\n`);
	const recorder = createRecorder({
		home: options.home,
		client: new DaemonClient(options.home),
		intervalMs: parsed.intervalMs,
		retention: {...defaultRetention, maxBytes: parsed.maxBytes},
		sinks: parsed.sinks,
		alertPolicy: {...defaultAlertPolicy, minSeverity: parsed.minSeverity},
		log: message => stdout.write(`${new Date().toISOString()} ${message}\n`),
	});
	recorder.start();
	stdout.write(
		`pm2-doctor record: sampling ${options.home} every ${parsed.intervalMs / 1000} s into ${historyPaths(options.home).databasePath}` +
			(parsed.sinks.length > 0 ? `; alerts to ${parsed.sinks.map(sink => sink.describe).join(' and ')}` : '') +
			'\n',
	);
	await (options.untilStopped ?? untilSignal());
	await recorder.stop();
	stdout.write(`pm2-doctor record: stopped after ${recorder.stats.intervalsWritten} intervals written, ${recorder.stats.intervalsDropped} dropped\n`);
	return 0;
}

async function testAlert(home: string, sinks: AlertSink[], stdout: Writable, stderr: Writable): Promise<number> {
	if (sinks.length === 0) {
		stderr.write('pm2-doctor record --test-alert: no alert target; add --webhook URL and/or --on-finding CMD\n');
		return 2;
	}
	const failures = await sendToAll(sinks, testPayload({home}));
	for (const failure of failures) stderr.write(`pm2-doctor record --test-alert: ${failure}\n`);
	const delivered = sinks.length - failures.length;
	stdout.write(`pm2-doctor record --test-alert: delivered to ${delivered} of ${sinks.length} target${sinks.length === 1 ? '' : 's'}\n`);
	return failures.length === 0 ? 0 : 1;
}

function untilSignal(): Promise<void> {
	return new Promise(resolve => {
		const stop = () => {
			process.off('SIGINT', stop);
			process.off('SIGTERM', stop);
			resolve();
		};
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
	});
}

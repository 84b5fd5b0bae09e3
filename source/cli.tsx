// Argument parsing and wiring only. Heavy modules (Ink, React, the features) are imported
// lazily so headless commands and errors stay fast.
import {parseCommandLine, readOwnPackage} from './cli-args.js';
import {explainNoDaemon} from './headless/explain-no-daemon.js';
import {resolvePm2Home} from './pm2/pm2-home.js';
import {probeDaemon} from './pm2/probe-daemon.js';
import {keepHeapSmall} from './runtime/heap-limits.js';
import {pauseOptimizingCompiler} from './runtime/optimizing-compiler.js';

const helpText = `
  Usage
    $ pm2-doctor [options]              open the live UI on the PM2 daemon
    $ pm2-doctor status [--json]        print the process list once
    $ pm2-doctor check [--json] [--sample SECONDS] [--format text|json|openmetrics]
                                        sample, then run every diagnostic check
                                        (exit 0 nothing wrong, 1 warnings or errors found, 2 usage or connection error)
    $ pm2-doctor lint [FILE] [--json]   lint an ecosystem file
                                        (exit 0 ok, 1 warnings or errors, 2 the file cannot be loaded or usage error)
    $ pm2-doctor init [--force]         write a starting ecosystem.config.js for the app in this folder
    $ pm2-doctor record [--install|--uninstall|--test-alert] [--interval SECONDS] [--max-size 100M]
                        [--webhook URL [--webhook-format generic|slack|discord]] [--on-finding CMD] [--min-severity LEVEL]
                                        record history (samples, restarts, findings) under $PM2_HOME/pm2-doctor/,
                                        in the foreground or as a PM2-managed app; alert on findings
    $ pm2-doctor report [--since 2h] [--process NAME] [--out FILE]
                                        an incident report in Markdown (findings, restarts with causes and
                                        log lines, memory over the window)
    $ pm2-doctor heap <name|id> [--out DIR] [--compare SECONDS] [--json]
                                        write a heap snapshot of a Node app (the app pauses meanwhile);
                                        with --compare, two snapshots that far apart and what grew
    $ pm2-doctor profile <name|id> [--seconds N] [--out DIR] [--json]
                                        record a CPU profile and print the functions with the most self time
                                        (heap, profile: exit 2 when refused, nothing is left open)

  Options
    --pm2-home DIR     the PM2 home to attach to (default: $PM2_HOME, else ~/.pm2)
    --read-only        no restart/reload/stop/start, no saving
    --ecosystem FILE   the ecosystem file to use (default: found from the selected process)
    --log-lines N      lines of each log file read back when a log view opens (default 200)
    --json             machine-readable output (headless commands)
    --no-color         no colours (also with NO_COLOR set)
    --help, --version

  pm2-doctor never starts a PM2 daemon and never changes anything without asking.
  Keys in the UI: press ? for help, q to quit.
`;

export async function main(argv: string[]): Promise<number> {
	// `ps` and `top` show pm2-doctor rather than node.
	process.title = 'pm2-doctor';
	const cli = parseCommandLine(argv);
	if (!cli.ok) {
		process.stderr.write(`pm2-doctor: ${cli.message} (see pm2-doctor --help)\n`);
		return 2;
	}
	if (cli.flags.help) {
		process.stdout.write(`\n  ${readOwnPackage().description ?? 'pm2-doctor'}\n${helpText}\n`);
		return 0;
	}
	if (cli.flags.version) {
		process.stdout.write(`${readOwnPackage().version ?? 'unknown'}\n`);
		return 0;
	}
	const [command = 'ui', ...rest] = cli.input;
	const home = resolvePm2Home(cli.flags.pm2Home);
	const noColor = !cli.flags.color || (process.env.NO_COLOR ?? '') !== '';

	switch (command) {
		case 'ui':
			if (!Number.isInteger(cli.flags.logLines) || cli.flags.logLines < 0 || cli.flags.logLines > 100_000) {
				process.stderr.write('pm2-doctor: --log-lines must be a whole number from 0 to 100000\n');
				return 2;
			}
			return runUi({home, readOnly: cli.flags.readOnly, noColor, ecosystemFile: cli.flags.ecosystem, logBackfillLines: cli.flags.logLines});
		case 'status': {
			const {runStatusCommand} = await import('./headless/status-command.js');
			return runStatusCommand({home, json: cli.flags.json});
		}
		case 'check': {
			const {runCheckCommand} = await import('./doctor/check-command.js');
			return runCheckCommand({
				pm2Home: home,
				json: cli.flags.json,
				sampleSeconds: cli.flags.sample,
				format: cli.flags.format as 'text' | 'json' | 'openmetrics' | undefined,
			});
		}
		case 'lint': {
			const {runLintCommand} = await import('./ecosystem/lint-command.js');
			return runLintCommand({file: rest[0] ?? cli.flags.ecosystem, json: cli.flags.json, pm2Home: home});
		}
		case 'init': {
			const {runInitCommand} = await import('./ecosystem/init-command.js');
			return runInitCommand({force: cli.flags.force});
		}
		case 'record': {
			const {runRecordCommand} = await import('./recorder/record-command.js');
			const history = cli.flags.history;
			return runRecordCommand({
				home,
				install: history.install,
				uninstall: history.uninstall,
				testAlert: history.testAlert,
				intervalSeconds: history.interval,
				maxSize: history.maxSize,
				webhook: history.webhook,
				webhookFormat: history.webhookFormat,
				onFinding: history.onFinding,
				minSeverity: history.minSeverity,
			});
		}
		case 'report': {
			const {runReportCommand} = await import('./headless/report-command.js');
			return runReportCommand({home, since: cli.flags.history.since, process: cli.flags.history.process, out: cli.flags.out});
		}
		case 'heap': {
			const {runHeapCommand} = await import('./inspector/heap-command.js');
			return runHeapCommand({
				home,
				target: rest[0],
				outDir: cli.flags.out,
				compareSeconds: cli.flags.compare,
				json: cli.flags.json,
				readOnly: cli.flags.readOnly,
			});
		}
		case 'profile': {
			const {runProfileCommand} = await import('./inspector/profile-command.js');
			return runProfileCommand({home, target: rest[0], outDir: cli.flags.out, seconds: cli.flags.seconds, json: cli.flags.json, readOnly: cli.flags.readOnly});
		}
		default:
			process.stderr.write(`pm2-doctor: unknown command "${command}" (see pm2-doctor --help)\n`);
			return 2;
	}
}

async function runUi(options: {home: string; readOnly: boolean; noColor: boolean; ecosystemFile?: string; logBackfillLines: number}): Promise<number> {
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		process.stderr.write(
			'pm2-doctor: the live UI needs a terminal (stdin and stdout must be a TTY; over ssh use -t). ' +
				'For scripts use: pm2-doctor status --json, pm2-doctor check --json\n',
		);
		return 2;
	}
	// The UI runs for hours: from the start, before start-up's allocations grow it (source/runtime/heap-limits.ts),
	// and without TurboFan but where it analyses heap snapshots (source/runtime/optimizing-compiler.ts).
	keepHeapSmall();
	pauseOptimizingCompiler();
	const probe = await probeDaemon(options.home);
	if (probe.kind !== 'alive') {
		const {describeProbe} = await import('./pm2/daemon-client.js');
		process.stderr.write((await explainNoDaemon(probe, describeProbe(probe))) + '\n');
		return 2;
	}
	// Only what the first poll and the plain first paint need is loaded here (the store, the pm2 transport, the
	// terminal session); Ink, React and the views load after the first paint (docs/architecture.md, "Start-up").
	const [{createLiveStore}, {followDaemonLog}, {runInteractiveApp}, {createBusLogSubscriber}, {DaemonClient}] = await Promise.all([
		import('./services/store/live-store.js'),
		import('./services/store/follow-daemon-log.js'),
		import('./terminal/run-interactive-app.js'),
		import('./pm2/bus-logs.js'),
		import('./pm2/daemon-client.js'),
	]);
	// One link to the daemon: the store polls through it and the actions are sent on it.
	const client = new DaemonClient(options.home);
	const store = createLiveStore({home: options.home, client, readOnly: options.readOnly, followDaemonLog});
	store.start();
	try {
		return await runInteractiveApp(store, {
			readOnly: options.readOnly,
			noColor: options.noColor,
			ecosystemFile: options.ecosystemFile,
			actionsClient: client,
			logs: {backfillLines: options.logBackfillLines, subscribeBusLogs: createBusLogSubscriber(options.home)},
		});
	} finally {
		await store.stop();
	}
}

import {describe, expect, it} from 'vitest';
import {runChecks} from '../../../source/doctor/checks.js';
import {
	processErroredCheck,
	ghostOnlineCheck,
	loadFailedOnlineCheck,
	scriptMissingCheck,
	clusterNonNodeCheck,
} from '../../../source/doctor/checks/start-failure.js';
import {restartRateCheck, stuckWaitingRestartCheck} from '../../../source/doctor/checks/restart-loop.js';
import {watchRestartsCheck, watchIgnoreDefaultsCheck} from '../../../source/doctor/checks/watch.js';
import {heapGrowthCheck, memoryNearLimitCheck} from '../../../source/doctor/checks/memory-growth.js';
import {heapExhaustionCheck, memoryRestartsCheck} from '../../../source/doctor/checks/memory-exhaustion.js';
import {eaddrinusePort, portInUseCheck} from '../../../source/doctor/checks/port-conflict.js';
import {diskFreeCheck, logGrowthCheck, logSizeCheck} from '../../../source/doctor/checks/log-bloat.js';
import {sigkillEscalationCheck, waitReadyTimeoutCheck} from '../../../source/doctor/checks/kill-timeout.js';
import {daemonRunningCheck, dumpSyncCheck, startupUnitCheck} from '../../../source/doctor/checks/persistence.js';
import {compareVersions, daemonNodeCheck, daemonVersionCheck} from '../../../source/doctor/checks/daemon-outdated.js';
import type {DaemonSnapshot} from '../../../source/model/types.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {buildFacts, healthyHost, home, logLine, nowMs} from './facts-builder.js';

const mib = 1024 * 1024;

describe('a healthy process', () => {
	it('gets no error or warning finding from any check', () => {
		const web = makeProcess({pmId: 0, name: 'web', startedAtMs: nowMs - 600_000, createdAtMs: nowMs - 600_000});
		const series: DaemonSnapshot[] = [];
		for (let i = 0; i < 20; i++) {
			// A GC sawtooth around 12 MiB: allocations climb, a collection drops them.
			const heap = 12 * mib + ((i % 5) * 0.8 - 1.6) * mib;
			series.push({takenAtMs: nowMs - (19 - i) * 1000, processes: [{...web, heapUsedBytes: heap}]});
		}
		const facts = buildFacts([web], {
			series,
			daemonLogLines: [logLine(600, 'App [web:0] starting in -fork mode-'), logLine(599, 'App [web:0] online')],
			errorLogTails: {0: []},
			host: {
				logFiles: [
					{path: `${home}/logs/web-out.log`, stream: 'out', pmId: 0, process: 'web', sizeBytes: 20_000, growthBytesPerSecond: 10, modifiedAtMs: nowMs},
				],
			},
		});
		const serious = runChecks(facts).filter(f => f.severity !== 'info');
		expect(serious).toEqual([]);
	});
});

describe('start-failure checks', () => {
	it('process-errored gives the first line of the error and the exit code', () => {
		const app = makeProcess({pmId: 3, name: 'api', status: 'errored', pid: null, exitCode: 1, restartCount: 15, createdAtMs: null});
		const facts = buildFacts([app], {
			errorLogTails: {
				3: [
					'/srv/apps/api.js:2',
					"require('nope');",
					'^',
					'',
					"Error: Cannot find module 'nope'",
					'Require stack:',
					'- /srv/apps/api.js',
					'    at Module._resolveFilename (node:internal/modules/cjs/loader:1145:15)',
					"  code: 'MODULE_NOT_FOUND',",
				],
			},
			daemonLogLines: [logLine(5, 'Script /srv/apps/api.js had too many unstable restarts (16). Stopped. "errored"')],
		});
		const [finding] = processErroredCheck.run(facts);
		expect(finding).toMatchObject({id: 'process-errored', severity: 'error', process: 'api', pmId: 3, flow: 'start-failure'});
		expect(finding!.title).toContain("Cannot find module 'nope'");
		expect(finding!.evidence[0]).toBe("error log: Error: Cannot find module 'nope'");
		expect(finding!.evidence.join('\n')).toContain('exit code 1');
		expect(finding!.evidence.join('\n')).toContain('too many unstable restarts (16)');
	});

	it('process-errored reads a SyntaxError headline and catches the masked overlimit', () => {
		const app = makeProcess({pmId: 1, name: 'job', status: 'waiting restart', pid: null, createdAtMs: null, exitCode: 1, restartDelayMs: 200});
		const facts = buildFacts([app], {
			errorLogTails: {
				1: [
					'/srv/apps/job.js:3',
					'const = 1;',
					'      ^',
					'',
					"SyntaxError: Unexpected token '='",
					'    at wrapSafe (node:internal/modules/cjs/loader:1378:20)',
				],
			},
		});
		const [finding] = processErroredCheck.run(facts);
		expect(finding!.evidence[0]).toBe("error log: SyntaxError: Unexpected token '='");
		expect(finding!.evidence.join('\n')).toContain('waiting restart');
	});

	it('ghost-online names the spawn error from pm2.log', () => {
		const app = makeProcess({pmId: 2, name: 'sh', pid: null, rssBytes: 0, scriptPath: '/srv/apps/run.sh', interpreter: 'none'});
		const facts = buildFacts([app], {daemonLogLines: [logLine(3, 'Error: spawn /srv/apps/run.sh EACCES', 'error')]});
		const [finding] = ghostOnlineCheck.run(facts);
		expect(finding!.evidence[0]).toContain('spawn /srv/apps/run.sh EACCES');
	});

	it('load-failed-online: online, but the error log got a module-load error after the start', () => {
		const app = makeProcess({pmId: 4, name: 'esm', startedAtMs: nowMs - 30_000});
		const errLog = {
			path: `${home}/logs/esm-error.log`,
			stream: 'err' as const,
			pmId: 4,
			process: 'esm',
			sizeBytes: 900,
			growthBytesPerSecond: 0,
			modifiedAtMs: nowMs - 29_000,
		};
		const tail = [
			"Error: Cannot find module 'x'",
			'Require stack:',
			'- /srv/apps/esm.js',
			'    at Module._resolveFilename (node:internal/modules/cjs/loader:1207:15)',
		];
		const facts = buildFacts([app], {errorLogTails: {4: tail}, host: {logFiles: [errLog]}});
		const [finding] = loadFailedOnlineCheck.run(facts);
		expect(finding?.evidence[0]).toBe("error log: Error: Cannot find module 'x'");
		// Written before this run started: an old error, not this run's.
		expect(loadFailedOnlineCheck.run(buildFacts([app], {errorLogTails: {4: tail}, host: {logFiles: [{...errLog, modifiedAtMs: nowMs - 60_000}]}}))).toEqual([]);
		// A runtime crash (timer frames, no module loading) is the restart-loop's business.
		const runtime = ['Error: ECONNREFUSED', '    at Timeout._onTimeout (/srv/apps/esm.js:5:9)', '    at listOnTimeout (node:internal/timers:581:17)'];
		expect(loadFailedOnlineCheck.run(buildFacts([app], {errorLogTails: {4: runtime}, host: {logFiles: [errLog]}}))).toEqual([]);
	});

	it('script-missing and cluster-non-node', () => {
		const gone = makeProcess({pmId: 0, name: 'gone'});
		const bash = makeProcess({
			pmId: 1,
			name: 'bash',
			execMode: 'cluster',
			interpreter: 'bash',
			scriptPath: '/srv/apps/start.sh',
			status: 'errored',
			exitCode: 0,
		});
		const facts = buildFacts([gone, bash]);
		facts.host.scriptExists[0] = false;
		expect(scriptMissingCheck.run(facts).map(f => f.process)).toEqual(['gone']);
		expect(clusterNonNodeCheck.run(facts).map(f => f.process)).toEqual(['bash']);
	});
});

describe('restart-rate', () => {
	const crashLines = (name: string, id: number, count: number, everySeconds: number, uptimeSeconds: number) => {
		const lines: string[] = [];
		for (let i = count; i >= 1; i--) {
			const at = i * everySeconds;
			lines.push(logLine(at + uptimeSeconds, `App [${name}:${id}] starting in -fork mode-`));
			lines.push(logLine(at + uptimeSeconds, `App [${name}:${id}] online`));
			lines.push(logLine(at, `App [${name}:${id}] exited with code [1] via signal [SIGINT]`));
		}
		return lines;
	};

	it('catches a late loop that PM2 never marks unstable, and says why', () => {
		const app = makeProcess({pmId: 0, name: 'worker', unstableRestartCount: 0, restartCount: 40, createdAtMs: nowMs - 3_600_000});
		const facts = buildFacts([app], {daemonLogLines: crashLines('worker', 0, 6, 8, 3), errorLogTails: {0: ['Error: ECONNREFUSED 127.0.0.1:5432']}});
		const [finding] = restartRateCheck.run(facts);
		expect(finding).toMatchObject({id: 'restart-rate', severity: 'error', process: 'worker', flow: 'restart-loop'});
		const text = finding!.evidence.join('\n');
		expect(text).toContain('crash restarts in the last minute');
		expect(text).toContain('uptime before each exit: 3.0 s');
		expect(text).toContain('exited with code [1]');
		expect(text).toContain('last error: Error: ECONNREFUSED');
		expect(text).toContain('PM2 will never stop this loop (unstable_restarts = 0)');
	});

	it('catches a loop from the sampled restart counter alone (no pm2.log)', () => {
		const app = makeProcess({pmId: 0, name: 'worker', restartDelayMs: 1500});
		const series: DaemonSnapshot[] = [0, 2, 4, 6, 8].map((restarts, i) => ({takenAtMs: nowMs - (4 - i) * 3000, processes: [{...app, restartCount: restarts}]}));
		const [finding] = restartRateCheck.run(buildFacts([app], {series}));
		expect(finding!.evidence.join('\n')).toContain('restart counter +8 while sampling 12 s');
		expect(finding!.evidence.join('\n')).toContain('restart_delay 1500 ms');
	});

	it('does not count watch, memory or manual restarts, nor old crashes', () => {
		const app = makeProcess({pmId: 0, name: 'web'});
		const lines: string[] = [];
		for (let i = 5; i >= 1; i--) {
			lines.push(logLine(i * 10 + 1, 'Change detected on path logs/x.log for app web - restarting'));
			lines.push(logLine(i * 10 + 1, 'Stopping app:web id:0'));
			lines.push(logLine(i * 10, 'App [web:0] exited with code [0] via signal [SIGINT]'));
		}
		lines.push(...crashLines('web', 0, 4, 60, 2).map((_, i, all) => all[i]!.replace(/^\S+/, '2026-11-24T01:00:00:')));
		const series: DaemonSnapshot[] = [
			{takenAtMs: nowMs - 55_000, processes: [{...app, restartCount: 0}]},
			{takenAtMs: nowMs, processes: [{...app, restartCount: 5}]},
		];
		expect(restartRateCheck.run(buildFacts([app], {daemonLogLines: lines, series}))).toEqual([]);
	});

	it('stuck-waiting-restart: waiting across the window with a pid-less state that is not the masked overlimit', () => {
		const app = makeProcess({pmId: 0, name: 'slow', status: 'waiting restart', pid: null, createdAtMs: nowMs - 100_000, restartDelayMs: 1000});
		const series = [0, 1, 2, 3, 4].map(i => ({takenAtMs: nowMs - (4 - i) * 1000, processes: [app]}));
		expect(stuckWaitingRestartCheck.run(buildFacts([app], {series}))).toHaveLength(1);
		expect(stuckWaitingRestartCheck.run(buildFacts([app], {series: series.slice(-1)}))).toHaveLength(0);
	});
});

describe('watch checks', () => {
	it('lists the changed path and flags self-written files', () => {
		const app = makeProcess({pmId: 0, name: 'watcher', watch: true, cwd: '/srv/w', outLogPath: '/srv/w/logs/out.log'});
		const lines = [3, 2, 1].flatMap(i => [
			logLine(i * 3, 'Change detected on path logs/app.log for app watcher - restarting'),
			logLine(i * 3, 'Stopping app:watcher id:0'),
		]);
		const [finding] = watchRestartsCheck.run(buildFacts([app], {daemonLogLines: lines}));
		expect(finding!.evidence[0]).toBe('3 watch restarts in 5 minutes; changed: logs/app.log (×3)');
		expect(finding!.evidence.join('\n')).toContain('PM2 writes its own logs inside the watched folder: /srv/w/logs/out.log');
		expect(finding!.evidence.join('\n')).toContain('written by the app itself');
	});

	it('one change is not a loop; ignore_watch without node_modules is an info', () => {
		const app = makeProcess({pmId: 0, name: 'watcher', watch: true, ignoreWatch: ['logs']});
		const facts = buildFacts([app], {daemonLogLines: [logLine(3, 'Change detected on path src/a.js for app watcher - restarting')]});
		expect(watchRestartsCheck.run(facts)).toEqual([]);
		expect(watchIgnoreDefaultsCheck.run(facts)[0]!.severity).toBe('info');
	});
});

describe('memory checks', () => {
	const series = (values: number[], base = makeProcess({pmId: 0, name: 'leaky', startedAtMs: nowMs - 60_000, maxMemoryRestartBytes: 500 * mib})) =>
		values.map((heap, i) => ({
			takenAtMs: nowMs - (values.length - 1 - i) * 1000,
			processes: [{...base, heapUsedBytes: heap, rssBytes: 60 * mib + heap}],
		}));

	it('heap-growth: a clear leak within 20 s, below the limit, with a projection', () => {
		const values = Array.from({length: 20}, (_, i) => 20 * mib + i * 2 * mib + (i % 3) * 0.3 * mib);
		const s = series(values);
		const [finding] = heapGrowthCheck.run(buildFacts(s.at(-1)!.processes, {series: s}));
		expect(finding).toMatchObject({id: 'heap-growth', severity: 'warning', process: 'leaky', flow: 'memory-growth'});
		expect(finding!.evidence.join('\n')).toMatch(/heap \+\d+(\.\d)? MB\/min/);
		expect(finding!.evidence.join('\n')).toContain('below max_memory_restart 500 MB');
	});

	it('heap-growth: a GC sawtooth and a single step are not leaks', () => {
		const saw = Array.from({length: 30}, (_, i) => 20 * mib + (i % 6) * 1.5 * mib);
		const step = Array.from({length: 30}, (_, i) => (i < 15 ? 20 : 40) * mib);
		for (const values of [saw, step]) {
			const s = series(values);
			expect(heapGrowthCheck.run(buildFacts(s.at(-1)!.processes, {series: s}))).toEqual([]);
		}
	});

	it('memory-near-limit and memory-restarts', () => {
		const app = makeProcess({pmId: 0, name: 'big', maxMemoryRestartBytes: 100 * mib, rssBytes: 95 * mib});
		const s = [
			{takenAtMs: nowMs - 1000, processes: [app]},
			{takenAtMs: nowMs, processes: [app]},
		];
		expect(memoryNearLimitCheck.run(buildFacts([app], {series: s}))).toHaveLength(1);
		const lines = [
			logLine(
				10,
				'[PM2][WORKER] Process 0 restarted because it exceeds --max-memory-restart value (current_memory=127967232 max_memory_limit=104857600 [octets])',
			),
		];
		const [finding] = memoryRestartsCheck.run(buildFacts([app], {daemonLogLines: lines}));
		expect(finding!.evidence[1]).toContain('current_memory=127967232');
	});
});

describe('runs that end at a memory limit', () => {
	it('a loop of V8 heap exhaustion: reported under memory-growth with the limit and the fix, and the loop links to it', () => {
		const app = makeProcess({pmId: 2, name: 'hog', nodeArgs: ['--max-old-space-size=48'], restartCount: 9, createdAtMs: nowMs - 120_000});
		const lines = [30, 20, 10].flatMap(ago => [
			logLine(ago + 3, 'App [hog:2] starting in -fork mode-'),
			logLine(ago, 'App [hog:2] exited with code [0] via signal [SIGABRT]'),
		]);
		const tail = [
			'[17764:0x160b6d50]     2945 ms: Mark-Compact 40.5 (54.2) -> 39.7 (58.2) MB, 143.80 / 0.00 ms  (average mu = 0.678) allocation failure;',
			'<--- JS stacktrace --->',
			'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
			' 1: 0xb78db3 node::OOMErrorHandler(char const*, v8::OOMDetails const&) [node /srv/apps/hog.js]',
		];
		const facts = buildFacts([app], {daemonLogLines: lines, errorLogTails: {2: tail}});
		const [exhaustion] = heapExhaustionCheck.run(facts);
		expect(exhaustion).toMatchObject({id: 'heap-exhaustion', severity: 'error', process: 'hog', flow: 'memory-growth'});
		expect(exhaustion!.title).toBe('hog runs out of memory: V8 heap exhausted at the 48 MB V8 heap limit (--max-old-space-size=48)');
		expect(exhaustion!.evidence).toContain(
			'last garbage collection before the abort: Mark-Compact 40.5 MB → 39.7 MB used (58.2 MB reserved), freed only 0.8 MB',
		);
		expect(exhaustion!.evidence.at(-1)).toMatch(/^fix: raise the limit .*--max-old-space-size=96.*or find the leak/);
		const growing = [20, 31, 42].map((heapMib, i) => ({takenAtMs: nowMs - (2 - i) * 1000, processes: [{...app, heapUsedBytes: heapMib * mib}]}));
		const [withSamples] = heapExhaustionCheck.run(buildFacts([app], {daemonLogLines: lines, errorLogTails: {2: tail}, series: growing}));
		expect(withSamples!.evidence).toContain('heap used peaked at 42 MB in the sampled runs (limit 48 MB)');
		const [loop] = restartRateCheck.run(facts);
		expect(loop!.rootCause).toEqual({
			id: 'heap-exhaustion',
			flow: 'memory-growth',
			title: 'V8 heap exhausted at the 48 MB V8 heap limit (--max-old-space-size=48)',
		});
		// Without the out-of-memory line a SIGABRT is some other abort: no memory finding, no link.
		const bare = buildFacts([app], {daemonLogLines: lines, errorLogTails: {2: ['Assertion failed']}});
		expect(heapExhaustionCheck.run(bare)).toEqual([]);
		expect(restartRateCheck.run(bare)[0]!.rootCause).toBeUndefined();
		// A loop of other crashes is not blamed on an older heap abort still in the error log.
		const otherCrashes = [30, 20, 10].flatMap(ago => [
			logLine(ago + 3, 'App [hog:2] starting in -fork mode-'),
			logLine(ago, 'App [hog:2] exited with code [1] via signal [SIGINT]'),
		]);
		const [otherLoop] = restartRateCheck.run(
			buildFacts([app], {daemonLogLines: otherCrashes, errorLogTails: {2: [...tail, 'Error: connect ECONNREFUSED 127.0.0.1:5432']}}),
		);
		expect(otherLoop!.title).toBe('hog is in a restart loop');
		expect(otherLoop!.rootCause).toBeUndefined();
		// The limit may come from NODE_OPTIONS; without any, V8's default limit was hit.
		const viaEnv = makeProcess({...app, nodeArgs: [], env: {NODE_OPTIONS: '--enable-source-maps --max-old-space-size=64'}});
		expect(heapExhaustionCheck.run(buildFacts([viaEnv], {daemonLogLines: lines, errorLogTails: {2: tail}}))[0]!.title).toContain(
			'the 64 MB V8 heap limit (--max-old-space-size=64)',
		);
		const noLimit = makeProcess({...app, nodeArgs: []});
		const [defaultLimit] = heapExhaustionCheck.run(buildFacts([noLimit], {daemonLogLines: lines, errorLogTails: {2: tail}}));
		expect(defaultLimit!.title).toBe("hog runs out of memory: V8 heap exhausted at V8's default heap limit (no --max-old-space-size)");
		expect(defaultLimit!.evidence.at(-1)).toMatch(/^fix: find the leak .*or set node_args: \['--max-old-space-size=<MB>'\]/);
	});

	it('a loop of max_memory_restart restarts: a restart loop whose root cause is the memory limit', () => {
		const app = makeProcess({pmId: 0, name: 'big', maxMemoryRestartBytes: 100 * mib, restartCount: 4, createdAtMs: nowMs - 120_000});
		const lines = [40, 25, 10].flatMap(ago => [
			logLine(
				ago + 1,
				'[PM2][WORKER] Process 0 restarted because it exceeds --max-memory-restart value (current_memory=127967232 max_memory_limit=104857600 [octets])',
			),
			logLine(ago + 1, 'Stopping app:big id:0'),
			logLine(ago, 'App [big:0] exited with code [0] via signal [SIGINT]'),
			logLine(ago, 'App [big:0] starting in -fork mode-'),
		]);
		const facts = buildFacts([app], {daemonLogLines: lines});
		const [memory] = memoryRestartsCheck.run(facts);
		expect(memory).toMatchObject({
			id: 'memory-restarts',
			severity: 'warning',
			flow: 'memory-growth',
			title: 'big was restarted for exceeding max_memory_restart 100 MB',
		});
		expect(memory!.evidence).toContain('limit hit: max_memory_restart 100 MB (RSS was 122 MB)');
		const [loop] = restartRateCheck.run(facts);
		expect(loop).toMatchObject({id: 'restart-rate', title: 'big is in a restart loop: it runs out of memory'});
		expect(loop!.rootCause).toEqual({id: 'memory-restarts', flow: 'memory-growth', title: 'restarted for exceeding max_memory_restart 100 MB'});
	});
});

describe('port-in-use', () => {
	it('names the port and classifies each holder', () => {
		expect(eaddrinusePort('Error: listen EADDRINUSE: address already in use :::3777')).toBe(3777);
		expect(eaddrinusePort('Error: bind EADDRINUSE null:3778')).toBe(3778);
		expect(eaddrinusePort('Error: listen EADDRINUSE: address already in use 127.0.0.1:47261')).toBe(47261);
		const a = makeProcess({pmId: 0, name: 'web-a', pid: 111});
		const b = makeProcess({pmId: 1, name: 'web-b', status: 'errored', pid: null, restartCount: 15});
		const facts = buildFacts([a, b], {
			errorLogTails: {1: ['Error: listen EADDRINUSE: address already in use 127.0.0.1:47261', '    at Server.setupListenHandle']},
		});
		facts.host.listeningSockets = [{port: 47261, address: '127.0.0.1', inode: 9, ownerPids: [111]}];
		facts.host.pids[111] = {pid: 111, commandLine: 'node /srv/apps/web-a.js', pm2Home: home, pm2PmId: 0, pm2Name: 'web-a'};
		const [finding] = portInUseCheck.run(facts);
		expect(finding!.title).toBe('web-b cannot listen: port 47261 is in use');
		expect(finding!.evidence[1]).toBe('port 47261 is held by pid 111, PM2 process web-a (id 0)');

		facts.host.pids[111] = {pid: 111, commandLine: 'node old.js', pm2Home: home, pm2PmId: 7, pm2Name: 'old'};
		facts.processes = [{...a, pid: 222}, b];
		expect(portInUseCheck.run(facts)[0]!.evidence[1]).toContain('an orphan of this PM2 (was old id 7');

		facts.host.listeningSockets = [{port: 47261, address: '0.0.0.0', inode: 9, ownerPids: [4242]}];
		expect(portInUseCheck.run(facts)[0]!.evidence[1]).toContain('the PM2 daemon itself');

		facts.host.listeningSockets = [{port: 47261, address: '0.0.0.0', inode: 9, ownerPids: [555]}];
		facts.host.pids[555] = {pid: 555, commandLine: 'nginx: master process', pm2Home: null, pm2PmId: null, pm2Name: null};
		expect(portInUseCheck.run(facts)[0]!.evidence[1]).toBe('port 47261 is held by pid 555: nginx: master process');
	});
});

describe('log-bloat checks', () => {
	const big = {
		path: `${home}/logs/noisy-out.log`,
		stream: 'out' as const,
		pmId: 0,
		process: 'noisy',
		sizeBytes: 150 * mib,
		growthBytesPerSecond: 2 * mib,
		modifiedAtMs: nowMs,
	};
	const fast = {...big, sizeBytes: 5 * mib, growthBytesPerSecond: 50_000};
	const app = makeProcess({pmId: 0, name: 'noisy'});

	it('log-size reports files over 100 MB with size, growth and rotation', () => {
		const [finding] = logSizeCheck.run(buildFacts([app], {host: {logFiles: [big]}}));
		expect(finding!.evidence[0]).toBe(`${home}/logs/noisy-out.log: 150 MB`);
		expect(finding!.evidence[1]).toContain('growing 2 MB/s');
		expect(finding!.evidence[2]).toContain('no rotation');
	});

	it('log-growth only without working rotation', () => {
		expect(logGrowthCheck.run(buildFacts([app], {host: {logFiles: [fast]}}))).toHaveLength(1);
		const rotated = buildFacts([app], {
			host: {logFiles: [fast], logrotate: {installed: true, moduleStatus: 'online', settings: {max_size: '10M'}, systemLogrotateFiles: []}},
		});
		expect(logGrowthCheck.run(rotated)).toEqual([]);
		expect(logGrowthCheck.run(buildFacts([app], {host: {logFiles: [{...fast, growthBytesPerSecond: 100}]}}))).toEqual([]);
	});

	it('disk-free below 10 %', () => {
		expect(diskFreeCheck.run(buildFacts([app], {host: {disk: {path: '/', freeBytes: 5, totalBytes: 100}}}))[0]!.severity).toBe('error');
		expect(diskFreeCheck.run(buildFacts([app], {host: {disk: {path: '/', freeBytes: 50, totalBytes: 100}}}))).toEqual([]);
	});
});

describe('kill-timeout checks', () => {
	it('sigkill-escalation quotes the SIGKILL line', () => {
		const app = makeProcess({pmId: 0, name: 'stubborn', killTimeoutMs: 800});
		const lines = [
			logLine(9, 'Stopping app:stubborn id:0'),
			logLine(9, 'pid=5555 msg=failed to kill - retrying in 100ms'),
			logLine(8, 'Process with pid 5555 still alive after 800ms, sending SIGKILL to 1 remaining pids...'),
			logLine(8, 'App [stubborn:0] exited with code [0] via signal [SIGKILL]'),
			logLine(8, 'pid=5555 msg=process tree killed (1 pids)'),
		];
		const [finding] = sigkillEscalationCheck.run(buildFacts([app], {daemonLogLines: lines}));
		expect(finding!.evidence[0]).toBe('pm2.log: Process with pid 5555 still alive after 800ms, sending SIGKILL to 1 remaining pids...');
		expect(finding!.evidence[1]).toBe('1 of 1 planned stops ended in SIGKILL');
		expect(finding!.evidence[2]).toContain('kill_timeout 800 ms');
	});

	it('an external kill -9 (no Stopping line) is not a kill-timeout', () => {
		const app = makeProcess({pmId: 0, name: 'x'});
		expect(sigkillEscalationCheck.run(buildFacts([app], {daemonLogLines: [logLine(2, 'App [x:0] exited with code [0] via signal [SIGKILL]')]}))).toEqual([]);
	});

	it('wait-ready-timeout is an info', () => {
		const app = makeProcess({pmId: 0, name: 'r', waitReady: true, listenTimeoutMs: null});
		expect(waitReadyTimeoutCheck.run(buildFacts([app]))[0]!.severity).toBe('info');
	});
});

describe('persistence checks', () => {
	const a = makeProcess({pmId: 0, name: 'a'});
	const b = makeProcess({pmId: 1, name: 'b'});

	it('daemon-running', () => {
		const facts = buildFacts([]);
		facts.polls = [];
		facts.host.daemon = {...facts.host.daemon, running: false, pid: null, otherDaemons: [{pid: 9, version: '6.0.0', home: '/root/.pm2'}]};
		const [finding] = daemonRunningCheck.run(facts);
		expect(finding!.severity).toBe('error');
		// Its own playbook section: a missing daemon is not a persistence problem.
		expect(finding!.flow).toBe('no-daemon');
		expect(finding!.evidence.join('\n')).toContain('another PM2 daemon runs: pid 9, v6.0.0, home /root/.pm2');
	});

	it('dump-sync: missing file, missing apps, extra apps', () => {
		const facts = buildFacts([a, b]);
		facts.host.dump = {...facts.host.dump, exists: false, entries: []};
		expect(dumpSyncCheck.run(facts)[0]!.evidence[0]).toContain('does not exist');
		facts.host.dump = {
			...facts.host.dump,
			exists: true,
			entries: [
				{name: 'a', scriptPath: null},
				{name: 'gone', scriptPath: null},
			],
		};
		const findings = dumpSyncCheck.run(facts);
		expect(findings.map(f => [f.severity, f.title])).toEqual([
			['warning', 'A reboot would lose 1 running app(s): b'],
			['info', 'A reboot would bring back 1 app(s) that are not running: gone'],
		]);
		facts.host.dump = {
			...facts.host.dump,
			entries: [
				{name: 'a', scriptPath: null},
				{name: 'b', scriptPath: null},
			],
		};
		expect(dumpSyncCheck.run(facts)).toEqual([]);
	});

	it('startup-unit: none, another home, broken exec path', () => {
		const facts = buildFacts([a]);
		facts.host.startupUnits = [];
		expect(startupUnitCheck.run(facts)).toHaveLength(1);
		facts.host.startupUnits = [{path: '/etc/systemd/system/pm2-root.service', pm2Home: '/root/.pm2', execPath: '/usr/bin/pm2', execPathExists: true}];
		expect(startupUnitCheck.run(facts)[0]!.evidence.join('\n')).toContain('starts another home: /root/.pm2');
		facts.host.startupUnits = [{path: '/etc/systemd/system/pm2-app.service', pm2Home: home, execPath: '/old/node/bin/pm2', execPathExists: false}];
		expect(startupUnitCheck.run(facts)[0]!.title).toContain('missing PM2 or Node');
	});
});

describe('daemon-outdated checks', () => {
	it('daemon-version compares the title version with the installed one', () => {
		expect(compareVersions('7.0.4', '7.0.10')).toBeLessThan(0);
		const facts = buildFacts([]);
		facts.host.daemon = {...facts.host.daemon, runningVersion: '6.0.14', installedVersion: '7.0.4'};
		const [finding] = daemonVersionCheck.run(facts);
		expect(finding!.title).toBe('In-memory PM2 6.0.14 is older than the installed 7.0.4');
		facts.host.daemon = {...facts.host.daemon, runningVersion: '7.0.4'};
		expect(daemonVersionCheck.run(facts)).toEqual([]);
	});

	it('daemon-node: deleted executable', () => {
		const facts = buildFacts([]);
		facts.host.daemon = {...facts.host.daemon, nodeExecutable: '/usr/bin/node (deleted)', nodeExecutableDeleted: true};
		expect(daemonNodeCheck.run(facts)[0]!.severity).toBe('warning');
	});
});

describe('runChecks', () => {
	it('sorts by severity and turns a throwing check into an info finding', () => {
		const facts = buildFacts([]);
		const findings = runChecks(facts, [
			{
				id: 'boom',
				flows: ['log-bloat'],
				description: '',
				run: () => {
					throw new Error('bad');
				},
			},
			{
				id: 'err',
				flows: ['log-bloat'],
				description: '',
				run: () => [{id: 'err', severity: 'error', process: null, pmId: null, title: 't', evidence: [], flow: 'log-bloat'}],
			},
		]);
		expect(findings.map(f => [f.id, f.severity])).toEqual([
			['err', 'error'],
			['boom', 'info'],
		]);
	});
	void healthyHost;
});

import {describe, expect, it} from 'vitest';
import {renderReportMarkdown, type ReportInput} from '../../../source/headless/report-markdown.js';
import {parseSinceMs} from '../../../source/headless/report-command.js';
import type {RestartEvent} from '../../../source/model/restart-timeline.js';
import {isInert} from '../../../source/logs/sanitize-line.js';

const nowMs = Date.UTC(2026, 0, 1, 12);
const exit = (atMs: number, stderrTail: string[]): RestartEvent => ({
	id: atMs,
	pmId: 0,
	name: 'api\u001b]0;owned\u0007',
	exitAtMs: atMs,
	exitTimeSource: 'daemon-log',
	uptimeBeforeExitMs: 2000,
	exitCode: 1,
	signal: null,
	cause: {kind: 'exception', name: 'Error', message: 'connect ECONNREFUSED', topFrame: null},
	sigkillAfterMs: null,
	gaveUp: null,
	restartedAtMs: null,
	extraExits: 0,
	stderrTail,
	stderrMatchedByOrder: false,
	origin: 'live',
});

function input(overrides: Partial<ReportInput> = {}): ReportInput {
	return {
		generatedAtMs: nowMs,
		fromMs: nowMs - 3600_000,
		home: '/home/app/.pm2',
		host: 'web-1',
		doctorVersion: '0.1.0',
		pm2Version: '7.0.4',
		daemonNodeVersion: 'v20.20.2',
		daemonPid: 42,
		daemonUptimeMs: 86_400_000,
		recording: {firstSampleMs: nowMs - 3000_000, lastWriteMs: nowMs - 2000, intervalMs: 5000},
		findings: [],
		findingChanges: [],
		processes: [
			{
				name: 'api\u001b]0;owned\u0007',
				pmId: 0,
				status: 'online',
				restartCount: 40,
				restarts: Array.from({length: 15}, (_, index) =>
					exit(nowMs - 600_000 + index * 10_000, ['Error: connect ECONNREFUSED', 'DATABASE_URL=postgres://app:hunter2@db/x']),
				),
				memory: Array.from({length: 100}, (_, index) => ({
					atMs: nowMs - 3000_000 + index * 30_000,
					rssBytes: (100 + index) * 1024 * 1024,
					heapUsedBytes: null,
				})),
			},
		],
		lacks: [],
		actions: [],
		ecosystem: null,
		...overrides,
	};
}

describe('the incident report', () => {
	it('has the host, the history, the restarts with their log lines (bounded, masked) and a memory chart', () => {
		const text = renderReportMarkdown(input());
		expect(text).toContain('PM2 daemon: v7.0.4, pid 42');
		expect(text).toContain('History: recorded every 5 s since 2026-01-01 11:10:00 UTC');
		expect(text).toContain('15 exits; the last 10:');
		expect(text.match(/cause: uncaught Error: connect ECONNREFUSED/g)).toHaveLength(10);
		expect(text).not.toContain('hunter2');
		expect(text).toMatch(/RSS from 2026-01-01 11:10:00 UTC \(100 samples\)/);
		expect(text).toMatch(/^199 MB ┤/m);
		expect(text).toMatch(/^101 MB ┤/m);
		expect(text).toContain('(empty columns: nothing recorded then)');
	});

	it('makes every string from PM2 and the logs inert', () => {
		for (const line of renderReportMarkdown(input()).split('\n')) expect(isInert(line)).toBe(true);
	});

	it('lists what was done through pm2-doctor, and the ecosystem files with their lint and changes (inert, masked, fenced)', () => {
		const hostile = 'api\u001b]0;owned\u0007';
		const text = renderReportMarkdown(
			input({
				actions: [
					{atMs: nowMs - 60_000, action: 'restart', target: `"${hostile}" (2 instances)`, ok: true, result: `Restarted "${hostile}" (2 instances).`},
					{atMs: nowMs - 30_000, action: 'ecosystem-apply', target: '/srv/app/eco.config.js --only api', ok: false, result: 'pm2 failed: TOKEN=abc123'},
				],
				ecosystem: {
					files: [
						{
							file: '/srv/app/eco.config.js',
							processes: [hostile],
							lint: {
								loaded: true,
								counts: {error: 0, warning: 1, info: 0},
								findings: [{severity: 'warning', line: 4, appName: 'api', message: 'no max_memory_restart', ruleId: 'memory-limit'}],
							},
						},
					],
					changes: [
						{
							atMs: nowMs - 45_000,
							file: '/srv/app/eco.config.js',
							diffLines: ['@@ -1,2 +1,2 @@', "-  max_memory_restart: '200M',", "+  max_memory_restart: '300M', // ```` fence"],
							omittedLines: 3,
							after: 'file-now',
						},
					],
					otherFiles: ['old.config.js'],
					notFound: [],
				},
			}),
		);
		expect(text).toContain('## Done through pm2-doctor');
		expect(text).toMatch(/- 2026-01-01 11:59:00 UTC \*\*restart\*\* `` "api.*" \(2 instances\) ``: done, Restarted/);
		expect(text).toContain('**ecosystem-apply** `` /srv/app/eco.config.js --only api ``: FAILED, pm2 failed: TOKEN=****');
		expect(text).toContain('Lint: 0 error(s), 1 warning(s), 0 note(s).');
		expect(text).toContain('- warning (line 4, memory-limit): [api] no max_memory_restart');
		expect(text).toContain('- 2026-01-01 11:59:15 UTC saved `` /srv/app/eco.config.js `` (the diff runs up to the file as it is now):');
		// The fence is longer than any backtick run inside, so a diff line cannot close it.
		expect(text).toContain("  `````diff\n  @@ -1,2 +1,2 @@\n  -  max_memory_restart: '200M',");
		expect(text).toContain('  … 3 more diff lines\n  `````');
		expect(text).toContain('Also saved in the window, file not found now: `` old.config.js ``.');
		for (const line of text.split('\n')) expect(isInert(line)).toBe(true);
	});

	it('says when nothing was done through pm2-doctor', () => {
		expect(renderReportMarkdown(input())).toContain('Nothing was done through pm2-doctor in this window');
	});

	it('says when nothing was recorded', () => {
		expect(renderReportMarkdown(input({recording: null, processes: []}))).toContain('History: not recorded (run `pm2-doctor record --install`');
	});
});

describe('--since', () => {
	it.each([
		['90s', 90_000],
		['10m', 600_000],
		['2h', 7_200_000],
		['7d', 604_800_000],
	])('%s', (text, ms) => expect(parseSinceMs(text)).toBe(ms));
	it.each(['', '2', '8d', '-1h', 'soon'])('refuses %j', text => expect(parseSinceMs(text)).toBeNull());
});

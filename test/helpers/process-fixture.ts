// The one builder of complete ProcessSnapshot fixtures for the tests (the type: source/model/types.ts).
import type {ProcessSnapshot} from '../../source/model/types.js';

/**
 * A process snapshot with plausible defaults (an online fork-mode Node app at /srv/apps/<name>.js with
 * PM2's default restart settings); override what the test is about.
 */
export function makeProcess(overrides: Partial<ProcessSnapshot> & {pmId?: number; name?: string} = {}): ProcessSnapshot {
	const pmId = overrides.pmId ?? 0;
	const name = overrides.name ?? 'app';
	return {
		pmId,
		name,
		namespace: 'default',
		pid: 10_000 + pmId,
		status: 'online',
		execMode: 'fork',
		instances: 1,
		startedAtMs: Date.now() - 65_000,
		createdAtMs: Date.now() - 3_600_000,
		restartCount: 0,
		unstableRestartCount: 0,
		exitCode: null,
		cpuPercent: 1.5,
		rssBytes: 50 * 1024 * 1024,
		heapUsedBytes: 12 * 1024 * 1024,
		heapTotalBytes: 20 * 1024 * 1024,
		eventLoopP95Ms: 1.2,
		scriptPath: `/srv/apps/${name}.js`,
		cwd: '/srv/apps',
		interpreter: 'node',
		nodeArgs: [],
		args: [],
		nodeVersion: '20.20.2',
		autorestart: true,
		maxMemoryRestartBytes: null,
		minUptimeMs: 1000,
		maxRestarts: 16,
		killTimeoutMs: 1600,
		restartDelayMs: 0,
		expBackoffRestartDelayMs: null,
		listenTimeoutMs: null,
		waitReady: false,
		watch: false,
		ignoreWatch: [],
		cronRestart: null,
		outLogPath: `/root/.pm2/logs/${name}-out.log`,
		errLogPath: `/root/.pm2/logs/${name}-error.log`,
		combinedLogPath: null,
		mergeLogs: false,
		logDateFormat: null,
		env: {NODE_ENV: 'production'},
		launchPwd: '/srv/apps',
		fromConfigFile: false,
		username: 'app',
		version: '1.0.0',
		...overrides,
	};
}

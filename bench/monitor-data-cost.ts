// What one `getMonitorData` costs the daemon and the wire: it is the only RPC method that lists processes
// (lib/Daemon.js exposes no lighter listing, and its argument is ignored), and it answers with every
// process's whole pm2_env, the app's environment included. Measured here with sequential raw calls:
// answer bytes (its JSON), round-trip wall time, and the daemon's own CPU per call from /proc.
import {openDaemonLink} from '../source/pm2/daemon-link.js';
import {pm2HomePaths} from '../source/pm2/pm2-home.js';
import {sampleProcess, ticksPerSecond} from './proc-stat.js';
import {median} from './stats.js';

export type MonitorDataCost = {
	processes: number;
	answerBytes: number;
	/** Of which the apps' environments (pm2_env.env), the part that grows with the shell's environment. */
	envBytes: number;
	wallMs: number[];
	/** Daemon CPU per call, ms (utime+stime over all calls / calls). */
	daemonCpuMsPerCall: number;
	/** The same for `ping`, the transport's own floor. */
	daemonCpuMsPerPing: number;
};

export async function measureMonitorDataCost(home: string, daemonPid: number, calls: number): Promise<MonitorDataCost> {
	const link = await openDaemonLink(pm2HomePaths(home).rpcSocketPath, 5000);
	try {
		let answer: unknown = await link.call<unknown>('getMonitorData', [{}], 60_000);
		const wallMs: number[] = [];
		const cpuBefore = sampleProcess(daemonPid);
		for (let i = 0; i < calls; i++) {
			const startedAt = performance.now();
			answer = await link.call<unknown>('getMonitorData', [{}], 60_000);
			wallMs.push(performance.now() - startedAt);
		}
		const cpuAfter = sampleProcess(daemonPid);
		const pingBefore = sampleProcess(daemonPid);
		for (let i = 0; i < calls; i++) await link.call('ping', [{}], 10_000);
		const pingAfter = sampleProcess(daemonPid);
		const list = Array.isArray(answer) ? (answer as Array<{pm2_env?: {env?: unknown}}>) : [];
		const cpuMs = (from: typeof cpuBefore, to: typeof cpuBefore) => (from && to ? ((to.ticks - from.ticks) / ticksPerSecond / calls) * 1000 : Number.NaN);
		return {
			processes: list.length,
			answerBytes: Buffer.byteLength(JSON.stringify(answer)),
			envBytes: list.reduce((sum, entry) => sum + Buffer.byteLength(JSON.stringify(entry.pm2_env?.env ?? {})), 0),
			wallMs,
			daemonCpuMsPerCall: cpuMs(cpuBefore, cpuAfter),
			daemonCpuMsPerPing: cpuMs(pingBefore, pingAfter),
		};
	} finally {
		link.close();
	}
}

export function describeMonitorDataCost(cost: MonitorDataCost): string {
	return (
		`getMonitorData: ${cost.processes} processes, ${(cost.answerBytes / 1e6).toFixed(2)} MB per answer ` +
		`(${(cost.envBytes / 1e6).toFixed(2)} MB of it the apps' environments), ${median(cost.wallMs).toFixed(0)} ms median round trip, ` +
		`daemon CPU ${cost.daemonCpuMsPerCall.toFixed(0)} ms per call (ping ${cost.daemonCpuMsPerPing.toFixed(1)} ms)`
	);
}

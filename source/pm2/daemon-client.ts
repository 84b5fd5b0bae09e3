// The PM2 daemon as the rest of pm2-doctor sees it: attach (never spawn), list, act.
// Deadlines: reads 5 s, actions as the caller says (services/actions.ts: 30 s).
import type {ProcessSnapshot} from '../model/types.js';
import fs from 'node:fs/promises';
import type {InstanceCall} from '../services/actions.js';
import {DaemonUnreachableError, openDaemonLink, type DaemonLink} from './daemon-link.js';
import {mapProcessList} from './map-process.js';
import {pm2HomePaths} from './pm2-home.js';
import {probeDaemon, type DaemonProbe} from './probe-daemon.js';

export const readTimeoutMs = 5000;
/** pm2's own CLI waits this long for an action; a reload of a slow app takes its listen timeout and kill timeout. */
export const actionTimeoutMs = 30_000;
const connectTimeoutMs = 3000;

export type AttachOutcome = {ok: true; link: DaemonLink; probe: DaemonProbe} | {ok: false; probe: DaemonProbe; reason: string};

export class DaemonClient {
	private link: DaemonLink | null = null;
	private readonly paths;

	constructor(readonly home: string) {
		this.paths = pm2HomePaths(home);
	}

	get isAttached(): boolean {
		return this.link?.isOpen ?? false;
	}

	/** Probes the socket first so that nothing here can ever start a daemon. */
	async attach(onDetach: (reason: string) => void): Promise<AttachOutcome> {
		this.detach();
		const probe = await probeDaemon(this.home);
		if (probe.kind !== 'alive') return {ok: false, probe, reason: describeProbe(probe)};
		try {
			const link = await openDaemonLink(this.paths.rpcSocketPath, connectTimeoutMs);
			this.link = link;
			link.onClose(reason => {
				if (this.link === link) {
					this.link = null;
					onDetach(reason);
				}
			});
			return {ok: true, link, probe};
		} catch (error) {
			return {ok: false, probe, reason: (error as Error).message};
		}
	}

	detach(): void {
		const link = this.link;
		this.link = null;
		link?.close();
	}

	async listProcesses(timeoutMs = readTimeoutMs): Promise<ProcessSnapshot[]> {
		return mapProcessList(await this.requireLink().call<unknown>('getMonitorData', [{}], timeoutMs));
	}

	async daemonVersion(): Promise<string> {
		return String(await this.requireLink().call<unknown>('getVersion', [{}], readTimeoutMs));
	}

	/**
	 * The RPC `pm2 restart|reload|stop|start|reset|delete|sendSignal|scale` sends for one pm_id, including the
	 * notifyByProcessId that makes the daemon record the action as manual. Flush is what `pm2 flush NAME` does:
	 * it empties the log files (the daemon keeps them open, appending).
	 */
	async callProcess(pmId: number, call: InstanceCall, timeoutMs: number): Promise<void> {
		if (call.kind === 'flush') {
			await Promise.all(call.logPaths.map(logPath => fs.truncate(logPath, 0).catch(ignoreMissingFile)));
			return;
		}
		const link = this.requireLink();
		const [method, argument, notifyAs] = rpcOf(pmId, call);
		await link.call(method, [argument], timeoutMs);
		if (notifyAs) await link.call('notifyByProcessId', [{id: pmId, action_name: notifyAs, manually: true}], readTimeoutMs).catch(() => {});
	}

	private requireLink(): DaemonLink {
		if (!this.link?.isOpen) throw new DaemonUnreachableError(`PM2 daemon at ${this.home} is unreachable`);
		return this.link;
	}
}

function rpcOf(pmId: number, call: InstanceCall): [method: string, argument: unknown, notifyAs: string | null] {
	switch (call.kind) {
		// `pm2 start <id>` of an existing stopped app goes through restartProcessId too.
		case 'restart':
		case 'start':
			return ['restartProcessId', {id: pmId, env: {}}, 'restart'];
		case 'reload':
			return ['reloadProcessId', {id: pmId, env: {}}, 'reload'];
		case 'stop':
			return ['stopProcessId', pmId, 'stop'];
		case 'delete':
			return ['deleteProcessId', pmId, 'delete'];
		case 'reset':
			return ['resetMetaProcessId', pmId, null];
		case 'duplicate':
			return ['duplicateProcessId', pmId, null];
		case 'signal':
			return ['sendSignalToProcessId', {process_id: pmId, signal: call.signal}, null];
		case 'flush':
			throw new Error('flush is not an RPC');
	}
}

function ignoreMissingFile(error: NodeJS.ErrnoException): void {
	if (error.code !== 'ENOENT') throw error;
}

export function describeProbe(probe: DaemonProbe): string {
	switch (probe.kind) {
		case 'alive':
			return `PM2 daemon running at ${probe.home}`;
		case 'absent':
			return `No PM2 daemon is running at ${probe.home}`;
		case 'stale-socket':
			return probe.daemonPid === null
				? `No PM2 daemon answers at ${probe.home}: ${probe.socketPath} is a stale socket left by a daemon that died`
				: `No PM2 daemon answers at ${probe.home}: nothing listens on ${probe.socketPath}, though the daemon in pm2.pid (pid ${probe.daemonPid}) is running`;
		case 'not-a-socket':
			return (
				`No PM2 daemon answers at ${probe.home}: ${probe.socketPath} is a ${probe.fileType}, not a socket` +
				(probe.daemonPid === null ? '' : `; the daemon in pm2.pid (pid ${probe.daemonPid}) is running but cannot be reached through it`)
			);
		case 'permission-denied':
			return `Permission denied on the PM2 daemon at ${probe.home}: ${probe.detail}`;
		case 'error':
			return `Cannot reach the PM2 daemon at ${probe.home}: ${probe.detail}`;
	}
}

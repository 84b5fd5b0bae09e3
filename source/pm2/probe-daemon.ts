// Finds out whether a PM2 daemon answers at a home WITHOUT loading pm2: importing pm2,
// and almost every call of its API, starts a daemon when none runs (pm2-api-facts §1).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import {parseDaemonTitle} from './find-other-daemons.js';
import {pm2HomePaths} from './pm2-home.js';

export type DaemonProbe =
	| {kind: 'alive'; home: string; daemonPid: number | null}
	| {kind: 'absent'; home: string}
	/** A socket nobody listens on; `daemonPid` when pm2.pid still names a running PM2 daemon. */
	| {kind: 'stale-socket'; home: string; socketPath: string; daemonPid: number | null}
	/** Something other than a socket (a regular file, a folder) where rpc.sock should be. */
	| {kind: 'not-a-socket'; home: string; socketPath: string; fileType: string; daemonPid: number | null}
	| {kind: 'permission-denied'; home: string; socketPath: string; detail: string}
	| {kind: 'error'; home: string; detail: string};

export async function probeDaemon(home: string, timeoutMs = 2000): Promise<DaemonProbe> {
	const paths = pm2HomePaths(home);
	const outcome = await tryConnect(paths.rpcSocketPath, timeoutMs);
	switch (outcome.kind) {
		case 'connected':
			return {kind: 'alive', home, daemonPid: readDaemonPid(paths.pidFilePath)};
		case 'ENOENT':
			return {kind: 'absent', home};
		case 'ECONNREFUSED': {
			// Connecting to a regular file is refused too: look before calling it a socket.
			const daemonPid = runningDaemonPid(paths.pidFilePath);
			const fileType = fileTypeOf(paths.rpcSocketPath);
			if (fileType !== 'socket') return {kind: 'not-a-socket', home, socketPath: paths.rpcSocketPath, fileType, daemonPid};
			return {kind: 'stale-socket', home, socketPath: paths.rpcSocketPath, daemonPid};
		}
		case 'EACCES':
		case 'EPERM':
			return {kind: 'permission-denied', home, socketPath: paths.rpcSocketPath, detail: describeSocketOwnership(paths.rpcSocketPath)};
		default:
			return {kind: 'error', home, detail: outcome.kind};
	}
}

type ConnectOutcome = {kind: 'connected'} | {kind: string};

function tryConnect(socketPath: string, timeoutMs: number): Promise<ConnectOutcome> {
	return new Promise(resolve => {
		const socket = net.connect(socketPath);
		const timer = setTimeout(() => finish({kind: 'timed out'}), timeoutMs);
		function finish(outcome: ConnectOutcome) {
			clearTimeout(timer);
			socket.removeAllListeners();
			socket.on('error', () => {});
			socket.destroy();
			resolve(outcome);
		}
		socket.once('connect', () => finish({kind: 'connected'}));
		socket.once('error', (error: NodeJS.ErrnoException) => finish({kind: error.code ?? error.message}));
	});
}

export function readDaemonPid(pidFilePath: string): number | null {
	try {
		const pid = Number(fs.readFileSync(pidFilePath, 'utf8').trim());
		return Number.isInteger(pid) && pid > 0 ? pid : null;
	} catch {
		return null;
	}
}

/** The pid in pm2.pid when that process still runs and, where /proc tells, is a PM2 daemon. */
function runningDaemonPid(pidFilePath: string): number | null {
	const pid = readDaemonPid(pidFilePath);
	if (pid === null) return null;
	try {
		process.kill(pid, 0);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EPERM') return null; // EPERM: it runs, as another user
	}
	// pm2.pid outlives a daemon that died, and its pid may belong to another program by now.
	let cmdline: string;
	try {
		cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
	} catch {
		return pid; // no /proc here: the pid is all there is to go by
	}
	return parseDaemonTitle(cmdline) ? pid : null;
}

/** "socket", "regular file", "directory", … as `ls -l` would tell. */
function fileTypeOf(filePath: string): string {
	try {
		const stat = fs.statSync(filePath);
		if (stat.isSocket()) return 'socket';
		if (stat.isFile()) return 'regular file';
		if (stat.isDirectory()) return 'directory';
		if (stat.isFIFO()) return 'named pipe';
		if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'device file';
		return 'file of an unknown type';
	} catch (error) {
		return `file that cannot be inspected (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
	}
}

/** "rpc.sock is owned by uid 0 (root) mode 775; you are uid 1000 (app)". */
export function describeSocketOwnership(socketPath: string): string {
	const me = os.userInfo();
	let owner: string;
	try {
		const stat = fs.statSync(socketPath);
		owner = `owned by uid ${stat.uid}${userName(stat.uid)} mode ${(stat.mode & 0o777).toString(8)}`;
	} catch (error) {
		owner = `not readable (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
	}
	return `${socketPath} is ${owner}; you are uid ${me.uid} (${me.username})`;
}

function userName(uid: number): string {
	try {
		const line = fs
			.readFileSync('/etc/passwd', 'utf8')
			.split('\n')
			.find(entry => entry.split(':')[2] === String(uid));
		return line ? ` (${line.split(':')[0]})` : '';
	} catch {
		return '';
	}
}

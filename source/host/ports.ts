// Listening TCP sockets and the pids holding them (/proc/net/tcp{,6} and /proc/<pid>/fd), plus what a pid
// is (command line, PM2 identity from its environment). Read asynchronously with bounded concurrency.
import fs from 'node:fs/promises';
import path from 'node:path';
import type {ListeningSocket, PidInfo} from '../doctor/check-types.js';
import {hostReadConcurrency, mapBounded} from './bounded.js';

/** Parses /proc/net/tcp or tcp6 text: LISTEN (state 0A) sockets with port, address and inode. */
export function parseProcNetTcp(text: string, isV6: boolean): Array<Omit<ListeningSocket, 'ownerPids'>> {
	const sockets: Array<Omit<ListeningSocket, 'ownerPids'>> = [];
	for (const line of text.split('\n').slice(1)) {
		const fields = line.trim().split(/\s+/);
		if (fields.length < 10 || fields[3] !== '0A') continue;
		const [addressHex, portHex] = fields[1]!.split(':');
		if (!addressHex || !portHex) continue;
		sockets.push({port: Number.parseInt(portHex, 16), address: decodeAddress(addressHex, isV6), inode: Number(fields[9])});
	}
	return sockets;
}

function decodeAddress(hex: string, isV6: boolean): string {
	// The kernel prints each 32-bit word in host (little-endian) order.
	const words = hex.match(/.{8}/g) ?? [];
	const bytes = words.flatMap(word => (word.match(/../g) ?? []).reverse().map(b => Number.parseInt(b, 16)));
	if (!isV6) return bytes.join('.');
	if (bytes.slice(0, 10).every(b => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12).join('.');
	if (bytes.every(b => b === 0)) return '::';
	const groups: string[] = [];
	for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
	return groups.join(':');
}

/**
 * LISTEN sockets on TCP v4 and v6; the pids whose fds hold them only for `ownerPorts`. Finding an owner means
 * reading every fd link of every process on the host (thousands of readlinks, the largest part of a diagnosis
 * run's CPU), so it is done only for the ports someone asks about: those of an EADDRINUSE error.
 */
export async function readListeningSockets(
	procRoot = '/proc',
	ownerPorts: ReadonlySet<number> | Promise<ReadonlySet<number>> = new Set(),
): Promise<ListeningSocket[]> {
	const sockets: Array<Omit<ListeningSocket, 'ownerPids'>> = [];
	for (const [file, isV6] of [
		['net/tcp', false],
		['net/tcp6', true],
	] as const) {
		try {
			sockets.push(...parseProcNetTcp(await fs.readFile(path.join(procRoot, file), 'utf8'), isV6));
		} catch {
			// no IPv6, or no /proc
		}
	}
	const ports = await ownerPorts; // awaited here: the sockets are read while the ports are still being found
	const owners = await socketOwners(
		new Set(
			sockets
				.filter(s => ports.has(s.port))
				.map(s => s.inode)
				.filter(inode => inode > 0),
		),
		procRoot,
	);
	return sockets.map(s => ({...s, ownerPids: owners.get(s.inode) ?? []}));
}

/** Maps socket inodes to the pids holding them, from /proc/<pid>/fd links "socket:[inode]". */
async function socketOwners(inodes: Set<number>, procRoot: string): Promise<Map<number, number[]>> {
	const owners = new Map<number, number[]>();
	if (inodes.size === 0) return owners;
	await mapBounded(await listPids(procRoot), hostReadConcurrency, async pid => {
		const fdDir = path.join(procRoot, String(pid), 'fd');
		let fds: string[];
		try {
			fds = await fs.readdir(fdDir);
		} catch {
			return; // another user's process, or gone
		}
		for (const fd of fds) {
			let link: string;
			try {
				link = await fs.readlink(path.join(fdDir, fd));
			} catch {
				continue;
			}
			const match = /^socket:\[(\d+)\]$/.exec(link);
			if (!match) continue;
			const inode = Number(match[1]);
			if (!inodes.has(inode)) continue;
			const list = owners.get(inode) ?? [];
			if (!list.includes(pid)) list.push(pid);
			owners.set(inode, list);
		}
	});
	return owners;
}

/** The numeric entries of /proc. */
export async function listPids(procRoot = '/proc'): Promise<number[]> {
	try {
		return (await fs.readdir(procRoot)).filter(entry => /^\d+$/.test(entry)).map(Number);
	} catch {
		return [];
	}
}

/** Command line and PM2 identity (from the environment PM2 exports to its children) of a pid. */
export async function readPidInfo(pid: number, procRoot = '/proc'): Promise<PidInfo | null> {
	let commandLine: string;
	try {
		commandLine = (await fs.readFile(path.join(procRoot, String(pid), 'cmdline'), 'utf8')).split('\0').filter(Boolean).join(' ');
	} catch {
		return null;
	}
	let pm2Home: string | null = null;
	let pm2PmId: number | null = null;
	let pm2Name: string | null = null;
	try {
		for (const entry of (await fs.readFile(path.join(procRoot, String(pid), 'environ'), 'utf8')).split('\0')) {
			const eq = entry.indexOf('=');
			if (eq < 0) continue;
			const key = entry.slice(0, eq);
			const value = entry.slice(eq + 1);
			if (key === 'PM2_HOME') pm2Home = value;
			else if (key === 'pm_id' && /^\d+$/.test(value)) pm2PmId = Number(value);
			else if (key === 'name') pm2Name = value;
		}
	} catch {
		// environ is readable only for our own processes (or as root)
	}
	return {pid, commandLine, pm2Home, pm2PmId, pm2Name};
}

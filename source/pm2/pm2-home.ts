// Where the daemon we attach to lives. Mirrors PM2's own precedence (PM2_HOME, else ~/.pm2)
// with an explicit --pm2-home taking priority, and the file names PM2 uses inside it.
import os from 'node:os';
import path from 'node:path';

export type Pm2HomePaths = {
	home: string;
	rpcSocketPath: string;
	pubSocketPath: string;
	pidFilePath: string;
	daemonLogPath: string;
	dumpFilePath: string;
	moduleConfPath: string;
};

export function resolvePm2Home(flagValue: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
	const chosen = flagValue ?? env.PM2_HOME ?? path.join(env.HOME ?? os.homedir(), '.pm2');
	return path.resolve(chosen);
}

export function pm2HomePaths(home: string): Pm2HomePaths {
	return {
		home,
		rpcSocketPath: path.join(home, 'rpc.sock'),
		pubSocketPath: path.join(home, 'pub.sock'),
		pidFilePath: path.join(home, 'pm2.pid'),
		daemonLogPath: path.join(home, 'pm2.log'),
		dumpFilePath: path.join(home, 'dump.pm2'),
		moduleConfPath: path.join(home, 'module_conf.json'),
	};
}

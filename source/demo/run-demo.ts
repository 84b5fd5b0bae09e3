// `npm run demo`: an isolated PM2 daemon in its own temporary home with misbehaving sample
// apps, the UI attached to it, and the daemon killed when the UI exits. Never touches ~/.pm2:
// every pm2 command runs with PM2_HOME set to the temporary home.
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const packageRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
const appsDir = path.join(packageRoot, 'source', 'demo', 'apps');
const pm2Bin = path.join(packageRoot, 'node_modules', 'pm2', 'bin', 'pm2');
const cliPath = path.join(packageRoot, 'dist', 'source', 'bin.js');

export function demoEcosystem(appsDirectory: string): string {
	const app = (file: string) => JSON.stringify(path.join(appsDirectory, file));
	return `// Written by pm2-doctor's demo. Each app misbehaves in its own way.
module.exports = {
  apps: [
    { name: 'api', script: ${app('healthy-http.cjs')}, env: { PORT: '47180' }, max_memory_restart: '200M', kill_timeout: 3000 },
    { name: 'worker', script: ${app('crash-loop.cjs')}, env: { CRASH_AFTER_MS: '2500' } },
    { name: 'cache', script: ${app('slow-leak.cjs')}, max_memory_restart: '300M', env: { LEAK_KB_PER_TICK: '24' } },
    { name: 'access-log', script: ${app('noisy-logger.cjs')}, env: { LINES_PER_SECOND: '40' } },
    { name: 'billing', script: ${app('fails-at-start.cjs')} },
    { name: 'api-copy', script: ${app('healthy-http.cjs')}, env: { PORT: '47180' }, restart_delay: 4000 },
  ],
};
`;
}

function findPackageRoot(from: string): string {
	let dir = from;
	while (!fs.existsSync(path.join(dir, 'package.json'))) {
		const parent = path.dirname(dir);
		if (parent === dir) throw new Error('pm2-doctor demo: package.json not found above ' + from);
		dir = parent;
	}
	return dir;
}

async function main(): Promise<number> {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2-doctor-demo-'));
	const home = path.join(root, 'pm2-home');
	const workDir = path.join(root, 'app');
	fs.mkdirSync(home);
	fs.mkdirSync(workDir);
	// The apps run from a copy: under this repository's "type": "module", PM2 7 loads even .cjs
	// scripts with import() and swallows their load errors, so "fails at start" would look online.
	const demoAppsCopy = path.join(workDir, 'apps');
	fs.cpSync(appsDir, demoAppsCopy, {recursive: true});
	fs.writeFileSync(path.join(workDir, 'package.json'), JSON.stringify({name: 'pm2-doctor-demo', private: true}, null, 2));
	fs.writeFileSync(path.join(workDir, 'ecosystem.config.js'), demoEcosystem(demoAppsCopy));
	const env: NodeJS.ProcessEnv = {...process.env, PM2_HOME: home};
	delete env.PM2_PROGRAMMATIC;

	let cleanedUp = false;
	const cleanUp = () => {
		if (cleanedUp) return;
		cleanedUp = true;
		process.stderr.write(`demo: stopping the demo PM2 daemon (${home})\n`);
		spawnSync(process.execPath, [pm2Bin, 'kill'], {env, stdio: 'ignore', timeout: 20_000});
		fs.rmSync(root, {recursive: true, force: true});
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(signal, () => {
			cleanUp();
			process.exit(130);
		});
	}

	process.stderr.write(`demo: starting a PM2 daemon with sample apps in ${home}\n`);
	const started = spawnSync(process.execPath, [pm2Bin, 'start', 'ecosystem.config.js'], {
		env,
		cwd: workDir,
		encoding: 'utf8',
		timeout: 60_000,
	});
	if (!fs.existsSync(path.join(home, 'pm2.pid'))) {
		process.stderr.write(`demo: could not start the PM2 daemon: ${started.stderr || started.stdout}\n`);
		cleanUp();
		return 1;
	}
	// Let the crash loop and the port clash show up before the first frame.
	await new Promise(resolve => setTimeout(resolve, 1500));

	const uiArgs = [cliPath, '--pm2-home', home, ...process.argv.slice(2)];
	const code = await new Promise<number>(resolve => {
		const ui = spawn(process.execPath, uiArgs, {env, stdio: 'inherit'});
		ui.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
	});
	cleanUp();
	return code;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
	process.exitCode = await main();
}

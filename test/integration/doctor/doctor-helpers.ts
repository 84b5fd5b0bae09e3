// Shared pieces of the doctor integration tests.
import fs from 'node:fs';
import path from 'node:path';
import {Writable} from 'node:stream';
import {runCheckCommand, type CheckCommandOptions} from '../../../source/doctor/check-command.js';
import type {CheckReport} from '../../../source/doctor/check-report.js';
import {demoAppsDir} from '../../helpers/pm2-sandbox.js';

/** A Writable that keeps what runCheckCommand prints. */
export function capture(): {stream: Writable; text: () => string} {
	let text = '';
	return {
		stream: new Writable({
			write(chunk, _encoding, done) {
				text += String(chunk);
				done();
			},
		}),
		text: () => text,
	};
}

/** `pm2-doctor check --json` through the real daemon client: its exit code, its report and what it wrote on stderr. */
export async function runJsonCheck(
	pm2Home: string,
	options: Pick<CheckCommandOptions, 'sampleSeconds' | 'host'>,
): Promise<{exitCode: number; report: CheckReport; stderrText: string}> {
	const stdout = capture();
	const stderr = capture();
	const exitCode = await runCheckCommand({pm2Home, format: 'json', stdout: stdout.stream, stderr: stderr.stream, ...options});
	return {exitCode, report: JSON.parse(stdout.text()) as CheckReport, stderrText: stderr.text()};
}

/** Writes dir/file: an ecosystem file with one demo healthy-http app `name` listening on `port`. */
export function writeHttpAppEcosystem(dir: string, file: string, name: string, port: number, options: Record<string, unknown> = {}): void {
	writeAppEcosystem(dir, file, {name, script: path.join(demoAppsDir, 'healthy-http.cjs'), env: {PORT: String(port)}, ...options});
}

/** Writes dir/file: an ecosystem file with the one app `app`. */
export function writeAppEcosystem(dir: string, file: string, app: Record<string, unknown>): void {
	fs.writeFileSync(path.join(dir, file), `module.exports = {apps: [${JSON.stringify(app)}]};\n`);
}

/**
 * For an app that fails as it starts: PM2 marks it errored only after max_restarts exits each within
 * min_uptime (1 s by default), all within min_uptime × max_restarts of its creation. On a loaded machine
 * Node alone can take more than 1 s to start, every exit then counts as stable, and the app never becomes
 * errored. These settings keep "fails at start" unstable whatever the load.
 */
export const failsAtStartOptions = {min_uptime: 15_000, max_restarts: 3} as const;

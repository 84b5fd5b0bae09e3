// A PM2 sandbox running the apps of an ecosystem file written into its work folder: the setup of the
// editor's end-to-end tests (the file is what the editor opens, saves and applies).
import fs from 'node:fs';
import path from 'node:path';
import {expect} from 'vitest';
import {createPm2Sandbox, type Pm2Sandbox} from './pm2-sandbox.js';

export type EcosystemSandbox = {sandbox: Pm2Sandbox; file: string};

/** `bodyLines`: the lines between `module.exports = {` and `};`, as the file should read them (the editor shows their line numbers). */
export async function startEcosystemSandbox(prefix: string, bodyLines: string[]): Promise<EcosystemSandbox> {
	const sandbox = await createPm2Sandbox(prefix);
	const file = path.join(sandbox.workDir, 'ecosystem.config.js');
	fs.writeFileSync(file, ['module.exports = {', ...bodyLines, '};', ''].join('\n'));
	expect((await sandbox.pm2(['start', file])).code).toBe(0);
	return {sandbox, file};
}

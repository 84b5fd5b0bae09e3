// `pm2-doctor lint` through the built CLI (dist/source/bin.js): the exit codes README and --help promise are the
// ones the process returns, and usage errors exit 2 with one line on stderr.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {repoRoot, run} from '../../helpers/pm2-sandbox.js';

const bin = path.join(repoRoot, 'dist', 'source', 'bin.js');
let folder: string;

// Every option a fork-mode app needs to lint without warnings (notes only).
const cleanApp = {
	name: 'api',
	script: 'app.js',
	max_memory_restart: '300M',
	max_restarts: 10,
	min_uptime: '10s',
	exp_backoff_restart_delay: 100,
	kill_timeout: 5000,
	log_date_format: 'YYYY-MM-DD HH:mm:ss Z',
	env: {NODE_ENV: 'production'},
};

function writeConfig(name: string, content: string): string {
	const file = path.join(folder, name);
	fs.writeFileSync(file, content);
	return file;
}

const lint = (...args: string[]) => run(process.execPath, [bin, 'lint', ...args], {cwd: folder, timeoutMs: 30_000});

beforeAll(() => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-e2e-lint-'));
	fs.writeFileSync(path.join(folder, 'app.js'), '');
});
afterAll(() => fs.rmSync(folder, {recursive: true, force: true}));

describe('pm2-doctor lint exit codes (CLI) match README and --help', () => {
	it('documents 0 ok, 1 warnings or errors, 2 unloadable or usage error in both places', async () => {
		const readmeLine = fs
			.readFileSync(path.join(repoRoot, 'README.md'), 'utf8')
			.split('\n')
			.find(line => line.includes('pm2-doctor lint'));
		expect(readmeLine).toMatch(/exit 0 ok, 1 warnings or errors, 2 unloadable or usage error/);
		const help = await run(process.execPath, [bin, '--help']);
		expect(help.code).toBe(0);
		expect(help.stdout.replace(/\s+/g, ' ')).toMatch(
			/pm2-doctor lint \[FILE\] \[--json\] lint an ecosystem file \(exit 0 ok, 1 warnings or errors, 2 the file cannot be loaded or usage error\)/,
		);
	});

	it('exits 0 for a file with notes only', async () => {
		const file = writeConfig('clean.config.js', `module.exports = ${JSON.stringify({apps: [cleanApp]})};\n`);
		const result = await lint(file);
		expect(result.stdout).toContain('0 errors, 0 warnings');
		expect(result.code).toBe(0);
	});

	it('exits 1 for warnings only', async () => {
		const file = writeConfig('warn.config.js', `module.exports = ${JSON.stringify({apps: [{...cleanApp, env: undefined}]})};\n`);
		const result = await lint(file);
		expect(result.stdout).toMatch(/0 errors, 1 warning\b/);
		expect(result.code).toBe(1);
	});

	it("exits 1 for errors, as for warnings (ESLint's convention), also with --json", async () => {
		const file = writeConfig('error.config.js', `module.exports = ${JSON.stringify({apps: [{...cleanApp, max_memory_restart: '500MB'}]})};\n`);
		const text = await lint(file);
		expect(text.stdout).toMatch(/1 error\b/);
		expect(text.code).toBe(1);
		const json = await lint(file, '--json');
		expect(JSON.parse(json.stdout)).toMatchObject({loaded: true, exitCode: 1, counts: {error: 1}});
		expect(json.code).toBe(1);
	});

	it('exits 2 when the file cannot be loaded', async () => {
		const file = writeConfig('broken.config.js', 'module.exports = {apps: [\n');
		const result = await lint(file);
		expect(result.stdout).toContain('syntax error');
		expect(result.code).toBe(2);
		expect((await lint(path.join(folder, 'missing.config.js'))).code).toBe(2);
	});

	it('exits 2 with one line for usage errors: extra arguments, unknown options, --sample -5 as --sample=-5', async () => {
		const file = writeConfig('usage.config.js', `module.exports = ${JSON.stringify({apps: [cleanApp]})};\n`);
		const extra = await lint(file, 'other.config.js');
		expect(extra.code).toBe(2);
		expect(extra.stderr).toBe('pm2-doctor: unexpected argument for lint: "other.config.js" (see pm2-doctor --help)\n');
		expect(extra.stdout).toBe('');
		const unknown = await lint(file, '--bogus');
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toBe('pm2-doctor: unknown option --bogus (see pm2-doctor --help)\n');
		const status = await run(process.execPath, [bin, 'status', 'extra'], {cwd: folder});
		expect(status.code).toBe(2);
		expect(status.stderr).toBe('pm2-doctor: unexpected argument for status: "extra" (see pm2-doctor --help)\n');
		// An empty PM2 home: check refuses the value before it would look for a daemon.
		const home = path.join(folder, 'no-daemon');
		const spaced = await run(process.execPath, [bin, 'check', '--pm2-home', home, '--sample', '-5'], {cwd: folder});
		const joined = await run(process.execPath, [bin, 'check', '--pm2-home', home, '--sample=-5'], {cwd: folder});
		expect(spaced.code).toBe(2);
		expect(spaced.stderr).toBe(joined.stderr);
		expect(spaced.stderr.trim().split('\n')).toHaveLength(1);
	});
});

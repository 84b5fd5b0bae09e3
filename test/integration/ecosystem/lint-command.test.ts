// `pm2-doctor lint` on files that are not what they seem: devices and FIFOs (through the built CLI, which must
// return instead of reading forever), empty files, PM2 `static` entries, configs that start detached processes,
// and configs that print escape sequences.
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {isAlive, repoRoot, run, waitFor} from '../../helpers/pm2-sandbox.js';
import {runLintCommand} from '../../../source/ecosystem/lint-command.js';
import {loadEcosystemFile} from '../../../source/ecosystem/load-ecosystem-file.js';
import {isInert} from '../../../source/logs/sanitize-line.js';
import {loaderMarkerName} from '../../../source/ecosystem/sweep-marked-processes.js';

const bin = path.join(repoRoot, 'dist', 'source', 'bin.js');
let folder: string;
const write = (name: string, text: string | Buffer) => {
	const file = path.join(folder, name);
	fs.writeFileSync(file, text);
	return file;
};
// Gone, or a zombie waiting for init to reap it.
const isGone = (pid: number) => {
	if (!isAlive(pid)) return true;
	try {
		return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] === 'Z';
	} catch {
		return true;
	}
};

async function lintText(file: string, json = false): Promise<{code: number; out: string}> {
	let out = '';
	const code = await runLintCommand({file, json, write: text => (out += text), writeError: text => (out += text)});
	return {code, out};
}

beforeAll(() => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'eco-lint-cmd-'));
	fs.writeFileSync(path.join(folder, 'app.js'), '');
});
afterAll(() => fs.rmSync(folder, {recursive: true, force: true}));

describe('lint reads only regular files', () => {
	it('refuses /dev/zero at once (exit 2) instead of reading it forever', async () => {
		const startedAtMs = Date.now();
		const result = await run(process.execPath, [bin, 'lint', '/dev/zero'], {cwd: folder, timeoutMs: 20_000});
		expect(result.stdout).toContain('Not a regular file (a device)');
		expect(result.code).toBe(2);
		expect(Date.now() - startedAtMs).toBeLessThan(15_000);
	});

	it('refuses a FIFO nobody writes to (exit 2) instead of blocking', async () => {
		const fifo = path.join(folder, 'pipe.config.js');
		const made = await run('mkfifo', [fifo]);
		expect(made.code).toBe(0);
		const result = await run(process.execPath, [bin, 'lint', fifo], {cwd: folder, timeoutMs: 20_000});
		expect(result.stdout).toContain('Not a regular file (a named pipe (FIFO))');
		expect(result.code).toBe(2);
	});

	it('refuses a file over the size cap without evaluating it', async () => {
		const file = write('big.config.js', `// ${'x'.repeat(2048)}\nmodule.exports = {apps: []};\n`);
		expect(await loadEcosystemFile(file, {maxFileBytes: 1024})).toMatchObject({ok: false, kind: 'file-too-large', capBytes: 1024});
	});
});

describe('lint of files without apps', () => {
	it.each([
		['empty.json', ''],
		['empty.config.js', ''],
		['bom.json', '\uFEFF'],
		['bom.config.js', '\uFEFF\n'],
		['exports-nothing.config.js', 'module.exports = {};\n'],
	])('%s says "no apps", not a syntax error or "script is required"', async (name, content) => {
		const {code, out} = await lintText(write(name, content), true);
		const report = JSON.parse(out);
		expect(report.findings.map((finding: {ruleId: string; message: string}) => [finding.ruleId, finding.message.includes('defines no apps')])).toEqual([
			['no-apps', true],
		]);
		expect(report.loaded).toBe(true);
		expect(code).toBe(1);
	});
});

describe('lint of PM2 static entries', () => {
	it('lints {"static": [...]} as file servers, not as apps missing "script"', async () => {
		fs.mkdirSync(path.join(folder, 'public'), {recursive: true});
		const file = write('static.json', JSON.stringify({static: [{path: './public', port: 8081}]}));
		const {code, out} = await lintText(file, true);
		const report = JSON.parse(out);
		expect(report.findings).toEqual([]);
		expect(report.appNames).toEqual(['static-page-server-8081']);
		expect(code).toBe(0);
	});

	it('reports what goes wrong with static entries: a missing folder, a bad port, keys PM2 never reads', async () => {
		const file = write('static-bad.json', JSON.stringify({apps: [], static: [{path: './nowhere', port: 'http', script: 'x.js'}]}));
		const {code, out} = await lintText(file, true);
		const ids = (JSON.parse(out).findings as Array<{ruleId: string}>).map(finding => finding.ruleId).sort();
		expect(ids).toEqual(['static-path', 'static-port', 'static-unknown-key']);
		expect(out).not.toContain('"script" is required');
		expect(code).toBe(1);
	});
});

describe('processes a config starts while being loaded', () => {
	it('are all ended when lint returns, also detached ones and ones in a new session (setsid)', async () => {
		const pidFile = path.join(folder, 'detached.pids');
		const file = write(
			'detached.config.js',
			[
				"const {spawn} = require('child_process');",
				"const detached = spawn('sleep', ['300'], {detached: true, stdio: 'ignore'});",
				'detached.unref();',
				"const session = spawn('setsid', ['sleep', '301'], {stdio: 'ignore'});",
				'session.unref();',
				`require('fs').writeFileSync(${JSON.stringify(pidFile)}, detached.pid + ' ' + session.pid);`,
				"module.exports = {apps: [{name: 'd', script: 'app.js'}]};",
			].join('\n'),
		);
		// Not started by the loader, marked with another token: must survive the sweep.
		const bystander = spawn('sleep', ['300'], {detached: true, stdio: 'ignore', env: {...process.env, [loaderMarkerName]: 'not-this-load'}});
		try {
			const {out} = await lintText(file);
			expect(out).toContain('[d]');
			const pids = fs.readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
			expect(pids).toHaveLength(2);
			// setsid may exec sleep in place or fork it: wait for whichever pid it left.
			await waitFor(() => pids.every(isGone) || null, {timeoutMs: 5000}).catch(() => null);
			expect(pids.map(pid => [pid, isGone(pid)])).toEqual(pids.map(pid => [pid, true]));
			expect(isAlive(bystander.pid!)).toBe(true);
		} finally {
			bystander.kill('SIGKILL');
			// Without the sweep they would outlive the test: end them by pid.
			const leftover = fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8').trim().split(' ').map(Number) : [];
			for (const pid of leftover.filter(pid => pid > 0 && !isGone(pid))) process.kill(pid, 'SIGKILL');
		}
	});
});

describe('what a config prints', () => {
	it('is shown with the findings, every control made inert, in text and in --json', async () => {
		const file = write(
			'prints.config.js',
			"console.log('\\u001b[31mred\\u001b]0;title\\u0007 and \\u001b]52;c;Y2xpcA==\\u0007');\nmodule.exports = {apps: [{name: 'evil\\u001b[2J', script: 'app.js'}]};\n",
		);
		const text = await lintText(file);
		expect(text.out).toContain('the file printed while loading:');
		expect(text.out).toContain('| ^[[31mred^[]0;title^G and ^[]52;c;Y2xpcA==^G');
		expect(text.out).toContain('[evil^[[2J]');
		expect(text.out.split('\n').every(isInert)).toBe(true);
		const json = await lintText(file, true);
		const report = JSON.parse(json.out);
		expect(report.consoleOutput).toEqual(['^[[31mred^[]0;title^G and ^[]52;c;Y2xpcA==^G']);
		expect(report.appNames).toEqual(['evil^[[2J']);
		expect(JSON.stringify(report).includes('\\u001b')).toBe(false);
	});
});

// The loader runs real child `node` processes: syntax errors with file:line:column, exceptions, endless loops
// (killed at the timeout), huge exports (capped), JSON evaluated as JavaScript like PM2 does, YAML parsed only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {isAlive, waitFor} from '../../helpers/pm2-sandbox.js';
import {formatLoadError, loadEcosystemFile} from '../../../source/ecosystem/load-ecosystem-file.js';
import {runLintCommand} from '../../../source/ecosystem/lint-command.js';

let folder: string;
const processState = (pid: number) => {
	try {
		return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] ?? null;
	} catch {
		return null;
	}
};
const write = (name: string, text: string) => {
	const file = path.join(folder, name);
	fs.writeFileSync(file, text);
	return file;
};
beforeAll(() => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'eco-load-'));
});
afterAll(() => fs.rmSync(folder, {recursive: true, force: true}));

describe('loadEcosystemFile', () => {
	it('loads a JS config, keeps what it prints apart, and tags values JSON cannot carry', async () => {
		const file = write('ok.config.js', "console.log('side effect');\nmodule.exports = {apps: [{name: 'a', script: 'a.js', ignore_watch: [/logs/]}]};\n");
		const result = await loadEcosystemFile(file);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.apps).toEqual([{name: 'a', script: 'a.js', ignore_watch: [{__pm2doctor: 'regexp', value: '/logs/'}]}]);
		expect(result.consoleOutput).toBe('side effect\n');
	});

	it('reports a syntax error with file:line:column', async () => {
		const file = write('bad.config.js', "module.exports = {\n  apps: [{\n    name: 'a'\n    script: 'a.js',\n  }],\n};\n");
		const result = await loadEcosystemFile(file);
		expect(result).toMatchObject({ok: false, kind: 'syntax', line: 4, column: 5});
		if (result.ok) return;
		expect(formatLoadError(result)).toBe(`${file}:4:5: syntax error: Unexpected identifier 'script'`);
	});

	it('reports an exception with the line it was thrown at', async () => {
		const file = write('throws.config.js', "const port = 1;\nthrow new Error('no DATABASE_URL');\n");
		const result = await loadEcosystemFile(file);
		expect(result).toMatchObject({ok: false, kind: 'exception', line: 2, message: 'no DATABASE_URL'});
	});

	it('kills an endless loop at the timeout, including children it spawned', async () => {
		const pidFile = path.join(folder, 'child.pid');
		const file = write(
			'loop.config.js',
			`const {spawn} = require('child_process');\nconst c = spawn(process.execPath, ['-e', 'setInterval(()=>{},1000)'], {stdio: 'ignore'});\nrequire('fs').writeFileSync(${JSON.stringify(pidFile)}, String(c.pid));\nwhile (true) {}\n`,
		);
		const startedAtMs = Date.now();
		const result = await loadEcosystemFile(file, {timeoutMs: 1500});
		expect(result).toMatchObject({ok: false, kind: 'timeout', timeoutMs: 1500});
		expect(Date.now() - startedAtMs).toBeLessThan(10_000);
		const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
		// A killed orphan may linger as a zombie until init reaps it: zombies count as gone. The kill is sent
		// before the result, but a loaded machine may take a moment to carry it out.
		const gone = () => !isAlive(grandchild) || processState(grandchild) === 'Z';
		await waitFor(gone, {what: `pid ${grandchild} to end`, timeoutMs: 5000}).catch(() => {});
		expect(gone()).toBe(true);
	});

	it('does not wait for handles the file leaves open (pm2 exits after loading too)', async () => {
		const file = write('timer.config.js', "setInterval(() => {}, 1000);\nmodule.exports = {apps: [{name: 't', script: 't.js'}]};\n");
		expect(await loadEcosystemFile(file, {timeoutMs: 3000})).toMatchObject({ok: true, apps: [{name: 't'}]});
	});

	it('reports a file that exits without exporting anything', async () => {
		const file = write('exits.config.js', "console.log('bye');\nprocess.exit(0);\n");
		const result = await loadEcosystemFile(file);
		expect(result).toMatchObject({ok: false, kind: 'exception'});
		expect(!result.ok && result.message).toContain('exited before exporting');
	});

	it('refuses an export larger than the output cap', async () => {
		const file = write('huge.config.js', "module.exports = {apps: [{name: 'x'.repeat(4 * 1024 * 1024), script: 'a.js'}]};\n");
		const result = await loadEcosystemFile(file, {outputCapBytes: 1024 * 1024});
		expect(result).toMatchObject({ok: false, kind: 'output-too-large', capBytes: 1024 * 1024});
	});

	it('evaluates .json as a JavaScript expression like PM2 (comments, trailing commas, code all run)', async () => {
		const file = write('ecosystem.json', "{\n  // PM2 accepts this\n  apps: [{name: 'j', script: 'j.js', instances: 1 + 1,}],\n}\n");
		const result = await loadEcosystemFile(file);
		expect(result.ok && result.apps).toEqual([{name: 'j', script: 'j.js', instances: 2}]);
		const bad = write('bad.json', '{\n  "apps": [{"name": "j"\n  "script": "j.js"}]\n}\n');
		expect(await loadEcosystemFile(bad)).toMatchObject({ok: false, kind: 'syntax', line: 3, column: 3});
	});

	it('parses YAML without executing it and reports YAML errors with a position', async () => {
		const file = write('process.yml', "apps:\n  - name: y\n    script: y.js\n    args: !!js/function 'function(){}'\n");
		const result = await loadEcosystemFile(file);
		expect(result.ok).toBe(true);
		const bad = write('bad.yml', 'apps:\n  - name: y\n   script: [\n');
		expect(await loadEcosystemFile(bad)).toMatchObject({ok: false, kind: 'syntax', line: expect.any(Number)});
	});

	it("gives the file a minimal environment, not pm2-doctor's", async () => {
		process.env.PM2_DOCTOR_TEST_SECRET = 'do-not-leak';
		try {
			const file = write(
				'env.config.js',
				"module.exports = {apps: [{name: 'e', script: 'e.js', env: {SEEN: process.env.PM2_DOCTOR_TEST_SECRET || 'absent', HOME: process.env.HOME}}]};\n",
			);
			const result = await loadEcosystemFile(file, {pm2Home: '/tmp/pm2-home-x'});
			expect(result.ok && result.apps[0]!.env).toEqual({SEEN: 'absent', HOME: process.env.HOME});
		} finally {
			delete process.env.PM2_DOCTOR_TEST_SECRET;
		}
	});

	it('validates an unsaved buffer in place of the file content', async () => {
		const file = write('buffer.config.js', "module.exports = {apps: [{name: 'old', script: 'a.js'}]};\n");
		const result = await loadEcosystemFile(file, {sourceOverride: "module.exports = {apps: [{name: 'new', script: 'a.js'}]};\n"});
		expect(result.ok && result.apps[0]!.name).toBe('new');
		const broken = await loadEcosystemFile(file, {sourceOverride: 'module.exports = {\n  apps: [,\n'});
		expect(broken).toMatchObject({ok: false, kind: 'syntax'});
	});
});

describe('ESM ecosystem files', () => {
	it('loads .config.mjs (require(esm), default export) and validates an ESM buffer with a syntax position', async () => {
		const file = write('esm.config.mjs', "export default {apps: [{name: 'm', script: 'm.js'}]};\n");
		expect(await loadEcosystemFile(file)).toMatchObject({ok: true, format: 'mjs', apps: [{name: 'm', script: 'm.js'}]});
		const buffer = await loadEcosystemFile(file, {sourceOverride: "export default {apps: [{name: 'edited', script: 'm.js'}]};\n"});
		expect(buffer.ok && buffer.apps[0]!.name).toBe('edited');
		expect(await loadEcosystemFile(file, {sourceOverride: 'export default {apps: [\n'})).toMatchObject({ok: false, kind: 'syntax', line: 2, column: 1});
	});
});

describe('runLintCommand', () => {
	it('prints findings with positions and exits 1 on errors, 2 when the file does not load; --json is machine-readable', async () => {
		fs.writeFileSync(path.join(folder, 'app.js'), '');
		const file = write('lint.config.js', "module.exports = {apps: [{\n  name: 'api',\n  script: 'app.js',\n  max_memory_restart: '500MB',\n}]};\n");
		let out = '';
		const code = await runLintCommand({file, json: false, write: text => (out += text)});
		expect(code).toBe(1);
		expect(out).toContain('error   4:3 [api] "max_memory_restart": "500MB" is rejected by PM2');
		let json = '';
		expect(await runLintCommand({file, json: true, write: text => (json += text)})).toBe(1);
		const parsed = JSON.parse(json);
		expect(parsed.findings.some((finding: {ruleId: string; line: number}) => finding.ruleId === 'schema' && finding.line === 4)).toBe(true);
		const broken = write('broken.config.js', 'module.exports = {');
		let brokenOut = '';
		expect(await runLintCommand({file: broken, json: false, write: text => (brokenOut += text)})).toBe(2);
		expect(brokenOut).toContain('syntax error');
	});
});

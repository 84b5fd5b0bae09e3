// Saving keeps what it does not mean to change: CRLF line endings and a BOM survive an edit through the editor's
// buffer, a file without write permission is refused (not silently replaced), and recovery files are pruned.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {repoRoot, run} from '../../helpers/pm2-sandbox.js';
import {openEcosystemFile, saveEcosystemFile} from '../../../source/ecosystem/save-ecosystem-file.js';
import {createTextBuffer, getText, insertText, isModified, markSaved, setCursor} from '../../../source/ecosystem/text-buffer.js';

let root: string;
let appDir: string;
let backupDir: string;
beforeEach(() => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'eco-save-keeps-'));
	appDir = path.join(root, 'app');
	backupDir = path.join(root, 'pm2-home', 'pm2-doctor', 'backups');
	fs.mkdirSync(appDir);
});
afterEach(() => fs.rmSync(root, {recursive: true, force: true}));

const crlfConfig = ['module.exports = {', '  apps: [{', "    name: 'api',", "    script: 'app.js',", '  }],', '};', ''].join('\r\n');

// Edits the file the way the editor does: buffer from the opened text, a typed line, getText() to save.
function editedThroughBuffer(text: string): string {
	const buffer = insertText(setCursor(createTextBuffer(text), {line: 3, column: 0}), "    max_memory_restart: '300M',\n");
	return getText(buffer);
}

describe("saving keeps the file's conventions", () => {
	it('keeps CRLF line endings: every line of the saved file ends in CRLF, including the new one', async () => {
		const file = path.join(appDir, 'ecosystem.config.js');
		fs.writeFileSync(file, crlfConfig);
		const opened = openEcosystemFile(file);
		const result = await saveEcosystemFile(opened, editedThroughBuffer(opened.text), {backupDir, validation: null});
		expect(result.ok).toBe(true);
		const saved = fs.readFileSync(file, 'utf8');
		expect(saved).toBe(
			['module.exports = {', '  apps: [{', "    name: 'api',", "    max_memory_restart: '300M',", "    script: 'app.js',", '  }],', '};', ''].join('\r\n'),
		);
		expect(saved.replace(/\r\n/g, '').includes('\n')).toBe(false);
		// The diff shows the one changed line, not every line's ending.
		expect(result.ok && result.diff.split('\n').filter(line => /^[+-][^+-]/.test(line))).toEqual(["+    max_memory_restart: '300M',"]);
		// After the save the buffer is unmodified again, although disk has CRLF and the buffer LF.
		expect(result.ok && isModified(markSaved(createTextBuffer(saved), result.opened.text))).toBe(false);
	});

	it('keeps a UTF-8 byte-order mark, which the buffer does not show', async () => {
		const file = path.join(appDir, 'ecosystem.json');
		const withBom = '\uFEFF{\n  "apps": [{\n    "name": "api",\n    "script": "app.js"\n  }]\n}\n';
		fs.writeFileSync(file, withBom);
		const opened = openEcosystemFile(file);
		const buffer = createTextBuffer(opened.text);
		expect(buffer.lines[0]).toBe('{');
		const edited = getText(insertText(setCursor(buffer, {line: 3, column: 0}), '    "max_memory_restart": "300M",\n'));
		const result = await saveEcosystemFile(opened, edited, {backupDir, validation: null});
		expect(result.ok).toBe(true);
		const bytes = fs.readFileSync(file);
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(bytes.toString('utf8')).toBe('\uFEFF{\n  "apps": [{\n    "name": "api",\n    "max_memory_restart": "300M",\n    "script": "app.js"\n  }]\n}\n');
	});

	it('says "no changes" for an untouched CRLF file instead of rewriting it as LF', async () => {
		const file = path.join(appDir, 'ecosystem.config.js');
		fs.writeFileSync(file, crlfConfig);
		const opened = openEcosystemFile(file);
		expect(await saveEcosystemFile(opened, getText(createTextBuffer(opened.text)), {backupDir, validation: null})).toMatchObject({
			ok: false,
			reason: 'unchanged',
		});
		expect(fs.readFileSync(file, 'utf8')).toBe(crlfConfig);
	});
});

describe('saving a read-only file', () => {
	it('refuses a 0444 file in a writable folder, changes nothing, keeps the text in a recovery file and says why', async () => {
		const file = path.join(appDir, 'ecosystem.config.js');
		fs.writeFileSync(file, crlfConfig);
		fs.chmodSync(file, 0o444);
		const inodeBefore = fs.statSync(file).ino;
		const opened = openEcosystemFile(file);
		const result = await saveEcosystemFile(opened, editedThroughBuffer(opened.text), {backupDir, validation: null});
		expect(result).toMatchObject({ok: false, reason: 'read-only-file'});
		if (result.ok || result.reason !== 'read-only-file') return;
		expect(result.message).toContain('read-only (mode 0444)');
		expect(result.message).toContain(result.recoveryPath!);
		expect(fs.readFileSync(result.recoveryPath!, 'utf8')).toContain("max_memory_restart: '300M'");
		const stat = fs.statSync(file);
		expect([stat.ino, stat.mode & 0o777]).toEqual([inodeBefore, 0o444]);
		expect(fs.readFileSync(file, 'utf8')).toBe(crlfConfig);
	});

	it('replaces it when the user accepted that, and the file stays read-only', async () => {
		const file = path.join(appDir, 'ecosystem.config.js');
		fs.writeFileSync(file, crlfConfig);
		fs.chmodSync(file, 0o444);
		const opened = openEcosystemFile(file);
		const result = await saveEcosystemFile(opened, editedThroughBuffer(opened.text), {backupDir, validation: null, replaceReadOnlyFile: true});
		expect(result).toMatchObject({ok: true});
		expect(fs.readFileSync(file, 'utf8')).toContain("max_memory_restart: '300M'");
		expect(fs.statSync(file).mode & 0o777).toBe(0o444);
	});
});

describe('recovery files', () => {
	it('are pruned per file like backups: refused saves never keep more than the limit', async () => {
		const file = path.join(appDir, 'ecosystem.config.js');
		fs.writeFileSync(file, crlfConfig);
		const opened = openEcosystemFile(file);
		fs.writeFileSync(file, crlfConfig + '// changed by someone else\r\n');
		const recoveryPaths: string[] = [];
		for (let attempt = 0; attempt < 8; attempt++) {
			const result = await saveEcosystemFile(opened, `// attempt ${attempt}\n`, {backupDir, validation: null, keepBackups: 3});
			expect(result).toMatchObject({ok: false, reason: 'conflict'});
			if (!result.ok && result.reason === 'conflict') recoveryPaths.push(result.recoveryPath!);
		}
		const recoveryDir = path.dirname(recoveryPaths[0]!);
		const kept = fs.readdirSync(recoveryDir).sort();
		expect(kept).toHaveLength(3);
		// The newest ones are kept, the latest attempt among them.
		expect(kept.map(name => path.join(recoveryDir, name))).toEqual(recoveryPaths.slice(-3));
		expect(fs.readFileSync(recoveryPaths.at(-1)!, 'utf8')).toBe('// attempt 7\r\n');
	});
});

describe('opening for editing', () => {
	// In a child process: a regression blocks or grows that process, which the timeout ends, not the test runner.
	async function openInChild(target: string): Promise<string> {
		const probe = path.join(root, 'open-probe.mts');
		const moduleUrl = new URL(`file://${path.join(repoRoot, 'source', 'ecosystem', 'save-ecosystem-file.ts')}`).href;
		fs.writeFileSync(
			probe,
			`import {openEcosystemFile} from ${JSON.stringify(moduleUrl)};\ntry { openEcosystemFile(process.argv[2]); console.log('opened'); } catch (error) { console.log('refused: ' + error.message); }\n`,
		);
		const result = await run(process.execPath, ['--import', 'tsx', probe, target], {cwd: repoRoot, timeoutMs: 20_000});
		return result.stdout.trim() || `no answer (exit ${result.code})`;
	}

	it('refuses a FIFO and a device at once instead of blocking or reading forever', async () => {
		const fifo = path.join(appDir, 'ecosystem.config.js');
		expect((await run('mkfifo', [fifo])).code).toBe(0);
		expect(await openInChild(fifo)).toBe('refused: not a regular file; only regular files can be edited');
		expect(await openInChild('/dev/zero')).toBe('refused: not a regular file; only regular files can be edited');
		fs.rmSync(fifo);
		fs.writeFileSync(fifo, crlfConfig);
		expect(await openInChild(fifo)).toBe('opened');
	});
});

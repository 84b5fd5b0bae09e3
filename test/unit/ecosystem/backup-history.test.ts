import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {writeBackup} from '../../../source/ecosystem/backup-files.js';
import {boundedDiff, maskConfigLine, otherBackedUpFiles, readEcosystemChanges} from '../../../source/ecosystem/backup-history.js';

let folder: string;
let backupDir: string;
beforeEach(() => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-backup-history-'));
	backupDir = path.join(folder, 'home', 'pm2-doctor', 'backups');
});
afterEach(() => {
	vi.useRealTimers();
	fs.rmSync(folder, {recursive: true, force: true});
});

const config = (memory: string, token: string) =>
	`module.exports = {\n  apps: [{\n    name: 'api',\n    script: 'server.js',\n    max_memory_restart: '${memory}',\n    env: {API_TOKEN: '${token}', PORT: 3000},\n  }],\n};\n`;

/** A save at `atMs`, as save-ecosystem-file.ts does it: the version on disk goes to the backups, then the new text. */
function saveAt(file: string, atMs: number, text: string): void {
	vi.setSystemTime(atMs);
	writeBackup(backupDir, {realPath: fs.realpathSync(file)}, fs.readFileSync(file));
	fs.writeFileSync(file, text);
}

describe('ecosystem changes from the backups', () => {
	it('gives each save in the window as a diff to the next version, with secret values masked', () => {
		vi.useFakeTimers({toFake: ['Date']});
		const file = path.join(folder, 'ecosystem.config.js');
		fs.writeFileSync(file, config('200M', 'tok-one-1111'));
		const t1 = Date.UTC(2026, 0, 1, 10);
		const t2 = t1 + 3600_000;
		saveAt(file, t1, config('300M', 'tok-two-2222'));
		saveAt(file, t2, config('400M', 'tok-two-2222'));

		const all = readEcosystemChanges(backupDir, [file], 0);
		expect(all.map(change => [change.atMs, change.after])).toEqual([
			[t1, 'next-backup'],
			[t2, 'file-now'],
		]);
		expect(all[0]!.diffLines).toContain("-    max_memory_restart: '200M',");
		expect(all[0]!.diffLines).toContain("+    max_memory_restart: '300M',");
		expect(all[0]!.diffLines).toContain("-    env: {API_TOKEN: '****', PORT: 3000},");
		expect(all[1]!.diffLines).toContain("+    max_memory_restart: '400M',");
		expect(JSON.stringify(all)).not.toMatch(/tok-one|tok-two/);

		const inWindow = readEcosystemChanges(backupDir, [file], t1 + 1);
		expect(inWindow).toHaveLength(1);
		expect(inWindow[0]!.atMs).toBe(t2);
	});

	it('says when the file is gone, and names backed-up files it was not asked about', () => {
		vi.useFakeTimers({toFake: ['Date']});
		const file = path.join(folder, 'ecosystem.config.js');
		const other = path.join(folder, 'other.config.js');
		fs.writeFileSync(file, config('200M', 'a'));
		fs.writeFileSync(other, config('200M', 'a'));
		saveAt(file, 5000, config('300M', 'a'));
		saveAt(other, 6000, config('300M', 'a'));
		const realFile = fs.realpathSync(file);
		fs.rmSync(file);
		expect(readEcosystemChanges(backupDir, [realFile], 0)[0]!.after).toBe('missing');
		expect(otherBackedUpFiles(backupDir, [other], 0)).toEqual(['ecosystem.config.js']);
		expect(otherBackedUpFiles(backupDir, [other], 5500)).toEqual([]);
	});

	it('bounds a long diff and says how much was left out', () => {
		const before = Array.from({length: 100}, (_, index) => `line ${index}`).join('\n');
		const after = Array.from({length: 100}, (_, index) => `changed ${index}`).join('\n');
		const diff = boundedDiff('ecosystem.config.js', before, after, 40);
		expect(diff.diffLines).toHaveLength(40);
		expect(diff.omittedLines).toBe(201 - 40);
		expect(boundedDiff('x', 'same', 'same')).toEqual({diffLines: [], omittedLines: 0});
	});

	it('masks secret-looking values in JS, JSON and YAML lines, and URL passwords', () => {
		expect(maskConfigLine(`+  "DB_PASSWORD": "hunter2", "PORT": "80"`)).toBe(`+  "DB_PASSWORD": "****", "PORT": "80"`);
		expect(maskConfigLine('+      SECRET_KEY: abc123')).toBe('+      SECRET_KEY: ****');
		expect(maskConfigLine("-  args: '--token=abc DATABASE_URL=postgres://u:pw@db/x'")).not.toMatch(/abc|pw@/);
		expect(maskConfigLine("   name: 'api', max_memory_restart: '300M',")).toBe("   name: 'api', max_memory_restart: '300M',");
	});
});

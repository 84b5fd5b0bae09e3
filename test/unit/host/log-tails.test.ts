import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createErrorLogTailReader} from '../../../source/host/log-tails.js';
import {readFileTail} from '../../../source/logs/read-file-tail.js';
import {makeProcess} from '../../helpers/process-fixture.js';

describe('error-log tails remembered between diagnosis runs', () => {
	let dir: string;
	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-logtails-'));
	});
	afterAll(() => fs.rmSync(dir, {recursive: true, force: true}));

	it('reads a file again only when it changed, and never reads an empty one', async () => {
		const files = [0, 1, 2].map(index => path.join(dir, `app-${index}-error.log`));
		fs.writeFileSync(files[0]!, 'Error: first\n');
		fs.writeFileSync(files[1]!, '');
		fs.writeFileSync(files[2]!, 'Error: other\n');
		const processes = files.map((file, pmId) => makeProcess({pmId, name: `app-${pmId}`, errLogPath: file}));
		const readPaths: string[] = [];
		const read = createErrorLogTailReader({
			readTail: async (file, options) => {
				readPaths.push(file);
				return readFileTail(file, options);
			},
		});

		expect(await read(processes)).toEqual({0: ['Error: first'], 1: [], 2: ['Error: other']});
		expect(readPaths.sort()).toEqual([files[0], files[2]]);

		readPaths.length = 0;
		expect(await read(processes)).toEqual({0: ['Error: first'], 1: [], 2: ['Error: other']});
		expect(readPaths).toEqual([]);

		fs.appendFileSync(files[0]!, 'Error: second\n');
		fs.writeFileSync(files[1]!, 'Error: now\n');
		expect(await read(processes)).toEqual({0: ['Error: first', 'Error: second'], 1: ['Error: now'], 2: ['Error: other']});
		expect(readPaths.sort()).toEqual([files[0], files[1]]);

		// Rotated away and recreated with the same size: another file (inode), read again.
		readPaths.length = 0;
		fs.renameSync(files[2]!, `${files[2]}.1`);
		fs.writeFileSync(files[2]!, 'Error: newer\n');
		expect((await read(processes))[2]).toEqual(['Error: newer']);
		expect(readPaths).toEqual([files[2]]);

		// A file that is gone gives no tail.
		fs.rmSync(files[2]!);
		expect((await read(processes))[2]).toBeUndefined();
	});
});

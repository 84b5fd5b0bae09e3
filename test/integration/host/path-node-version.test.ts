// `node --version` of the Node on PATH is a process spawn: it is asked once per executable, however long the
// session runs, and again as soon as that executable changes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {nodeVersionOnPath} from '../../../source/host/path-node-version.js';

let dir: string;
let spawnLog: string;

/** A fake `node` that reports `version` and records each time it runs. */
function writeFakeNode(version: string) {
	const file = path.join(dir, 'node');
	fs.writeFileSync(file, `#!/bin/sh\necho ran >> '${spawnLog}'\necho ${version}\n`, {mode: 0o755});
}
const spawns = () => (fs.existsSync(spawnLog) ? fs.readFileSync(spawnLog, 'utf8').split('\n').filter(Boolean).length : 0);

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2-doctor-path-node-'));
	spawnLog = path.join(dir, 'spawns.log');
});
afterEach(() => {
	vi.useRealTimers();
	fs.rmSync(dir, {recursive: true, force: true});
});

describe('nodeVersionOnPath', () => {
	it('spawns node once per executable, not again as time passes, and again when the executable changes', async () => {
		writeFakeNode('v97.0.0');
		const env = {PATH: dir};
		expect(await nodeVersionOnPath(env)).toBe('v97.0.0');
		vi.useFakeTimers({toFake: ['Date']});
		// Hours of an open session: no periodic child process.
		for (const hours of [1, 2, 3]) {
			vi.setSystemTime(Date.now() + hours * 3_600_000);
			expect(await nodeVersionOnPath(env)).toBe('v97.0.0');
		}
		expect(spawns()).toBe(1);

		// An upgrade replaces the file: a new inode (written beside it and renamed over it, as installers do).
		const upgraded = path.join(dir, 'node.new');
		fs.writeFileSync(upgraded, `#!/bin/sh\necho ran >> '${spawnLog}'\necho v98.0.0\n`, {mode: 0o755});
		fs.renameSync(upgraded, path.join(dir, 'node'));
		expect(await nodeVersionOnPath(env)).toBe('v98.0.0');
		expect(spawns()).toBe(2);
	});

	it('is null without a node on PATH, and spawns nothing', async () => {
		expect(await nodeVersionOnPath({PATH: dir})).toBeNull();
		expect(spawns()).toBe(0);
	});
});

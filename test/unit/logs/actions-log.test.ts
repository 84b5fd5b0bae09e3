import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {actionsLogPaths, createActionsLog, readActionsLog, type ActionLogEntry} from '../../../source/logs/actions-log.js';

let home: string;
beforeEach(() => {
	home = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-actions-log-'));
});
afterEach(() => fs.rmSync(home, {recursive: true, force: true}));

const entry = (atMs: number, overrides: Partial<ActionLogEntry> = {}): ActionLogEntry => ({
	atMs,
	action: 'restart',
	target: '"api" (2 instances)',
	ok: true,
	result: 'Restarted "api" (2 instances).',
	...overrides,
});

describe('the actions log', () => {
	it('creates nothing until the first entry, then appends JSON lines (0600 in a 0700 folder)', () => {
		const log = createActionsLog(home);
		expect(fs.existsSync(path.join(home, 'pm2-doctor'))).toBe(false);
		log.append(entry(1000));
		log.append(entry(2000, {action: 'stop', ok: false, result: 'Stop of "api" failed: boom'}));
		const file = actionsLogPaths(home).current;
		expect(
			fs
				.readFileSync(file, 'utf8')
				.trim()
				.split('\n')
				.map(line => JSON.parse(line).action),
		).toEqual(['restart', 'stop']);
		expect(fs.statSync(file).mode & 0o777).toBe(0o600);
		expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
	});

	it('reads the entries of a window, oldest first, across the rotated file, and skips a torn last line', () => {
		const log = createActionsLog(home, {maxBytes: 300});
		for (let index = 0; index < 6; index++) log.append(entry(1000 * (index + 1)));
		expect(fs.existsSync(actionsLogPaths(home).previous)).toBe(true);
		fs.appendFileSync(actionsLogPaths(home).current, '{"atMs": 9000, "act');
		const read = readActionsLog(home, 2500);
		expect(read.map(e => e.atMs)).toEqual([3000, 4000, 5000, 6000]);
	});

	it('stays bounded: the current and the previous file together stay under twice the limit', () => {
		const maxBytes = 2000;
		const log = createActionsLog(home, {maxBytes});
		for (let index = 0; index < 500; index++) log.append(entry(index, {result: 'x'.repeat(100)}));
		const {current, previous} = actionsLogPaths(home);
		expect(fs.statSync(current).size + fs.statSync(previous).size).toBeLessThanOrEqual(2 * maxBytes + 400);
		expect(readActionsLog(home, 0).at(-1)?.atMs).toBe(499);
	});

	it('cuts a very long result, and never throws when it cannot write', () => {
		const log = createActionsLog(home);
		log.append(entry(1, {result: 'e'.repeat(10_000)}));
		expect(readActionsLog(home, 0)[0]!.result.length).toBeLessThan(1100);
		const blocked = path.join(home, 'file-not-folder');
		fs.writeFileSync(blocked, '');
		expect(() => createActionsLog(blocked).append(entry(2))).not.toThrow();
	});
});

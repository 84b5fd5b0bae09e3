// The benchmark's pure helpers (bench/): statistics, /proc parsing, render-stats parsing, the table.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {median, percentile, slope} from '../../../bench/stats.js';
import {cpuPercentOfOneCore, readProcStat, readProcessTree, sampleTree} from '../../../bench/proc-stat.js';
import {describeMemoryAtExit, framesBetween, readRenderStats} from '../../../bench/render-stats.js';
import {formatTable} from '../../../bench/report.js';
import {soakLoad, steadyLoad} from '../../../bench/load-apps.js';

describe('bench statistics', () => {
	it('takes nearest-rank percentiles and medians', () => {
		const values = Array.from({length: 20}, (_, i) => i + 1);
		expect(percentile(values, 0.95)).toBe(19);
		expect(percentile([5], 0.95)).toBe(5);
		expect(median([3, 1, 2])).toBe(2);
		expect(median([4, 1, 2, 3])).toBe(2.5);
		expect(Number.isNaN(median([]))).toBe(true);
	});

	it('fits a least-squares slope', () => {
		expect(
			slope([
				{x: 0, y: 1},
				{x: 1, y: 3},
				{x: 2, y: 5},
			]),
		).toBeCloseTo(2);
		expect(
			slope([
				{x: 0, y: 7},
				{x: 5, y: 7},
			]),
		).toBe(0);
	});
});

describe.runIf(process.platform === 'linux')('bench /proc sampling', () => {
	it('reads this process: parent, ticks and RSS', () => {
		const stat = readProcStat(process.pid)!;
		expect(stat.ppid).toBe(process.ppid);
		expect(stat.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
		expect(stat.ticks).toBeGreaterThanOrEqual(stat.ownTicks);
	});

	it('finds the process tree and measures CPU between samples', () => {
		const tree = readProcessTree(process.ppid);
		expect(tree.map(stat => stat.pid)).toContain(process.pid);
		const start = sampleTree(process.pid)!;
		// Burn 80 ms of this process's own CPU (not wall time: the machine is shared), then compare.
		const cpuStart = process.cpuUsage();
		const deadline = performance.now() + 10_000;
		while (performance.now() < deadline) {
			const used = process.cpuUsage(cpuStart);
			if (used.user + used.system >= 80_000) break;
		}
		const end = sampleTree(process.pid)!;
		// 80 ms is 8 ticks at USER_HZ=100; /proc may round, so ask for at least half.
		expect(end.ticks - start.ticks).toBeGreaterThanOrEqual(4);
		expect(cpuPercentOfOneCore(start, end)).toBeGreaterThan(0);
	});

	it('returns null for a pid that does not exist', () => {
		expect(readProcStat(2 ** 22 + 12345)).toBeNull();
	});
});

describe('bench render stats', () => {
	it('reads the hook file and keeps the frames of a window', () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-rs-')), 'stats.json');
		fs.writeFileSync(file, JSON.stringify({renderTimesMs: [5, 6, 7, 8], atEpochMs: [1000, 2000, 3000, 4000]}));
		const stats = readRenderStats(file)!;
		expect(framesBetween(stats, 1500, 3500)).toEqual([6, 7]);
		fs.writeFileSync(file, JSON.stringify([{renderTime: 3}, 4]));
		expect(readRenderStats(file)).toEqual({renderTimesMs: [3, 4], atEpochMs: null});
		expect(readRenderStats(file + '.missing')).toBeNull();
	});

	it('reads the memory recorded at exit and describes it', () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-rs-')), 'stats.json');
		const memory = {rss: 112e6, heapUsed: 30e6, heapTotal: 40e6, external: 22e6, heapSpaces: {new_space: 2.1e6}};
		fs.writeFileSync(file, JSON.stringify({renderTimesMs: [5], atEpochMs: [1000], memory}));
		const stats = readRenderStats(file)!;
		expect(stats.memoryAtExit).toEqual(memory);
		expect(describeMemoryAtExit(stats.memoryAtExit!)).toBe('RSS 112 MB, V8 heap 30/40 MB, young generation 2 MB, external 22 MB');
	});
});

describe('bench report and load', () => {
	it('prints one markdown table, escaping pipes', () => {
		const table = formatTable([{figure: 'a|b', doctor: '1', baseline: '2', ratio: '0.50×', budget: '≤ 1', verdict: 'pass'}]);
		const lines = table.split('\n');
		expect(lines).toHaveLength(3);
		expect(lines[2]).toBe('| a\\|b | 1 | 2 | 0.50× | ≤ 1 | pass |');
	});

	it('puts the busy logger first and spreads the soak rate', () => {
		const steady = steadyLoad(45, 5000);
		expect(steady).toHaveLength(46);
		expect(steady[0]).toMatchObject({name: 'busy-logger', kind: 'logger', linesPerSecond: 5000});
		const soak = soakLoad(50, 1000);
		expect(soak).toHaveLength(50);
		expect(soak.reduce((sum, app) => sum + (app.linesPerSecond ?? 0), 0)).toBe(1000);
	});
});

import {describe, expect, it} from 'vitest';
import {BusChunkFramer} from '../../../source/logs/bus-chunk-framer.js';
import {isDisabledLogPath, mergeHistory, processLogTargets} from '../../../source/logs/log-targets.js';
import type {LogLine} from '../../../source/logs/line-buffer.js';
import {makeProcess} from '../../helpers/process-fixture.js';

describe('BusChunkFramer', () => {
	it('re-frames chunks that are not line-aligned, per pm_id and stream', () => {
		const framer = new BusChunkFramer();
		expect(framer.push({pmId: 1, source: 'out', data: 'a\nb', atMs: 1})).toEqual([{pmId: 1, source: 'out', text: 'a', atMs: 1, truncatedChars: 0}]);
		expect(framer.push({pmId: 2, source: 'out', data: 'x\n', atMs: 2}).map(l => l.text)).toEqual(['x']);
		expect(framer.push({pmId: 1, source: 'err', data: 'e', atMs: 3})).toEqual([]);
		expect(framer.push({pmId: 1, source: 'out', data: 'c\r\nd\n', atMs: 4}).map(l => l.text)).toEqual(['bc', 'd']);
		expect(framer.flushIdle(100, 500)).toEqual([]);
		expect(framer.flushIdle(600, 500)).toEqual([{pmId: 1, source: 'err', text: 'e', atMs: 3, truncatedChars: 0}]);
	});

	it('bounds a partial line', () => {
		const framer = new BusChunkFramer(4);
		framer.push({pmId: 1, source: 'out', data: 'abcdef', atMs: 1});
		expect(framer.push({pmId: 1, source: 'out', data: 'gh\n', atMs: 2})).toEqual([{pmId: 1, source: 'out', text: 'abcd', atMs: 1, truncatedChars: 4}]);
	});
});

describe('log targets', () => {
	it('treats /dev/null, NULL and missing paths as disabled', () => {
		expect(isDisabledLogPath('/dev/null')).toBe(true);
		expect(isDisabledLogPath('NULL')).toBe(true);
		expect(isDisabledLogPath(null)).toBe(true);
		expect(isDisabledLogPath('/x/app-out.log')).toBe(false);
	});

	it('gives one target when out and err share a file', () => {
		expect(processLogTargets(makeProcess({outLogPath: '/l/a.log', errLogPath: '/l/a.log'}))).toHaveLength(1);
		expect(processLogTargets(makeProcess({outLogPath: '/l/a-out.log', errLogPath: '/l/a-error.log'})).map(t => t.source)).toEqual(['out', 'err']);
	});
});

describe('mergeHistory', () => {
	const line = (source: LogLine['source'], text: string, appTimestampMs: number | null, seq: number): LogLine => ({
		seq,
		source,
		pmId: 1,
		processName: 'api',
		receivedAtMs: 0,
		appTimestampMs,
		text,
	});

	it('interleaves files by the app timestamp; untimed lines follow the previous timed line', () => {
		const merged = mergeHistory([
			line('out', 'o1', 10, 0),
			line('out', 'o1-stack', null, 1),
			line('out', 'o2', 30, 2),
			line('err', 'e1', 20, 3),
			line('err', 'e1-stack', null, 4),
		]);
		expect(merged.map(l => l.text)).toEqual(['o1', 'o1-stack', 'e1', 'e1-stack', 'o2']);
	});

	it('parses the timestamps of lines that have not been parsed yet', () => {
		const unparsed = (source: LogLine['source'], text: string, seq: number): LogLine => ({seq, source, pmId: 1, processName: 'api', receivedAtMs: 0, text});
		const merged = mergeHistory([
			unparsed('out', '2026-11-25T12:00:03Z o3', 0),
			unparsed('err', '2026-11-25T12:00:01Z e1', 1),
			unparsed('err', 'e1-stack', 2),
			unparsed('err', '2026-11-25T12:00:05Z e5', 3),
		]);
		expect(merged.map(l => l.text.slice(-2))).toEqual(['e1', 'ck', 'o3', 'e5']);
	});

	it('keeps file order when nothing is timed', () => {
		const merged = mergeHistory([line('out', 'a', null, 0), line('out', 'b', null, 1), line('err', 'c', null, 2)]);
		expect(merged.map(l => l.text)).toEqual(['a', 'b', 'c']);
	});
});

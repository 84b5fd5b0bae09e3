// withoutGlobalFetch: what it does to the global, and why the UI needs it. The last two tests import Ink in child
// processes (module loading is process-wide): with fetch present yoga-layout's loader loads undici; through
// withoutGlobalFetch it does not. When the first of them fails, yoga-layout no longer fetches its own
// WebAssembly and the workaround in terminal-session.ts can go.
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {withoutGlobalFetch} from '../../../source/runtime/without-global-fetch.js';

const moduleUrl = new URL('../../../dist/source/runtime/without-global-fetch.js', import.meta.url).href;
const here = path.dirname(fileURLToPath(import.meta.url));

type ChildReport = {undiciLoaded: boolean; fetchType: string; inkLoaded: boolean};

/** Imports Ink in a fresh Node process, through withoutGlobalFetch or not, and reports what was loaded. */
function importInk(hidingFetch: boolean): ChildReport {
	const script = `
		const {withoutGlobalFetch} = await import(${JSON.stringify(moduleUrl)});
		const load = () => import('ink');
		const ink = ${hidingFetch ? 'await withoutGlobalFetch(load)' : 'await load()'};
		process.stdout.write(JSON.stringify({
			undiciLoaded: process.moduleLoadList.some(entry => entry.includes('undici')),
			fetchType: typeof fetch,
			inkLoaded: typeof ink.render === 'function',
		}));`;
	return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], {cwd: here, encoding: 'utf8'})) as ChildReport;
}

describe('withoutGlobalFetch', () => {
	it('hides fetch while the load runs and puts the same function back when it resolves', async () => {
		const before = globalThis.fetch;
		const seen = await withoutGlobalFetch(async () => typeof globalThis.fetch);
		expect(seen).toBe('undefined');
		expect(globalThis.fetch).toBe(before);
	});

	it('puts fetch back when the load rejects, and passes the rejection on', async () => {
		const before = globalThis.fetch;
		await expect(withoutGlobalFetch(async () => Promise.reject(new Error('load failed')))).rejects.toThrow('load failed');
		expect(globalThis.fetch).toBe(before);
	});

	it('importing Ink with fetch present loads undici (the reason for the workaround)', () => {
		const report = importInk(false);
		expect(report.inkLoaded).toBe(true);
		expect(report.undiciLoaded).toBe(true);
	});

	it('importing Ink through it loads no undici, and fetch works afterwards', () => {
		const report = importInk(true);
		expect(report.inkLoaded).toBe(true);
		expect(report.undiciLoaded).toBe(false);
		expect(report.fetchType).toBe('function');
	});
});

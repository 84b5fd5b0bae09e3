import {describe, expect, it} from 'vitest';
import {connectionBanner, headerText} from '../../../source/ui/connection-text.js';

const home = '/home/app/.pm2';

describe('connectionBanner', () => {
	it('is calm when attached', () => {
		const banner = connectionBanner({kind: 'attached', home, daemonPid: 42, sinceMs: 0}, 1000, 900);
		expect(banner).toMatchObject({text: 'attached (daemon pid 42)', tone: 'info', explanation: null, stale: false});
	});

	it('counts down to the next retry and marks the data stale with its age', () => {
		const banner = connectionBanner({kind: 'unreachable', home, reason: 'connect ECONNREFUSED', sinceMs: 0, nextRetryAtMs: 10_500}, 8_000, 2_000);
		expect(banner.text).toBe('PM2 daemon unreachable — retrying in 3s');
		expect(banner.tone).toBe('error');
		expect(banner.stale).toBe(true);
		expect(banner.explanation).toContain('stale (last update 6s ago)');
		expect(banner.explanation).toContain('connect ECONNREFUSED');
		expect(banner.explanation).toContain('Actions are disabled');
	});

	it('never shows a negative countdown, and copes with no retry time and no data', () => {
		expect(connectionBanner({kind: 'unreachable', home, reason: 'x', sinceMs: 0, nextRetryAtMs: 1_000}, 5_000, null).text).toBe(
			'PM2 daemon unreachable — retrying in 0s',
		);
		expect(connectionBanner({kind: 'unreachable', home, reason: 'x', sinceMs: 0, nextRetryAtMs: null}, 5_000, null).text).toBe(
			'PM2 daemon unreachable — retrying',
		);
	});

	it('says how long a daemon has not answered, marks the data stale and disables actions', () => {
		const connection = {kind: 'not-answering', home, daemonPid: 42, reason: 'no answer to the process list within 5 s', sinceMs: 10_000} as const;
		const banner = connectionBanner(connection, 17_500, 9_000);
		expect(banner).toMatchObject({text: 'PM2 daemon (pid 42) not answering for 7s', tone: 'error', stale: true});
		expect(banner.explanation).toBe(
			'Data shown is stale (last update 8s ago): no answer to the process list within 5 s; the daemon is stopped or stuck. Actions are disabled until it answers.',
		);
		expect(connectionBanner({...connection, daemonPid: null}, 5_000, null)).toMatchObject({text: 'PM2 daemon not answering for 0s', stale: true});
	});

	it('explains a permission problem with what to do', () => {
		const banner = connectionBanner({kind: 'permission-denied', home, reason: 'rpc.sock belongs to root; you are app'}, 0, null);
		expect(banner.tone).toBe('error');
		expect(banner.explanation).toContain('rpc.sock belongs to root; you are app');
		expect(banner.explanation).toContain('--pm2-home');
	});
});

describe('headerText', () => {
	const attached = connectionBanner({kind: 'attached', home, daemonPid: 14_599, sinceMs: 0}, 1000, 900);
	const line = (text: ReturnType<typeof headerText>) => `pm2-doctor${text.home}${text.banner}${text.suffix}`;

	it('keeps the health counts on an 80-column line: the path shrinks, then the daemon pid goes', () => {
		const text = headerText({
			home: '/tmp/pm2-doctor-demo-9xqqAJ/pm2-home',
			banner: attached,
			processCount: 201,
			detail: '3 errors · 2 warnings · 196 ok · sort health',
			readOnly: false,
			width: 80,
		});
		expect(text.banner).toBe('attached');
		expect(line(text).slice(0, 80)).toContain('3 errors · 2 warnings · 196 ok');
	});

	it('names the daemon pid and the whole path when there is room', () => {
		const text = headerText({home, banner: attached, processCount: 3, detail: '3 ok', readOnly: false, width: 120});
		expect(line(text)).toBe(`pm2-doctor · ${home} · attached (daemon pid 14599) · 3 processes · 3 ok`);
	});

	it('says whether history is recorded, shorter or not at all before the health counts or the path are cut', () => {
		const history = {text: 'no history: pm2-doctor record --install', compactText: 'rec off'};
		const wide = headerText({home, banner: attached, processCount: 3, detail: '3 ok', readOnly: false, width: 160, history});
		expect(line(wide)).toBe(`pm2-doctor · ${home} · attached (daemon pid 14599) · 3 processes · 3 ok · no history: pm2-doctor record --install`);
		const medium = headerText({home, banner: attached, processCount: 3, detail: '3 ok', readOnly: false, width: 100, history});
		expect(line(medium)).toContain(`${home} · attached`);
		expect(line(medium).endsWith(' · 3 ok · rec off')).toBe(true);
		expect(line(medium).length).toBeLessThanOrEqual(100);
		const narrow = headerText({
			home: '/tmp/pm2-doctor-demo-9xqqAJ/pm2-home',
			banner: attached,
			processCount: 201,
			detail: '3 errors · 2 warnings · 196 ok · sort health',
			readOnly: false,
			width: 80,
			history,
		});
		expect(line(narrow).slice(0, 80)).toContain('3 errors · 2 warnings · 196 ok');
		const few = headerText({
			home: '/tmp/pm2-doctor-demo-9xqqAJ/pm2-home',
			banner: attached,
			processCount: 4,
			detail: '1 error · 3 ok',
			readOnly: false,
			width: 80,
			history,
		});
		expect(line(few).slice(0, 80)).toMatch(/attached · 4 processes · 1 error · 3 ok · rec off$/);
	});
});

import {describe, expect, it} from 'vitest';
import {connectionBanner} from '../../../source/ui/connection-text.js';

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

	it('explains a permission problem with what to do', () => {
		const banner = connectionBanner({kind: 'permission-denied', home, reason: 'rpc.sock belongs to root; you are app'}, 0, null);
		expect(banner.tone).toBe('error');
		expect(banner.explanation).toContain('rpc.sock belongs to root; you are app');
		expect(banner.explanation).toContain('--pm2-home');
	});
});

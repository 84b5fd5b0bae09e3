import {describe, expect, it} from 'vitest';
import {daemonHomeMatches, parseDaemonTitle} from '../../../source/pm2/find-other-daemons.js';
import {resolvePm2Home} from '../../../source/pm2/pm2-home.js';

describe('PM2 daemon titles and homes', () => {
	it('reads version and home from the process title', () => {
		expect(parseDaemonTitle('PM2 v7.0.4: God Daemon (/home/app/.pm2)\0')).toEqual({version: '7.0.4', home: '/home/app/.pm2', homeIsPrefix: false});
		expect(parseDaemonTitle('node /usr/bin/pm2 logs')).toBeNull();
	});

	it('reads a title the kernel cut to the length of the original command line: its home is a prefix', () => {
		const cut = parseDaemonTitle('PM2 v7.0.4: God Daemon (/tmp/pm2doc-sockfile-BVrz0k/ho');
		expect(cut).toEqual({version: '7.0.4', home: '/tmp/pm2doc-sockfile-BVrz0k/ho', homeIsPrefix: true});
		expect(daemonHomeMatches(cut!, '/tmp/pm2doc-sockfile-BVrz0k/home')).toBe(true);
		expect(daemonHomeMatches(cut!, '/srv/.pm2')).toBe(false);
		expect(parseDaemonTitle('PM2 v7.0.4: God Daemon')).toEqual({version: '7.0.4', home: '', homeIsPrefix: true});
		expect(daemonHomeMatches({home: '/a/.pm2', homeIsPrefix: false}, '/a/.pm2/x')).toBe(false);
	});

	it('prefers --pm2-home, then PM2_HOME, then ~/.pm2', () => {
		expect(resolvePm2Home('/a', {PM2_HOME: '/b', HOME: '/h'})).toBe('/a');
		expect(resolvePm2Home(undefined, {PM2_HOME: '/b', HOME: '/h'})).toBe('/b');
		expect(resolvePm2Home(undefined, {HOME: '/h'})).toBe('/h/.pm2');
	});
});

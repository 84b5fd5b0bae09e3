import {describe, expect, it} from 'vitest';
import {parseCommandLine, readOwnPackage} from '../../source/cli-args.js';

describe('command line', () => {
	it('reads the command, kebab-case flags and their defaults', () => {
		const parsed = parseCommandLine(['check', '--pm2-home', '/srv/pm2', '--json', '--sample=5', '--format', 'openmetrics']);
		expect(parsed).toEqual({
			ok: true,
			input: ['check'],
			flags: {
				pm2Home: '/srv/pm2',
				readOnly: false,
				ecosystem: undefined,
				json: true,
				color: true,
				sample: 5,
				format: 'openmetrics',
				force: false,
				logLines: 200,
				help: false,
				version: false,
				history: expect.objectContaining({install: false, uninstall: false, testAlert: false}),
			},
		});
	});

	it('reads the recorder and report flags', () => {
		const parsed = parseCommandLine([
			'record',
			'--install',
			'--interval',
			'2',
			'--max-size=50M',
			'--webhook',
			'http://127.0.0.1:9/x',
			'--on-finding',
			'logger',
		]);
		expect(parsed.ok && parsed.flags.history).toMatchObject({install: true, interval: 2, maxSize: '50M', webhook: 'http://127.0.0.1:9/x', onFinding: 'logger'});
		const report = parseCommandLine(['report', '--since', '2h', '--process', 'api', '--out', 'r.md']);
		expect(report.ok && report.flags.history).toMatchObject({since: '2h', process: 'api'});
		expect(report.ok && report.flags.out).toBe('r.md');
		expect(parseCommandLine(['record', 'extra']).ok).toBe(false);
	});

	it('turns colours off with --no-color and reads --read-only and --log-lines', () => {
		const parsed = parseCommandLine(['--no-color', '--read-only', '--log-lines', '50']);
		expect(parsed.ok && parsed.flags).toMatchObject({color: false, readOnly: true, logLines: 50});
		expect(parsed.ok && parsed.input).toEqual([]);
	});

	it('refuses unknown flags and flags without their value', () => {
		expect(parseCommandLine(['--bogus'])).toEqual({ok: false, message: 'unknown option --bogus'});
		const missing = parseCommandLine(['--pm2-home']);
		expect(missing.ok).toBe(false);
		expect(!missing.ok && missing.message).toContain('--pm2-home');
	});

	it('refuses extra positional arguments, per command', () => {
		expect(parseCommandLine(['status', 'extra'])).toEqual({ok: false, message: 'unexpected argument for status: "extra"'});
		expect(parseCommandLine(['lint', 'a', 'b'])).toEqual({ok: false, message: 'unexpected argument for lint: "b"'});
		expect(parseCommandLine(['check', 'x', 'y'])).toEqual({ok: false, message: 'unexpected arguments for check: "x" "y"'});
		expect(parseCommandLine(['lint', 'a']).ok).toBe(true);
		expect(parseCommandLine(['init']).ok).toBe(true);
	});

	it('reads a negative number after an option as its value, like --opt=-5, and explains a missing value on one line', () => {
		const spaced = parseCommandLine(['check', '--sample', '-5']);
		expect(spaced).toEqual(parseCommandLine(['check', '--sample=-5']));
		expect(spaced.ok && spaced.flags.sample).toBe(-5);
		const dashed = parseCommandLine(['check', '--sample', '-x']);
		expect(dashed).toEqual({ok: false, message: '--sample needs a value (write --sample=VALUE for one that starts with "-")'});
		expect(parseCommandLine(['lint', '--', '-file.json'])).toMatchObject({ok: true, input: ['lint', '-file.json']});
	});

	it('reads heap and profile with their process and options, and nothing more', () => {
		expect(parseCommandLine(['heap', 'api', '--compare', '30', '--out', '/var/tmp'])).toMatchObject({
			ok: true,
			input: ['heap', 'api'],
			flags: {compare: 30, out: '/var/tmp'},
		});
		expect(parseCommandLine(['profile', '3', '--seconds', '5'])).toMatchObject({ok: true, input: ['profile', '3'], flags: {seconds: 5}});
		expect(parseCommandLine(['heap', 'api', 'web'])).toEqual({ok: false, message: 'unexpected argument for heap: "web"'});
	});

	it('finds its own package.json for --version and --help', () => {
		expect(readOwnPackage().version).toMatch(/^\d+\.\d+\.\d+/);
	});
});

import {describe, expect, it} from 'vitest';
import {isSecretName, maskArgs, maskEnv, maskEnvValue, maskSecretsInText, maskUrlCredentials, maskedValue} from '../../../source/model/mask-secrets.js';

describe('isSecretName', () => {
	it.each([
		'API_TOKEN',
		'github_token',
		'SENTRY_DSN',
		'CLIENT_SECRET',
		'DB_PASSWORD',
		'STRIPE_KEY',
		'AWS_SECRET_ACCESS_KEY',
		'PRIVATE_KEY_PEM',
		'DB_PWD',
		'SESSION_SECRET',
		'BASIC_AUTH',
	])('%s is secret', name => {
		expect(isSecretName(name)).toBe(true);
	});
	it.each(['PORT', 'NODE_ENV', 'PWD', 'HOME', 'PATH', 'SSH_AUTH_SOCK', 'LOG_LEVEL'])('%s is not secret', name => {
		expect(isSecretName(name)).toBe(false);
	});
});

describe('maskUrlCredentials', () => {
	it('masks the password and keeps user and host', () => {
		expect(maskUrlCredentials('postgres://app:s3cr3t@db.internal:5432/app')).toBe(`postgres://app:${maskedValue}@db.internal:5432/app`);
		expect(maskUrlCredentials('redis://:hunter2@cache:6379')).toBe(`redis://:${maskedValue}@cache:6379`);
	});
	it('masks every URL in a list and leaves URLs without credentials alone', () => {
		expect(maskUrlCredentials('amqp://a:b@h1,amqp://c:d@h2')).toBe(`amqp://a:${maskedValue}@h1,amqp://c:${maskedValue}@h2`);
		expect(maskUrlCredentials('https://example.com/path?q=1')).toBe('https://example.com/path?q=1');
		expect(maskUrlCredentials('mailto:ops@example.com')).toBe('mailto:ops@example.com');
	});
});

describe('maskEnv', () => {
	it('masks secret names, URL credentials, sorts by name and flags masked rows', () => {
		const rows = maskEnv({
			PORT: '3000',
			DATABASE_URL: 'postgres://user:pass@host/db',
			API_TOKEN: 'abc123',
			EMPTY_SECRET: '',
		});
		expect(rows).toEqual([
			{name: 'API_TOKEN', value: maskedValue, masked: true},
			{name: 'DATABASE_URL', value: `postgres://user:${maskedValue}@host/db`, masked: true},
			{name: 'EMPTY_SECRET', value: '', masked: false},
			{name: 'PORT', value: '3000', masked: false},
		]);
	});
	it('never shows the raw value of a secret name, even when it is a URL', () => {
		expect(maskEnvValue('REDIS_PASSWORD', 'redis://u:p@h')).toBe(maskedValue);
	});
});

describe('maskArgs (args and node_args)', () => {
	it('masks --flag=value, --flag value and NAME=value when the name looks secret', () => {
		expect(maskArgs(['--password=argsecret', '--port', '3000', '--token', 'tok123', 'API_KEY=k1', '--verbose'])).toEqual([
			`--password=${maskedValue}`,
			'--port',
			'3000',
			'--token',
			maskedValue,
			`API_KEY=${maskedValue}`,
			'--verbose',
		]);
	});
	it('masks URL credentials anywhere and leaves a following flag alone', () => {
		expect(maskArgs(['--db', 'postgres://app:pw@db/x', '--secret', '--next'])).toEqual(['--db', `postgres://app:${maskedValue}@db/x`, '--secret', '--next']);
		expect(maskArgs(['--max-old-space-size=400', '-r', 'dotenv/config'])).toEqual(['--max-old-space-size=400', '-r', 'dotenv/config']);
	});
});

describe('maskSecretsInText (log lines, command lines)', () => {
	it('masks assignments, flags with values and URL passwords', () => {
		expect(maskSecretsInText('node app.js --password=hunter2 --token abc --port 80 DB_PASSWORD=x https://u:p@h/')).toBe(
			`node app.js --password=${maskedValue} --token ${maskedValue} --port 80 DB_PASSWORD=${maskedValue} https://u:${maskedValue}@h/`,
		);
	});
});

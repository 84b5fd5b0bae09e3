import {describe, expect, it} from 'vitest';
import {formatStatusTable, publicFields, statusError} from '../../../source/headless/status-command.js';
import {toSafeJson} from '../../../source/logs/sanitize-line.js';
import {maskedValue} from '../../../source/model/mask-secrets.js';
import {escapeVectors, expectedVisible, rawControl} from '../../helpers/escape-vectors.js';
import {makeProcess} from '../../helpers/process-fixture.js';

const cases = escapeVectors.map((vector, index) => [vector.name, vector, index] as const);

describe('status (text): hostile names', () => {
	const processes = escapeVectors.map((vector, index) => makeProcess({pmId: index, name: vector.input}));
	const text = formatStatusTable(processes, Date.now());
	const lines = text.split('\n');

	it('prints no raw control character', () => {
		expect(text).not.toMatch(rawControl);
	});

	it.each(cases)('%s: the row shows the visible form, columns still aligned', (_name, vector, index) => {
		expect(lines[1 + index]).toMatch(new RegExp(`^${index}\\s+`));
		expect(lines[1 + index]).toContain(expectedVisible(vector));
		// The mode column starts at the same place on every line.
		expect(lines[1 + index]!.indexOf(' fork ')).toBe(lines[1]!.indexOf(' fork '));
	});
});

describe('status (text): namespaces', () => {
	it('shows the namespace of each process, made inert', () => {
		const text = formatStatusTable(
			[
				makeProcess({pmId: 0, name: 'api'}),
				makeProcess({pmId: 1, name: 'invoicer', namespace: 'billing'}),
				makeProcess({pmId: 2, name: 'x', namespace: 'ns\u001b]0;t\u0007'}),
			],
			Date.now(),
		);
		const [header, api, invoicer, hostile] = text.split('\n');
		expect(header).toMatch(/^id\s+name\s+namespace\s+mode\s+status/);
		expect(api).toMatch(/^0\s+api\s+default\s+fork\s+online/);
		expect(invoicer).toMatch(/^1\s+invoicer\s+billing\s+fork\s+online/);
		expect(hostile).not.toMatch(rawControl);
	});
});

describe('status --json: hostile strings and secrets', () => {
	it.each(cases)('%s: valid JSON, no raw control, the exact strings back', (_name, vector) => {
		const process = makeProcess({
			name: vector.input,
			namespace: vector.input,
			cwd: vector.input,
			scriptPath: vector.input,
			args: [vector.input],
			env: {KEY: vector.input},
		});
		const json = toSafeJson([publicFields(process)]);
		expect(json.replaceAll('\n', '')).not.toMatch(rawControl);
		const [parsed] = JSON.parse(json) as Array<Record<string, unknown>>;
		expect(parsed!.name).toBe(vector.input);
		expect(parsed!.namespace).toBe(vector.input);
		expect(parsed!.cwd).toBe(vector.input);
		expect(parsed!.env).toBeUndefined();
	});

	it('masks secret-looking args and node_args', () => {
		const process = makeProcess({args: ['--password=argsecret', '--token', 'tok123', '--port', '80'], nodeArgs: ['--inspect', 'DB_URL=postgres://u:pw@db/x']});
		const parsed = JSON.parse(toSafeJson(publicFields(process))) as {args: string[]; nodeArgs: string[]};
		expect(parsed.args).toEqual([`--password=${maskedValue}`, '--token', maskedValue, '--port', '80']);
		expect(parsed.nodeArgs).toEqual(['--inspect', `DB_URL=postgres://u:${maskedValue}@db/x`]);
		expect(JSON.stringify(parsed)).not.toMatch(/argsecret|tok123|:pw@/);
	});

	it('without a daemon prints an error object', () => {
		expect(JSON.parse(toSafeJson(statusError('/tmp/x\u001b]0;t\u0007', 'No PM2 daemon is running at /tmp/x')))).toEqual({
			error: 'No PM2 daemon is running at /tmp/x',
			pm2Home: '/tmp/x\u001b]0;t\u0007',
		});
	});
});

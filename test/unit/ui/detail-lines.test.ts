import {describe, expect, it} from 'vitest';
import {detailLines, envLines, packFields, summaryText} from '../../../source/ui/detail-lines.js';
import {makeProcess} from '../../helpers/process-fixture.js';

describe('detailLines', () => {
	const process = makeProcess({
		pmId: 3,
		name: 'api',
		args: ['--port', '3000'],
		maxMemoryRestartBytes: 200 * 1024 * 1024,
		killTimeoutMs: 1600,
		minUptimeMs: 500,
		env: {SESSION_SECRET: 's', REDIS_URL: 'redis://:pw@cache:6379', PORT: '3000'},
	});

	it('shows the configuration with units and leaves the environment to its own view', () => {
		const text = detailLines(process, 200).join('\n');
		expect(text).toContain('/srv/apps/api.js --port 3000');
		expect(text).toContain('max_memory_restart 200 MB');
		expect(text).toContain('kill_timeout 1.6s');
		expect(text).toContain('min_uptime 500ms');
		expect(text).toContain('node 20.20.2');
		expect(text).not.toMatch(/SESSION_SECRET|REDIS_URL|variables/);
	});

	it('lists the environment sorted by name, secret-looking values masked', () => {
		const [heading, ...rows] = envLines(process);
		expect(heading).toBe('3 variables, 2 secret-looking values masked');
		expect(rows).toEqual(['PORT=3000', 'REDIS_URL=redis://:****@cache:6379', 'SESSION_SECRET=****']);
		const text = rows.join('\n');
		expect(text).toContain('REDIS_URL=redis://:****@cache:6379');
		expect(text).not.toContain(':pw@');
	});

	it('masks secret-looking args and node_args, at any width', () => {
		const withSecrets = makeProcess({args: ['--password=argsecret', '--token', 'tok123'], nodeArgs: ['--require', 'x', 'AUTH_URL=https://u:pw@h/']});
		for (const width of [40, 80, 200]) {
			const text = detailLines(withSecrets, width).join('\n');
			expect(text).not.toMatch(/argse|tok123|:pw@/);
		}
		const wide = detailLines(withSecrets, 200).join('\n');
		expect(wide).toContain('--password=**** --token ****');
		expect(wide).toContain('--require x AUTH_URL=****');
	});

	it('never exceeds the width', () => {
		for (const line of detailLines(process, 40)) expect(line.length).toBeLessThanOrEqual(40);
	});
});

describe('summaryText', () => {
	it('names the namespace, pid, mode, instances, restarts and exit code', () => {
		const cluster = makeProcess({namespace: 'billing', pid: 4321, execMode: 'cluster', instances: 4, restartCount: 7, exitCode: 1});
		expect(summaryText(cluster)).toBe(' · ns billing · pid 4321 · cluster · 4 instances · ↺ 7 · exit 1');
		// Only whole facts, never a cut number.
		expect(summaryText(cluster, 30)).toBe(' · ns billing · pid 4321');
		expect(summaryText(cluster, 5)).toBe('');
	});
});

describe('packFields', () => {
	it('packs fields into lines with separators', () => {
		expect(
			packFields(
				[
					{label: 'a', value: '1'},
					{label: 'b', value: '2'},
					{label: 'c', value: '3'},
				],
				9,
			),
		).toEqual(['a 1 · b 2', 'c 3']);
	});
});

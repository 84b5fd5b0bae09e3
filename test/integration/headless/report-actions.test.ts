// The incident report against a real daemon: a restart sent through the actions service and an ecosystem
// change saved and applied through the editor service (each with the actions log the terminal session gives
// them) show up in `pm2-doctor report`, with the saved change as a masked diff and the file's lint.
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import * as tb from '../../../source/ecosystem/text-buffer.js';
import {actionsLogPaths, createActionsLog} from '../../../source/logs/actions-log.js';
import {DaemonClient} from '../../../source/pm2/daemon-client.js';
import {createActionsService} from '../../../source/services/actions.js';
import {createDefaultEditorEffects, withActionsLog} from '../../../source/services/editor/editor-effects.js';
import {createEditorService} from '../../../source/services/editor/editor-service.js';
import {createLiveStore} from '../../../source/services/store/live-store.js';
import type {LiveStore} from '../../../source/services/store/store-types.js';
import {startEcosystemSandbox} from '../../helpers/ecosystem-sandbox.js';
import {cliBin, demoAppsDir, run, waitFor, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';

let sandbox: Pm2Sandbox;
let file: string;
let store: LiveStore;
let client: DaemonClient;

beforeAll(async () => {
	({sandbox, file} = await startEcosystemSandbox('pm2doc-report-actions-', [
		'  apps: [{',
		"    name: 'report-api',",
		`    script: ${JSON.stringify(path.join(demoAppsDir, 'sleeper.cjs'))},`,
		"    max_memory_restart: '200M',",
		"    env: {API_TOKEN: 'tok-secret-4711', NODE_ENV: 'production'},",
		'  }],',
	]));
	client = new DaemonClient(sandbox.home);
	store = createLiveStore({home: sandbox.home, client, basePollIntervalMs: 300});
	store.start();
	await waitFor(() => store.getState().snapshot?.processes.some(p => p.name === 'report-api' && p.status === 'online'), {
		what: 'report-api online',
		timeoutMs: 30_000,
	});
}, 90_000);

afterAll(async () => {
	await store?.stop();
	await sandbox?.destroy();
}, 60_000);

describe('report: what was done through pm2-doctor', () => {
	it('lists a restart and an ecosystem save and apply, with the change as a masked diff and the lint', async () => {
		const log = createActionsLog(sandbox.home);
		const actions = createActionsService({client, home: sandbox.home, readOnly: false, connection: () => store.getState().connection, log});
		const api = store.getState().snapshot!.processes.filter(p => p.name === 'report-api');
		const plan = actions.plan({kind: 'restart'}, {scope: 'app', name: 'report-api', instances: api});
		if (plan.kind !== 'confirm') throw new Error(plan.message);
		expect(await plan.run()).toEqual({ok: true, message: 'Restarted "report-api".'});

		const editor = createEditorService({effects: withActionsLog(createDefaultEditorEffects(), log)});
		await editor.open({target: api[0]!, pm2Home: sandbox.home, readOnly: false});
		expect(editor.getState().session?.file).toBe(file);
		editor.edit(buffer => tb.replaceText(buffer, tb.getText(buffer).replace("'200M'", "'300M'").replace('tok-secret-4711', 'tok-secret-0815')));
		await editor.save();
		expect(editor.getState().phase.kind).toBe('reviewing');
		await editor.confirmSave({});
		expect(editor.getState().phase.kind).toBe('saved');
		const applied = await editor.apply(null);
		expect(applied.result?.ok).toBe(true);
		expect(fs.readFileSync(actionsLogPaths(sandbox.home).current, 'utf8').trim().split('\n')).toHaveLength(3);

		const report = await run(process.execPath, [cliBin, 'report', '--since', '10m', '--process', 'report-api'], {env: sandbox.env, timeoutMs: 90_000});
		expect(report.code).toBe(0);
		const text = report.stdout;
		const done = text.slice(text.indexOf('## Done through pm2-doctor'), text.indexOf('## Ecosystem files'));
		expect(done).toMatch(/UTC \*\*restart\*\* `` "report-api" `` *: done, Restarted "report-api"\./);
		expect(done).toContain(`**ecosystem-save** \`\` ${file} \`\`: done, Saved; apps changed: report-api.`);
		expect(done).toContain(`**ecosystem-apply** \`\` ${file} --only report-api \`\`: done`);
		const ecosystem = text.slice(text.indexOf('## Ecosystem files'));
		expect(ecosystem).toContain(`### \`\` ${file} \`\` (defines \`\` report-api \`\`)`);
		expect(ecosystem).toMatch(/Lint: \d+ error\(s\), \d+ warning\(s\), \d+ note\(s\)\./);
		expect(ecosystem).toContain('(the diff runs up to the file as it is now)');
		expect(ecosystem).toContain("  -    max_memory_restart: '200M',");
		expect(ecosystem).toContain("  +    max_memory_restart: '300M',");
		expect(ecosystem).toContain("  +    env: {API_TOKEN: '****', NODE_ENV: 'production'},");
		expect(text).not.toMatch(/tok-secret/);
		expect(text).not.toContain('not part of this report yet');
	}, 180_000);
});

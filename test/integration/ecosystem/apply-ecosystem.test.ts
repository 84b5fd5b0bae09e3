// Against a real PM2 daemon: edit max_memory_restart through the editor session (validate → save → apply) and
// see pm2_env change; the operator's secrets in pm2-doctor's environment do not reach the app; no daemon → refused.
// The app has NO env block on purpose: that is the case where PM2 merges the caller's whole environment into the
// app on startOrReload (pm2-failure-modes.md §11.2), which the control test demonstrates with the plain CLI.
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {applyEcosystem} from '../../../source/ecosystem/apply-ecosystem.js';
import {openEditorSession, saveSession, validateText} from '../../../source/ecosystem/editor-session.js';
import {createPm2Sandbox, demoAppsDir, run, type Pm2Sandbox} from '../../helpers/pm2-sandbox.js';

const pm2Bin = path.join(path.dirname(demoAppsDir), '..', '..', 'node_modules', 'pm2', 'bin', 'pm2');
let sandbox: Pm2Sandbox;
let file: string;

const configText = (limit: string) =>
	[
		'// Sleeper app for the apply test.',
		'module.exports = {',
		'  apps: [{',
		"    name: 'eco-apply',",
		`    script: ${JSON.stringify(path.join(demoAppsDir, 'sleeper.cjs'))},`,
		`    max_memory_restart: '${limit}', // keep this comment`,
		'  }],',
		'};',
		'',
	].join('\n');

beforeAll(async () => {
	sandbox = await createPm2Sandbox('pm2doc-eco-apply-');
	file = path.join(sandbox.workDir, 'ecosystem.config.js');
	fs.writeFileSync(file, configText('200M'));
	const started = await sandbox.pm2(['start', file]);
	expect(started.code, started.stderr).toBe(0);
});
afterAll(async () => {
	await sandbox?.destroy();
});

const appEntry = async () => (await sandbox.jlist()).find(entry => entry.name === 'eco-apply');

describe('apply', () => {
	it('edit max_memory_restart, save, apply: pm2_env.max_memory_restart changes and the secret env stays out', async () => {
		expect((await appEntry()).pm2_env.max_memory_restart).toBe(200 * 1024 * 1024);
		const opened = await openEditorSession(
			{name: 'eco-apply', cwd: sandbox.workDir, launchPwd: sandbox.workDir, env: {}, fromConfigFile: true, scriptPath: path.join(demoAppsDir, 'sleeper.cjs')},
			{pm2Home: sandbox.home},
		);
		expect(opened.ok).toBe(true);
		if (!opened.ok) return;
		expect(opened.session.file).toBe(file);
		const edited = opened.session.opened.text.replace("'200M'", "'300M'");
		const validation = await validateText(file, edited, sandbox.home);
		expect(validation.report.loaded).toBe(true);
		const outcome = await saveSession(opened.session, edited, validation, {});
		expect(outcome.save.ok).toBe(true);
		expect(outcome.changes).toEqual([{key: 'max_memory_restart', before: '200M', after: '300M', effect: 'applied'}]);
		expect(fs.readFileSync(file, 'utf8')).toContain("max_memory_restart: '300M', // keep this comment");

		process.env.PM2_DOCTOR_TEST_SECRET_TOKEN = 'leaked-secret';
		try {
			const result = await applyEcosystem({file, pm2Home: sandbox.home, only: 'eco-apply'});
			expect(result.ok, result.output).toBe(true);
		} finally {
			delete process.env.PM2_DOCTOR_TEST_SECRET_TOKEN;
		}
		const entry = await appEntry();
		expect(entry.pm2_env.max_memory_restart).toBe(300 * 1024 * 1024);
		expect(JSON.stringify(entry.pm2_env)).not.toContain('leaked-secret');
	});

	it('control: the plain pm2 CLI with the same variable in its environment does copy it into the app', async () => {
		const result = await run(process.execPath, [pm2Bin, 'startOrReload', file, '--only', 'eco-apply'], {
			cwd: sandbox.workDir,
			env: {...sandbox.env, PM2_DOCTOR_TEST_SECRET_TOKEN: 'leaked-secret'},
		});
		expect(result.code, result.stderr).toBe(0);
		expect(JSON.stringify((await appEntry()).pm2_env)).toContain('leaked-secret');
	});

	it('refuses to apply when no daemon answers (the pm2 CLI would start one)', async () => {
		const emptyHome = path.join(sandbox.workDir, 'empty-home');
		fs.mkdirSync(emptyHome);
		const result = await applyEcosystem({file, pm2Home: emptyHome});
		expect(result).toMatchObject({ok: false, exitCode: null});
		expect(result.message).toContain('no PM2 daemon answers');
		expect(fs.existsSync(path.join(emptyHome, 'pm2.pid'))).toBe(false);
	});
});

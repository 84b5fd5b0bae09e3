import {describe, expect, it} from 'vitest';
import {planApply} from '../../../../source/ecosystem/apply-plan.js';
import type {EditorSession, SavedOutcome} from '../../../../source/ecosystem/editor-session.js';
import type {ActionLogEntry} from '../../../../source/logs/actions-log.js';
import {withActionsLog, type EditorEffects} from '../../../../source/services/editor/editor-effects.js';

const file = '/srv/app/ecosystem.config.js';
const session = {file, opened: {file, realPath: '/srv/real/ecosystem.config.js'}} as unknown as EditorSession;
const validation = {report: {}, load: {ok: false}} as unknown as Parameters<EditorEffects['save']>[2];

function effectsSaving(save: SavedOutcome['save'], applyOk = true) {
	const plan = planApply([{name: 'api', max_memory_restart: '200M'}], [{name: 'api', max_memory_restart: '300M'}]);
	return {
		save: async () => ({save, plan, changes: [], session}),
		apply: async () => ({ok: applyOk, command: ['pm2', 'startOrReload'], exitCode: applyOk ? 0 : 1, output: '', message: applyOk ? 'Applied.' : 'pm2 failed'}),
		nowMs: () => 42_000,
	} as unknown as EditorEffects;
}

describe('the editor effects with the actions log', () => {
	it('records a save that wrote the file (with its backup) and every apply; a refused save is not recorded', async () => {
		const logged: ActionLogEntry[] = [];
		const log = {append: (entry: ActionLogEntry) => void logged.push(entry)};
		const saved = {
			ok: true as const,
			file,
			realPath: '/srv/real/ecosystem.config.js',
			method: 'atomic-rename' as const,
			backupPath: '/home/.pm2/pm2-doctor/backups/x.bak',
			diff: '',
			opened: session.opened,
		};
		const effects = withActionsLog(effectsSaving(saved, false), log);
		await effects.save(session, 'text', validation, {});
		await effects.apply({file, pm2Home: '/home/.pm2', only: 'api', envName: 'production'});
		const refused = withActionsLog(effectsSaving({ok: false, reason: 'invalid', message: 'Not saved'}), log);
		await refused.save(session, 'text', validation, {});
		expect(logged).toEqual([
			{
				atMs: 42_000,
				action: 'ecosystem-save',
				target: file,
				ok: true,
				result: 'Saved; apps changed: api.',
				file: '/srv/real/ecosystem.config.js',
				backupPath: '/home/.pm2/pm2-doctor/backups/x.bak',
			},
			{atMs: 42_000, action: 'ecosystem-apply', target: `${file} --only api --env production`, ok: false, result: 'pm2 failed', file},
		]);
	});
});

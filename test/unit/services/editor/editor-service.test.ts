// The editor's state machine with fake effects: the "file" is JSON held in memory, validation parses it,
// saving replaces it, and apply records its options. No files, child processes or PM2.
import {describe, expect, it} from 'vitest';
import type {ApplyOptions, ApplyResult} from '../../../../source/ecosystem/apply-ecosystem.js';
import {planApply} from '../../../../source/ecosystem/apply-plan.js';
import type {EditorSession} from '../../../../source/ecosystem/editor-session.js';
import type {LintReport} from '../../../../source/ecosystem/lint-ecosystem.js';
import type {LoadResult} from '../../../../source/ecosystem/load-ecosystem-file.js';
import * as tb from '../../../../source/ecosystem/text-buffer.js';
import type {EditorEffects} from '../../../../source/services/editor/editor-effects.js';
import {createEditorService} from '../../../../source/services/editor/editor-service.js';
import {createFixLoop} from '../../../../source/services/editor/fix-loop.js';

const file = '/srv/app/ecosystem.config.json';
const twoApps = JSON.stringify(
	{
		apps: [
			{name: 'api', script: 'a.js', restart_delay: 1000},
			{name: 'worker', script: 'w.js', restart_delay: 1000},
		],
	},
	null,
	1,
);

function validation(text: string): {report: LintReport; load: LoadResult} {
	try {
		const apps = (JSON.parse(text) as {apps: Array<Record<string, unknown>>}).apps;
		return {
			report: {file, loaded: true, appNames: apps.map(app => String(app.name)), findings: [], counts: {error: 0, warning: 0, info: 0}, exitCode: 0},
			load: {ok: true, apps} as unknown as LoadResult,
		};
	} catch (error) {
		const finding = {
			ruleId: 'load',
			severity: 'error' as const,
			appIndex: null,
			appName: null,
			key: null,
			message: String(error),
			fix: 'fix the syntax',
			edit: null,
			line: 1,
			column: 1,
		};
		return {
			report: {file, loaded: false, appNames: [], findings: [finding], counts: {error: 1, warning: 0, info: 0}, exitCode: 2},
			load: {ok: false} as unknown as LoadResult,
		};
	}
}

function fakeEffects(initialText = twoApps) {
	let disk = initialText;
	const applied: ApplyOptions[] = [];
	const recovered: string[] = [];
	let applyResult: ApplyResult = {ok: true, command: ['pm2', 'startOrReload'], exitCode: 0, output: '', message: 'Applied.'};
	const session = (text: string, appsBefore: Array<Record<string, unknown>> | null): EditorSession => ({
		file,
		reason: 'test',
		opened: {file, realPath: file, text, fingerprint: {sha256: '', size: 0, mtimeMs: 0, dev: 0, ino: 0}, mode: 0o644, uid: 0, gid: 0},
		pm2Home: '/home/.pm2',
		backupDir: '/home/.pm2/pm2-doctor/backups',
		appName: 'api',
		appsBefore,
		report: validation(text).report,
		removedTempFiles: [],
	});
	const effects: EditorEffects = {
		openSession: async () => {
			const load = validation(disk).load;
			return {ok: true, session: session(disk, load.ok ? load.apps : null)};
		},
		validate: async (_session, text) => validation(text),
		diff: async (_session, before, after) => (before === after ? [] : ['-old', '+new']),
		save: async (current, text, checked, options) => {
			if (checked.report.exitCode === 2 && !options.force)
				return {save: {ok: false, reason: 'invalid', message: 'Not saved: errors'}, plan: planApply(null, null), changes: [], session: current};
			disk = text;
			const after = checked.load.ok ? checked.load.apps : null;
			const plan = planApply(current.appsBefore, after);
			const opened = {...current.opened, text};
			return {
				save: {ok: true, file, realPath: file, method: 'atomic-rename', backupPath: null, diff: '', opened},
				plan,
				changes: [],
				session: {...current, opened, appsBefore: after ?? current.appsBefore},
			};
		},
		apply: async options => {
			applied.push(options);
			return applyResult;
		},
		applyConfigEdit: async (_session, text, edit) => {
			const config = JSON.parse(text) as {apps: Array<Record<string, unknown>>};
			const app = config.apps.find(candidate => candidate.name === edit.appName);
			if (!app) return {ok: false, message: 'no such app'};
			app[edit.key] = edit.value;
			return {ok: true, text: JSON.stringify(config, null, 1)};
		},
		createStarterFile: async () => ({ok: false, message: 'not here'}),
		latestBackup: async () => null,
		writeRecovery: (_session, text) => {
			recovered.push(text);
			return '/home/.pm2/pm2-doctor/recovery/x.recovered';
		},
		externalEdit: async () => ({ok: false, message: 'no editor'}),
		nowMs: () => 1_000_000,
	};
	return {
		effects,
		applied,
		recovered,
		disk: () => disk,
		failApply: (message: string) => void (applyResult = {ok: false, command: ['pm2'], exitCode: 1, output: '', message}),
	};
}

const request = {target: null, pm2Home: '/home/.pm2', readOnly: false};
const edit = {appName: 'worker', key: 'exp_backoff_restart_delay', value: 100, description: 'back off'};

/** A doctor fix's way through the editor: the fix loop begun, the suggested edit saved, then applied. */
async function applyFromFixLoop(fake: ReturnType<typeof fakeEffects>) {
	const fixLoop = createFixLoop();
	fixLoop.begin({finding: null, flowId: 'restart-loop', fixCursor: 0, listCursor: 0, edit});
	const service = createEditorService({effects: fake.effects, fixLoop});
	await service.open({...request, initialEdit: edit});
	await service.save();
	await service.confirmSave({});
	return {outcome: await service.apply(null), service, fixLoop};
}

describe('editor service (state machine)', () => {
	it('goes editing → reviewing → saved → applied, applying to the app whose entry changed', async () => {
		const fake = fakeEffects();
		const service = createEditorService({effects: fake.effects});
		await service.open({...request, initialEdit: edit});
		expect(service.getState().phase.kind).toBe('editing');
		expect(service.getState().note?.text).toContain('Suggested change in the buffer: worker: exp_backoff_restart_delay → 100');
		await service.save();
		expect(service.getState().phase.kind).toBe('reviewing');
		await service.confirmSave({});
		const saved = service.getState();
		expect(saved.phase.kind).toBe('saved');
		expect(saved.note).toBeNull(); // the suggestion note is gone once saved
		expect(service.applyRequest(false)).toEqual({
			ok: true,
			envName: null,
			message: 'Apply ecosystem.config.json to "worker" (pm2 startOrReload --only worker)?',
		});
		const outcome = await service.apply(null);
		expect(fake.applied).toEqual([{file, pm2Home: '/home/.pm2', only: 'worker', envName: null}]);
		expect(service.getState().phase.kind).toBe('applied');
		expect(outcome.returnToFlow).toBe(false); // not opened by a doctor fix
	});

	it('lists every changed app in the confirmation and --only', async () => {
		const fake = fakeEffects();
		const service = createEditorService({effects: fake.effects});
		await service.open(request);
		service.edit(buffer => tb.replaceText(buffer, twoApps.replaceAll('1000', '2000')));
		await service.save();
		await service.confirmSave({});
		const confirmation = service.applyRequest(false);
		expect(confirmation.ok && confirmation.message).toBe('Apply ecosystem.config.json to "api", "worker" (pm2 startOrReload --only api,worker)?');
		await service.apply(null);
		expect(fake.applied[0]!.only).toBe('api,worker');
	});

	it('has nothing to apply when no app changed, and refuses a file that does not load', async () => {
		const fake = fakeEffects();
		const service = createEditorService({effects: fake.effects});
		await service.open(request);
		service.edit(buffer => tb.replaceText(buffer, `${twoApps}\n`));
		await service.save();
		await service.confirmSave({});
		expect(service.applyRequest(false)).toEqual({ok: false, message: "Nothing to apply: no app's settings changed."});
		service.backToEditing();
		service.edit(buffer => tb.insertText(buffer, '{{'));
		await service.save();
		await service.confirmSave({force: true});
		expect(service.getState().phase.kind).toBe('saved');
		expect(service.applyRequest(false)).toEqual({ok: false, message: 'Not applied: the saved file does not load, so pm2 could not read it either.'});
		expect(fake.applied).toEqual([]);
	});

	it('closes the fix loop: records the apply for the doctor and asks to return to its flow', async () => {
		const {outcome, fixLoop} = await applyFromFixLoop(fakeEffects());
		expect(outcome.returnToFlow).toBe(true);
		expect(fixLoop.current()?.apply).toEqual({ok: true, apps: ['worker'], atMs: 1_000_000, message: 'Applied.', command: 'pm2 startOrReload'});
	});

	it('a failed apply ends in "failed" and stays in the editor', async () => {
		const fake = fakeEffects();
		fake.failApply('pm2 startOrReload failed (exit 1).');
		const {outcome, service, fixLoop} = await applyFromFixLoop(fake);
		expect(outcome.returnToFlow).toBe(false);
		expect(service.getState().phase.kind).toBe('failed');
		expect(fixLoop.current()?.apply?.ok).toBe(false);
	});

	it('read-only: no edit, no save, no forced save, no suggested change, no apply', async () => {
		const fake = fakeEffects();
		const service = createEditorService({effects: fake.effects});
		await service.open({...request, readOnly: true, initialEdit: edit});
		expect(service.getState().note?.text).toContain('is not put into the buffer');
		service.edit(buffer => tb.insertText(buffer, 'x'));
		expect(tb.isModified(service.getState().buffer)).toBe(false);
		expect(service.getState().note?.text).toBe('Read-only (--read-only): the file cannot be changed or saved from here.');
		await service.save();
		await service.confirmSave({force: true});
		expect(service.getState().phase.kind).toBe('editing');
		service.move(buffer => tb.moveCursor(buffer, 'down'));
		expect(service.getState().buffer.cursor.line).toBe(1); // reading and moving still work
		expect(service.applyRequest(false).ok).toBe(false);
		expect(fake.disk()).toBe(twoApps);
		let externalCalls = 0;
		const opened = createEditorService({effects: {...fake.effects, externalEdit: async () => (externalCalls++, {ok: false, message: 'ran'})}});
		await opened.open({...request, readOnly: true, startExternal: true, handoff: {suspend: () => {}, resume: () => {}}}); // E under --read-only
		expect(opened.getState().note?.text).toBe('Read-only (--read-only): the external editor is not started.');
		expect(externalCalls).toBe(0);
	});

	it('an effect that fails returns to editing and says why (never stuck in "validating")', async () => {
		const fake = fakeEffects();
		const service = createEditorService({effects: {...fake.effects, validate: async () => Promise.reject(new Error('node could not be started'))}});
		await service.open(request);
		service.edit(buffer => tb.insertText(buffer, ' '));
		await service.save();
		expect(service.getState().phase.kind).toBe('editing');
		expect(service.getState().note).toEqual({text: 'Failed: node could not be started', tone: 'error'});
	});

	it('says when undo goes past the last save', async () => {
		const service = createEditorService({effects: fakeEffects().effects});
		await service.open(request);
		service.edit(buffer => tb.replaceText(buffer, twoApps.replace('a.js', 'b.js')));
		await service.save();
		await service.confirmSave({});
		service.backToEditing();
		service.undo();
		expect(service.getState().note?.text).toContain('Undone past the last save');
		expect(tb.isModified(service.getState().buffer)).toBe(true);
	});

	it('keeps unsaved changes in a recovery file: shown before a discard, written on close (Ctrl-C)', async () => {
		const fake = fakeEffects();
		const service = createEditorService({effects: fake.effects});
		await service.open(request);
		service.edit(buffer => tb.insertText(buffer, ' '));
		expect(service.requestClose()).toBe('asking');
		expect(service.getState().phase).toEqual({kind: 'discard', recoveryPath: '/home/.pm2/pm2-doctor/recovery/x.recovered'});
		expect(fake.recovered).toHaveLength(1);
		service.backToEditing();
		const saving = service.save();
		expect(service.close()).toBe('/home/.pm2/pm2-doctor/recovery/x.recovered'); // quit while editing: the latest text
		await saving;
		expect(fake.recovered).toHaveLength(2);
		expect(service.getState().phase.kind).toBe('loading'); // the save's result arrived after close: ignored

		await service.open(request);
		service.edit(buffer => tb.insertText(buffer, ' '));
		service.requestClose();
		service.discard();
		expect(service.close()).toBeNull(); // the copy made when asking is the only one
		expect(fake.recovered).toHaveLength(3);
	});
});

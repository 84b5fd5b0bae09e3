// The editor's side effects behind one interface, so the state machine (editor-service.ts) is unit-tested with
// fakes and the view imports no file system, child process or pm2 code. The default implementation loads the
// heavy modules (acorn, yaml, diff, the pm2 CLI runner) only when the editor first uses them.
import type {ApplyOptions, ApplyResult} from '../../ecosystem/apply-ecosystem.js';
import type {ConfigEdit, EditResult} from '../../ecosystem/edit-config.js';
import type {EditorSession, OpenSessionResult, SavedOutcome} from '../../ecosystem/editor-session.js';
import type {ExternalEditResult, TerminalHandoff} from '../../ecosystem/external-editor.js';
import type {EcosystemTarget} from '../../ecosystem/find-ecosystem-file.js';
import type {ActionsLog} from '../../logs/actions-log.js';
import type {Validation} from './editor-state.js';

export type EditorEffects = {
	openSession(target: EcosystemTarget | null, options: {explicitFile?: string; pm2Home: string}): Promise<OpenSessionResult>;
	/** Evaluates the text as the file (in a child process) and lints it. */
	validate(session: EditorSession, text: string): Promise<Validation>;
	/** Unified diff lines (without the two file-name header lines). */
	diff(session: EditorSession, before: string, after: string): Promise<string[]>;
	save(session: EditorSession, text: string, validation: Validation, options: {force?: boolean; allowInPlace?: boolean}): Promise<SavedOutcome>;
	/** pm2 startOrReload, with a deadline; never throws. */
	apply(options: ApplyOptions): Promise<ApplyResult>;
	applyConfigEdit(session: EditorSession, text: string, edit: ConfigEdit): Promise<EditResult>;
	/** Writes a best-practice ecosystem.config.js into the folder (pm2-doctor init). */
	createStarterFile(folder: string): Promise<{ok: true; file: string} | {ok: false; message: string}>;
	latestBackup(session: EditorSession): Promise<{name: string; text: string} | null>;
	/** Synchronous: it also runs while the view unmounts (Ctrl-C). Returns the recovery file's path. */
	writeRecovery(session: EditorSession, text: string): string | null;
	externalEdit(text: string, fileName: string, handoff: TerminalHandoff): Promise<ExternalEditResult>;
	nowMs(): number;
};

type SaveModule = typeof import('../../ecosystem/save-ecosystem-file.js');

/** The real effects: files, the child-process evaluator, the pm2 CLI, $VISUAL/$EDITOR. */
export function createDefaultEditorEffects(): EditorEffects {
	// Loaded with the first session, so writeRecovery can stay synchronous.
	let saveModule: SaveModule | null = null;
	const session = async () => import('../../ecosystem/editor-session.js');
	return {
		async openSession(target, options) {
			saveModule ??= await import('../../ecosystem/save-ecosystem-file.js');
			return (await session()).openEditorSession(target, options);
		},
		async validate(current, text) {
			return (await session()).validateText(current.file, text, current.pm2Home);
		},
		async diff(current, before, after) {
			const {createTwoFilesPatch} = await import('diff');
			return createTwoFilesPatch(current.file, current.file, before, after, 'on disk', 'edited', {context: 3}).split('\n').slice(2);
		},
		async save(current, text, validation, options) {
			return (await session()).saveSession(current, text, validation, options);
		},
		async apply(options) {
			return (await import('../../ecosystem/apply-ecosystem.js')).applyEcosystem(options);
		},
		async applyConfigEdit(current, text, edit) {
			const [{detectConfigFormat}, {applyConfigEdit}] = await Promise.all([
				import('../../ecosystem/config-format.js'),
				import('../../ecosystem/edit-config.js'),
			]);
			return applyConfigEdit(text, detectConfigFormat(current.file.split('/').pop() ?? '') ?? 'js', edit);
		},
		async createStarterFile(folder) {
			const {runInitCommand} = await import('../../ecosystem/init-command.js');
			let error = '';
			const code = await runInitCommand({cwd: folder, write: () => {}, writeError: text => (error += text)});
			return code === 0 ? {ok: true, file: `${folder}/ecosystem.config.js`} : {ok: false, message: error.trim()};
		},
		async latestBackup(current) {
			saveModule ??= await import('../../ecosystem/save-ecosystem-file.js');
			const latest = saveModule.listBackups(current.backupDir, current.opened)[0];
			if (!latest) return null;
			const fs = await import('node:fs');
			return {name: latest.split('/').pop() ?? latest, text: fs.readFileSync(latest, 'utf8')};
		},
		writeRecovery(current, text) {
			return saveModule ? saveModule.writeRecoveryFile(current.backupDir, current.opened, text) : null;
		},
		async externalEdit(text, fileName, handoff) {
			return (await import('../../ecosystem/external-editor.js')).editInExternalEditor(text, {fileName, handoff});
		},
		nowMs: () => Date.now(),
	};
}

/** The same effects, with every save that wrote the file and every apply recorded in the actions log. */
export function withActionsLog(effects: EditorEffects, log: ActionsLog): EditorEffects {
	return {
		...effects,
		async save(current, text, validation, options) {
			const outcome = await effects.save(current, text, validation, options);
			const save = outcome.save;
			if (save.ok) {
				const apps = outcome.plan.targets.map(target => target.name);
				const changed = apps.length > 0 ? `; apps changed: ${apps.join(', ')}` : '';
				const how = save.method === 'in-place' ? ' (in place)' : '';
				log.append({
					atMs: effects.nowMs(),
					action: 'ecosystem-save',
					target: save.file,
					ok: true,
					result: `Saved${how}${changed}.`,
					file: save.realPath,
					backupPath: save.backupPath,
				});
			}
			return outcome;
		},
		async apply(options) {
			const result = await effects.apply(options);
			const only = options.only ? ` --only ${options.only}` : '';
			const env = options.envName ? ` --env ${options.envName}` : '';
			log.append({
				atMs: effects.nowMs(),
				action: 'ecosystem-apply',
				target: `${options.file}${only}${env}`,
				ok: result.ok,
				result: result.message,
				file: options.file,
			});
			return result;
		},
	};
}

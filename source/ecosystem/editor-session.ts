// The editor's non-visual steps, in order: find the file for the selected process, open it (fingerprint),
// load + lint it; validate a buffer (evaluated in a child process, never here); save; work out what an apply
// would change. The Ink view (source/ui/ecosystem/editor-view.tsx) only sequences these and draws.
import fs from 'node:fs';
import path from 'node:path';
import type {FieldChange} from './apply-ecosystem.js';
import {planApply, type ApplyPlan} from './apply-plan.js';
import {findEcosystemFile, type EcosystemTarget} from './find-ecosystem-file.js';
import {lintLoadedEcosystem, reportForLoadFailure, type LintReport} from './lint-ecosystem.js';
import {loadEcosystemFile, type LoadResult} from './load-ecosystem-file.js';
import {defaultBackupDir, findStrayTempFiles, openEcosystemFile, saveEcosystemFile, type OpenedEcosystemFile, type SaveResult} from './save-ecosystem-file.js';

export type EditorSession = {
	file: string;
	/** Why this file was chosen, shown in the editor's title line. */
	reason: string;
	opened: OpenedEcosystemFile;
	pm2Home: string | undefined;
	backupDir: string;
	/** The app the editor was opened for (name), if any: its findings place the cursor. */
	appName: string | null;
	/** Every app as loaded when opened (or after the last save), null when the file did not load: the baseline of an apply. */
	appsBefore: Record<string, unknown>[] | null;
	report: LintReport;
	/** Temp files of an interrupted earlier save (write-file-atomic's `<name>.<number>`) removed on open. */
	removedTempFiles: string[];
};

export type OpenSessionResult = {ok: true; session: EditorSession} | {ok: false; message: string};

/** Finds and opens the ecosystem file for `target` (or the explicit file). */
export async function openEditorSession(target: EcosystemTarget | null, options: {explicitFile?: string; pm2Home?: string}): Promise<OpenSessionResult> {
	const found = await findEcosystemFile(target, {explicitFile: options.explicitFile, pm2Home: options.pm2Home});
	if (!found.ok) return {ok: false, message: found.reason};
	let opened: OpenedEcosystemFile;
	try {
		opened = openEcosystemFile(found.found.file);
	} catch (error) {
		return {ok: false, message: `Cannot open ${found.found.file}: ${(error as Error).message}`};
	}
	const {report, load} = await validateText(opened.file, opened.text, options.pm2Home);
	const removedTempFiles = removeStaleTempFiles(opened.realPath);
	const appName = target?.name ?? null;
	return {
		ok: true,
		session: {
			file: opened.file,
			reason: found.found.reason,
			opened,
			pm2Home: options.pm2Home,
			backupDir: defaultBackupDir(options.pm2Home),
			appName,
			appsBefore: load.ok ? load.apps : null,
			report,
			removedTempFiles,
		},
	};
}

// A save killed between temp write and rename leaves `<file>.<uint32>` next to the file. Only files older
// than a minute are removed, so a save running in another pm2-doctor right now is not disturbed.
function removeStaleTempFiles(realPath: string): string[] {
	const removed: string[] = [];
	for (const stray of findStrayTempFiles(realPath)) {
		try {
			if (Date.now() - fs.statSync(stray).mtimeMs < 60_000) continue;
			fs.rmSync(stray);
			removed.push(stray);
		} catch {
			// Not ours to fight over.
		}
	}
	return removed;
}

/** Loads `text` as if it were the file's content (in a child process) and lints it. */
export async function validateText(file: string, text: string, pm2Home?: string): Promise<{report: LintReport; load: LoadResult}> {
	const load = await loadEcosystemFile(file, {sourceOverride: text, pm2Home});
	return {report: load.ok ? lintLoadedEcosystem(load) : reportForLoadFailure(load), load};
}

export type SavedOutcome = {
	save: SaveResult;
	/** Present after a successful save: the apps whose entries changed, and what a reload does with them. */
	plan: ApplyPlan;
	/** Every target's changes in one list. */
	changes: FieldChange[];
	session: EditorSession;
};

/** Saves the text (validation result passed in), and on success computes the apply preview. */
export async function saveSession(
	session: EditorSession,
	text: string,
	validation: {report: LintReport; load: LoadResult},
	options: {force?: boolean; allowInPlace?: boolean},
): Promise<SavedOutcome> {
	const save = await saveEcosystemFile(session.opened, text, {backupDir: session.backupDir, validation: validation.report, ...options});
	if (!save.ok) return {save, plan: planApply(null, null), changes: [], session};
	const appsAfter = validation.load.ok ? validation.load.apps : null;
	const plan = planApply(session.appsBefore, appsAfter);
	return {
		save,
		plan,
		changes: plan.targets.flatMap(target => target.changes),
		session: {...session, opened: save.opened, appsBefore: appsAfter ?? session.appsBefore, report: validation.report},
	};
}

/** Short display name of the session's file, relative to the cwd when that is shorter. */
export function displayPath(file: string): string {
	const relative = path.relative(process.cwd(), file);
	return relative.length < file.length && !relative.startsWith('..') ? relative : file;
}

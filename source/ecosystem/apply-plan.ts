// Which apps an apply must reach: every app whose entry in the file changed between the version the editor
// opened (or last saved) and the version just saved — not the app that happened to be selected when the
// editor opened. The plan is what the confirmation lists and what `--only` receives.
import path from 'node:path';
import {describeAppChanges, explainApply, type FieldChange} from './apply-ecosystem.js';

export type AppTarget = {
	name: string;
	changes: FieldChange[];
	execMode: 'fork' | 'cluster';
	/** The app's config as saved, to compare with what the daemon reports after the apply. */
	config: Record<string, unknown>;
};

export type ApplyPlan = {
	/** False when the saved file does not load: nothing can be applied from it. */
	loads: boolean;
	targets: AppTarget[];
	/** Apps in the previous version that the saved file no longer has (startOrReload leaves them running). */
	removed: string[];
	explanation: string[];
};

/** The name PM2 gives an app entry: its `name`, else the script's file name. */
export function appNameOf(app: Record<string, unknown>): string {
	return typeof app.name === 'string' && app.name !== '' ? app.name : path.basename(String(app.script ?? ''));
}

/**
 * Compares the apps before and after a save. `before` null means the previous version did not load, so every
 * app of the new one is a target.
 */
export function planApply(before: readonly Record<string, unknown>[] | null, after: readonly Record<string, unknown>[] | null): ApplyPlan {
	if (after === null) return {loads: false, targets: [], removed: [], explanation: []};
	const previous = new Map((before ?? []).map(app => [appNameOf(app), app]));
	const targets: AppTarget[] = [];
	for (const app of after) {
		const name = appNameOf(app);
		const changes = describeAppChanges(before === null ? {} : (previous.get(name) ?? null), app);
		if (changes.length === 0) continue;
		const execMode = typeof app.exec_mode === 'string' && app.exec_mode.startsWith('cluster') ? 'cluster' : 'fork';
		targets.push({name, changes, execMode, config: app});
	}
	const names = new Set(after.map(appNameOf));
	const removed = [...previous.keys()].filter(name => !names.has(name));
	const explanation =
		targets.length === 0
			? []
			: explainApply(
					targets.flatMap(target => target.changes),
					{execMode: targets.every(target => target.execMode === 'cluster') ? 'cluster' : 'fork', appName: targets.map(target => target.name).join(' ')},
				);
	for (const name of removed) explanation.push(`Removed from the file: ${name}. startOrReload leaves it running; \`pm2 delete ${name}\` stops it.`);
	return {loads: true, targets, removed, explanation};
}

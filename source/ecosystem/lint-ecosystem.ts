// Lints a loaded ecosystem file: PM2's own schema first (what PM2 would refuse or silently drop), then the
// best-practice rules. Every finding carries the line it refers to, for the editor and for `pm2-doctor lint`.
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import type {ConfigEdit} from './edit-config.js';
import {createKeyLocator} from './locate-keys.js';
import {appRules, type LintSeverity, type RuleContext} from './lint-rules.js';
import {loadEcosystemFile, formatLoadError, type LoadedEcosystem, type LoadOptions, type LoadResult} from './load-ecosystem-file.js';
import {loadPm2Schema, validateAppAgainstSchema} from './pm2-schema.js';
import {lintStaticServer, staticRuleIds, staticServerName} from './lint-static.js';
import {applySuppressions, findSuppressionDirectives, unknownRuleFindings, type SuppressedFinding} from './lint-suppressions.js';

export type {LintSeverity} from './lint-rules.js';
export type {SuppressedFinding} from './lint-suppressions.js';

export type LintFinding = {
	ruleId: string;
	severity: LintSeverity;
	appIndex: number | null;
	appName: string | null;
	/** Dotted key path inside the app ("env.API_TOKEN"), null for app- or file-level findings. */
	key: string | null;
	message: string;
	fix: string;
	/** The fix as a config change (one-key fix), null when it needs a human. */
	edit: ConfigEdit | null;
	/** 1-based position in the file, null when it could not be located (computed configs). */
	line: number | null;
	column: number | null;
};

export type LintReport = {
	file: string;
	/** False when the file could not be loaded: then the only finding is the load error. */
	loaded: boolean;
	appNames: string[];
	findings: LintFinding[];
	counts: Record<LintSeverity, number>;
	/** Findings silenced by a pm2-doctor-disable comment (not counted), each with the comment's line. */
	suppressed?: SuppressedFinding[];
	/** 0 clean (notes only), 1 warnings or errors, 2 unloadable — the convention of ESLint and `pm2-doctor check`. */
	exitCode: 0 | 1 | 2;
};

export type LintOptions = {
	cpuCount?: number;
	isOnPath?: (command: string) => boolean;
};

/** Lints an already loaded ecosystem file. */
export function lintLoadedEcosystem(loaded: LoadedEcosystem, options: LintOptions = {}): LintReport {
	const schema = loadPm2Schema();
	const locator = createKeyLocator(loaded.source, loaded.format);
	const findings: LintFinding[] = [];
	const cpuCount = options.cpuCount ?? os.availableParallelism();
	if (!loaded.isNameRecognizedByPm2) {
		findings.push({
			ruleId: 'file-name',
			severity: 'error',
			appIndex: null,
			appName: null,
			key: null,
			message: `PM2 does not treat "${path.basename(loaded.file)}" as an ecosystem file (it must contain .config.js, .config.cjs, .config.mjs, .json, .yml or .yaml): \`pm2 start\` would run it as a script.`,
			fix: 'Rename it, e.g. to ecosystem.config.js.',
			edit: null,
			line: null,
			column: null,
		});
	}
	const staticServers = loaded.staticServers ?? [];
	if (loaded.apps.length === 0 && staticServers.length === 0) {
		const empty = loaded.source.replace(/^\uFEFF/, '').trim() === '';
		findings.push({
			ruleId: 'no-apps',
			severity: 'error',
			appIndex: null,
			appName: null,
			key: null,
			message: `${empty ? 'The file is empty: it defines no apps' : 'The file defines no apps'} (expected module.exports = { apps: [ … ] }).`,
			fix: 'Export { apps: [{ name, script }] }.',
			edit: null,
			line: 1,
			column: 1,
		});
	}
	const seenNames = new Map<string, number>();
	const staticLocation = locator.locate(-1, ['static']);
	staticServers.forEach(entry => {
		const appName = staticServerName(entry);
		for (const staticHit of lintStaticServer(entry, path.dirname(loaded.file))) {
			findings.push({...staticHit, appIndex: null, appName, edit: null, line: staticLocation?.line ?? null, column: staticLocation?.column ?? null});
		}
		if (seenNames.has(appName)) {
			findings.push({
				ruleId: 'duplicate-name',
				severity: 'error',
				appIndex: null,
				appName,
				key: 'name',
				message: `Two static servers are named "${appName}": PM2 reloads and deletes by name, so they act on each other.`,
				fix: 'Give every static server its own name (or port).',
				edit: null,
				line: staticLocation?.line ?? null,
				column: staticLocation?.column ?? null,
			});
		}
		seenNames.set(appName, -1);
	});
	loaded.apps.forEach((app, appIndex) => {
		const appName = typeof app.name === 'string' ? app.name : null;
		const at = (keyPath: string[]) => {
			const location = keyPath.length > 0 ? locator.locate(appIndex, keyPath) : null;
			const fallback = locator.locateApp(appIndex);
			return {line: location?.line ?? fallback?.line ?? null, column: location?.column ?? fallback?.column ?? null};
		};
		if (appName !== null) {
			if (seenNames.has(appName)) {
				findings.push({
					ruleId: 'duplicate-name',
					severity: 'error',
					appIndex,
					appName,
					key: 'name',
					message: `Two apps are named "${appName}": PM2 reloads and deletes by name, so they act on each other.`,
					fix: 'Give every app a unique name.',
					edit: null,
					...at(['name']),
				});
			}
			seenNames.set(appName, appIndex);
		}
		for (const problem of validateAppAgainstSchema(app, schema)) {
			findings.push({
				ruleId: problem.kind === 'unknown-key' ? 'schema-unknown-key' : 'schema',
				severity: problem.kind === 'unknown-key' ? 'warning' : 'error',
				appIndex,
				appName,
				key: problem.key,
				message: problem.message,
				fix: problem.suggestion
					? `Rename "${problem.key}" to "${problem.suggestion}".`
					: problem.suggestedValue !== undefined
						? `Write ${JSON.stringify(problem.suggestedValue)}.`
						: problem.kind === 'unknown-key'
							? `Remove "${problem.key}" or check the PM2 documentation for the right name.`
							: 'Use a value PM2 accepts (see the message).',
				edit:
					problem.suggestedValue !== undefined
						? {appName, key: problem.key, value: problem.suggestedValue, description: `Write ${JSON.stringify(problem.suggestedValue)}.`}
						: null,
				...at([problem.key]),
			});
		}
		const context: RuleContext = {
			file: loaded.file,
			cpuCount,
			isLiteralValue: keyPath => locator.locate(appIndex, keyPath)?.isLiteralValue ?? null,
			isOnPath: options.isOnPath ?? isOnPath,
		};
		for (const rule of appRules) {
			for (const ruleHit of rule.check(app, context)) {
				findings.push({
					ruleId: ruleHit.ruleId,
					severity: ruleHit.severity,
					appIndex,
					appName,
					key: ruleHit.keyPath.length > 0 ? ruleHit.keyPath.join('.') : null,
					message: ruleHit.message,
					fix: ruleHit.fix,
					edit: ruleHit.edit ? {appName, key: ruleHit.edit.key, value: ruleHit.edit.value, description: ruleHit.fix} : null,
					...at(ruleHit.keyPath),
				});
			}
		}
	});
	const directives = findSuppressionDirectives(loaded.source, loaded.apps.length, appIndex => locator.appLineRange(appIndex));
	const {kept, suppressed} = applySuppressions(findings, directives);
	const appNames = [...loaded.apps.map(app => String(app.name ?? '')), ...staticServers.map(staticServerName)];
	return buildReport(loaded.file, true, appNames, [...kept, ...unknownRuleFindings(directives, knownRuleIds)], suppressed);
}

/** Every rule id a finding of a loaded file can have (what pm2-doctor-disable comments may name). */
export const knownRuleIds: ReadonlySet<string> = new Set([
	'file-name',
	'no-apps',
	'duplicate-name',
	'schema',
	'schema-unknown-key',
	...appRules.map(rule => rule.id),
	...staticRuleIds,
]);

const loadFailureFixes: Partial<Record<Exclude<LoadResult, {ok: true}>['kind'], string>> = {
	timeout: 'Remove endless loops and open handles (timers, servers, connections) from the file: it must only export a configuration.',
	'not-found': 'Check the path.',
	'not-regular-file': 'Pass the ecosystem file itself (a regular file, or a symlink to one).',
	'file-too-large': 'Pass the ecosystem file itself: one is a few KiB.',
};

/** Turns a load failure into a one-finding report (exit code 2). */
export function reportForLoadFailure(result: Exclude<LoadResult, {ok: true}>): LintReport {
	const line = 'line' in result ? result.line : null;
	const column = 'column' in result ? result.column : null;
	return buildReport(
		result.file,
		false,
		[],
		[
			{
				ruleId: `load-${result.kind}`,
				severity: 'error',
				appIndex: null,
				appName: null,
				key: null,
				message: formatLoadError(result),
				fix: loadFailureFixes[result.kind] ?? 'Fix the file so that `node` can load it.',
				edit: null,
				line,
				column,
			},
		],
	);
}

/** Loads (in a child process) and lints a file. */
export async function lintEcosystemFile(file: string, options: LintOptions & LoadOptions = {}): Promise<{report: LintReport; load: LoadResult}> {
	const load = await loadEcosystemFile(file, options);
	return {report: load.ok ? lintLoadedEcosystem(load, options) : reportForLoadFailure(load), load};
}

function buildReport(file: string, loaded: boolean, appNames: string[], findings: LintFinding[], suppressed: SuppressedFinding[] = []): LintReport {
	const order: Record<LintSeverity, number> = {error: 0, warning: 1, info: 2};
	findings.sort((a, b) => order[a.severity] - order[b.severity] || (a.line ?? 1e9) - (b.line ?? 1e9));
	const counts: Record<LintSeverity, number> = {error: 0, warning: 0, info: 0};
	for (const finding of findings) counts[finding.severity]++;
	const exitCode = !loaded ? 2 : counts.error + counts.warning > 0 ? 1 : 0;
	return {file, loaded, appNames, findings, counts, suppressed, exitCode};
}

/** Returns true when `command` is an executable in PATH (what PM2's `which` fallback does for "script"). */
export function isOnPath(command: string): boolean {
	for (const directory of (process.env.PATH ?? '').split(path.delimiter)) {
		if (!directory) continue;
		try {
			fs.accessSync(path.join(directory, command), fs.constants.X_OK);
			return true;
		} catch {
			// Not here.
		}
	}
	return false;
}

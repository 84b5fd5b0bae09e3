// Silencing lint rules where the author knows better. A comment names the rules:
//
//     // pm2-doctor-disable max-memory-restart, env-block      (JS and JSON files; /* … */ works too)
//     # pm2-doctor-disable max-memory-restart                  (YAML)
//
// inside an app's object it silences those rules for that app; anywhere else, for the whole file. Without rule
// names it silences every rule in its scope. Silenced findings leave the counts and the exit code but stay in the
// report (`suppressed`, with the comment's line), so `--json` says what was silenced and why.
import type {LintFinding} from './lint-ecosystem.js';

export type SuppressionDirective = {
	/** 1-based line of the comment. */
	line: number;
	/** Rules it names; empty = every rule. */
	ruleIds: string[];
	/** The app it applies to, or null for the whole file. */
	appIndex: number | null;
};

export type SuppressedFinding = LintFinding & {suppressedBy: {line: number; scope: 'app' | 'file'}};

const directivePattern = /(?:\/\/|\/\*|#)\s*pm2-doctor-disable(?![\w-])([^\n]*)/;

/** Finds the directives in a source; `appLineRange` tells which app (if any) a line belongs to. */
export function findSuppressionDirectives(
	source: string,
	appCount: number,
	appLineRange: (appIndex: number) => {startLine: number; endLine: number} | null,
): SuppressionDirective[] {
	const directives: SuppressionDirective[] = [];
	source.split('\n').forEach((text, index) => {
		const match = directivePattern.exec(text);
		if (!match) return;
		const line = index + 1;
		const ruleIds = match[1]!
			.replace(/\*\/.*$/, '')
			.split(/[\s,]+/)
			.filter(Boolean);
		let appIndex: number | null = null;
		for (let candidate = 0; candidate < appCount; candidate++) {
			const range = appLineRange(candidate);
			if (range && line >= range.startLine && line <= range.endLine) appIndex = candidate;
		}
		directives.push({line, ruleIds, appIndex});
	});
	return directives;
}

/** Splits findings into the ones that count and the ones a directive silences. Load errors are never silenced. */
export function applySuppressions(findings: LintFinding[], directives: SuppressionDirective[]): {kept: LintFinding[]; suppressed: SuppressedFinding[]} {
	const kept: LintFinding[] = [];
	const suppressed: SuppressedFinding[] = [];
	for (const finding of findings) {
		const directive = finding.ruleId.startsWith('load-')
			? undefined
			: directives.find(
					candidate =>
						(candidate.appIndex === null || candidate.appIndex === finding.appIndex) &&
						(candidate.ruleIds.length === 0 || candidate.ruleIds.includes(finding.ruleId)),
				);
		if (directive) suppressed.push({...finding, suppressedBy: {line: directive.line, scope: directive.appIndex === null ? 'file' : 'app'}});
		else kept.push(finding);
	}
	return {kept, suppressed};
}

/** Findings for directives that name rules that do not exist (a typo would otherwise silence nothing, silently). */
export function unknownRuleFindings(directives: SuppressionDirective[], knownRuleIds: ReadonlySet<string>): LintFinding[] {
	return directives.flatMap(directive =>
		directive.ruleIds
			.filter(ruleId => !knownRuleIds.has(ruleId))
			.map(ruleId => ({
				ruleId: 'unknown-rule',
				severity: 'warning' as const,
				appIndex: directive.appIndex,
				appName: null,
				key: null,
				message: `pm2-doctor-disable names "${ruleId}", which is not a lint rule: it silences nothing.`,
				fix: `Use one of: ${[...knownRuleIds].sort().join(', ')}.`,
				edit: null,
				line: directive.line,
				column: 1,
			})),
	);
}

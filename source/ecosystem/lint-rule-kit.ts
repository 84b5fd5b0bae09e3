// What every ecosystem lint rule shares: its hit, its context and the helper that builds a hit.
export type LintSeverity = 'error' | 'warning' | 'info';

export type RuleHit = {
	ruleId: string;
	severity: LintSeverity;
	/** Where to point in the file: a key path inside the app (e.g. ['env', 'API_TOKEN']); [] = the app itself. */
	keyPath: string[];
	message: string;
	fix: string;
	/** The fix as a config change, when it is one (applied as a one-key fix in the editor). */
	edit?: {key: string; value: unknown};
};

export type RuleContext = {
	/** Absolute path of the ecosystem file; relative paths resolve against its folder (pm2-doctor applies from there). */
	file: string;
	cpuCount: number;
	/** Whether a key's value is written literally in the file (from the source locator); null when unknown. */
	isLiteralValue(keyPath: string[]): boolean | null;
	/** Lookup of a bare command in PATH (injected for tests). */
	isOnPath(command: string): boolean;
};

export type AppRule = {id: string; check(app: Record<string, unknown>, context: RuleContext): RuleHit[]};

export const hit = (ruleId: string, severity: LintSeverity, keyPath: string[], message: string, fix: string, edit?: RuleHit['edit']): RuleHit => ({
	ruleId,
	severity,
	keyPath,
	message,
	fix,
	...(edit ? {edit} : {}),
});

export const mib = 1024 * 1024;

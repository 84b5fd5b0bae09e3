// Best-practice rules for PM2 ecosystem apps. Each rule looks at one loaded app (plus the file it came from) and
// returns hits with an id, severity, message and a concrete fix, relying on PM2 7's behaviour. Rules fit the kind
// of app (lint-app-facts.ts): a job (`autorestart: false`, one-shot or cron) exits by design, so advice about
// restarting and draining a long-running service does not apply to it.
// The rules live in one file per topic; this is their order in a report.
import type {AppRule} from './lint-rule-kit.js';
import {configRules} from './lint-rules-config.js';
import {runtimeRules} from './lint-rules-runtime.js';
import {startRules} from './lint-rules-start.js';

export {appCwd, instanceCount, isClusterMode, isJob, looksLikeSecretValue, runsOnNode, validateCronPattern} from './lint-app-facts.js';
export type {AppRule, LintSeverity, RuleContext, RuleHit} from './lint-rule-kit.js';

export const appRules: AppRule[] = [...startRules, ...runtimeRules, ...configRules];

// What the confirmation and `--only` need from an apply plan, without the modules that compute it (the app
// loads this at start-up; the plan itself needs the file loader, acorn and yaml, which load with the editor).
import type {ApplyPlan} from './apply-plan.js';

/** The `--only` value for the plan's targets (PM2 splits it on commas). */
export function onlyArgument(plan: ApplyPlan): string {
	return plan.targets.map(target => target.name).join(',');
}

/** Names of the env_<name> blocks that changed (they apply only with --env <name>). */
export function envBlockNames(plan: Pick<ApplyPlan, 'targets'>): string[] {
	const changes = plan.targets.flatMap(target => target.changes);
	return [...new Set(changes.filter(change => change.effect === 'needs-env-flag').map(change => change.key.split('.')[0]!.slice('env_'.length)))];
}

// The one way the UI changes PM2 state: every action (the table's keys, the palette, the doctor's fixes)
// is planned here, confirmed by the user with the text the plan gives, then run here. A plan is refused
// under --read-only and while the daemon is not attached or not answering: its socket would keep the
// request and run it whenever the daemon wakes up, or a later daemon would get it.
// An action on an app acts on all its instances one after the other (as `pm2 reload NAME` does, so a
// cluster app keeps serving); on an instance, on that instance only.
import type {ConnectionState, ProcessSnapshot} from '../model/types.js';
import type {ActionsLog} from '../logs/actions-log.js';
import {actionTimeoutMs} from '../pm2/daemon-client.js';
import {actionWords, describeTarget, signalNames, type ProcessActionSpec} from './action-text.js';

export {signalNames, type ProcessActionSpec} from './action-text.js';

/** One RPC on one pm_id; `duplicate` and `delete` are also what `pm2 scale` sends. */
export type InstanceCall =
	{kind: 'restart' | 'reload' | 'stop' | 'start' | 'reset' | 'delete' | 'duplicate'} | {kind: 'signal'; signal: string} | {kind: 'flush'; logPaths: string[]};

/** What the actions need from the daemon (source/pm2/daemon-client.ts; a fake in the unit tests). */
export type ActionsDaemonClient = {
	readonly isAttached: boolean;
	/** Resolves when the daemon has done it; rejects on its error, or when it has not answered within `timeoutMs`. */
	callProcess(pmId: number, call: InstanceCall, timeoutMs: number): Promise<void>;
};

/** What an action acts on: an app (all its instances) or one instance. */
export type ActionTarget = {scope: 'app'; name: string; instances: readonly ProcessSnapshot[]} | {scope: 'instance'; process: ProcessSnapshot};

export type ActionResult = {ok: boolean; message: string};

export type ActionPlan =
	| {kind: 'refused'; message: string}
	| {
			kind: 'confirm';
			title: string;
			/** The question, naming exactly what is acted on. */
			message: string;
			/** Asked after the first yes (SIGKILL: the app cannot clean up). */
			secondMessage?: string;
			progressMessage: string;
			run(): Promise<ActionResult>;
	  };

export type ActionsService = {
	plan(action: ProcessActionSpec, target: ActionTarget | null): ActionPlan;
};

export type ActionsServiceOptions = {
	client: ActionsDaemonClient;
	home: string;
	readOnly: boolean;
	connection(): ConnectionState;
	/** Asks for a prompt poll, so the effect shows without waiting for the scheduled one. */
	onActed?(): void;
	/** Deadline of each RPC. */
	callDeadlineMs?: number;
	/** Where every action that was sent is recorded, with its result (the incident report lists them). */
	log?: ActionsLog;
};

export function createActionsService(options: ActionsServiceOptions): ActionsService {
	const deadlineMs = options.callDeadlineMs ?? actionTimeoutMs;

	function refusal(verb: string): string | null {
		if (options.readOnly) return `${verb} refused: pm2-doctor runs read-only (--read-only).`;
		const connection = options.connection();
		if (connection.kind === 'not-answering') {
			return `${verb} refused: the PM2 daemon at ${options.home} is not answering (it would run the action whenever it wakes up).`;
		}
		if (connection.kind !== 'attached' || !options.client.isAttached) {
			return `${verb} refused: not attached to the PM2 daemon at ${options.home} (it would run later, against whatever daemon is there then).`;
		}
		return null;
	}

	async function call(pmId: number, instanceCall: InstanceCall): Promise<void> {
		let timer: NodeJS.Timeout | undefined;
		const deadline = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`PM2 did not answer within ${deadlineMs / 1000} s`)), deadlineMs);
			timer.unref?.();
		});
		try {
			await Promise.race([options.client.callProcess(pmId, instanceCall, deadlineMs), deadline]);
		} finally {
			clearTimeout(timer);
		}
	}

	type Step = {pmId: number; call: InstanceCall};
	/** Runs and records an action; a refusal sent nothing, so it is not recorded. */
	async function runSteps(action: string, verb: string, what: string, steps: Step[], done: string): Promise<ActionResult> {
		const refused = refusal(verb);
		if (refused) return {ok: false, message: refused};
		const result = await callSteps(verb, what, steps, done);
		options.log?.append({atMs: Date.now(), action, target: what, ok: result.ok, result: result.message});
		return result;
	}

	/** The calls, one after the other; stops at the first failure (as pm2 does) and says how far it got. */
	async function callSteps(verb: string, what: string, steps: Step[], done: string): Promise<ActionResult> {
		let completed = 0;
		try {
			for (const step of steps) {
				// The daemon may have gone silent between two instances of a rolling reload.
				const stillRefused = completed > 0 ? refusal(verb) : null;
				if (stillRefused) return {ok: false, message: `${stillRefused} ${completed} of ${steps.length} done.`};
				await call(step.pmId, step.call);
				completed++;
			}
			return {ok: true, message: done};
		} catch (error) {
			const progress = steps.length > 1 ? ` (${completed} of ${steps.length} done)` : '';
			return {ok: false, message: `${verb} of ${what} failed${progress}: ${(error as Error).message}`};
		} finally {
			options.onActed?.();
		}
	}

	return {
		plan(action, target) {
			const words = actionWords[action.kind];
			if (!target) return {kind: 'refused', message: `${words.title}: no process selected.`};
			const refused = refusal(words.title);
			if (refused) return {kind: 'refused', message: refused};
			const instances = target.scope === 'app' ? [...target.instances].sort((a, b) => a.pmId - b.pmId) : [target.process];
			const first = instances[0];
			if (!first) return {kind: 'refused', message: `${words.title}: the app has no instances.`};
			const what = describeTarget(target, instances);
			const base = {title: words.title, progressMessage: `${words.progressive} ${what.short}…`};
			const each = (instanceCall: InstanceCall) => instances.map(process => ({pmId: process.pmId, call: instanceCall}));
			switch (action.kind) {
				case 'scale': {
					if (target.scope !== 'app') return {kind: 'refused', message: `Scale acts on an app: select the app row of "${what.name}".`};
					const wanted = action.instances;
					if (!Number.isInteger(wanted) || wanted < 1) return {kind: 'refused', message: `Scale: give a number of instances of 1 or more (got ${wanted}).`};
					if (wanted === instances.length) return {kind: 'refused', message: `Scale: "${what.name}" already runs ${wanted} instance(s).`};
					// Up: copies of the first instance (pm2 scale duplicates one); down: the newest instances go.
					const steps =
						wanted > instances.length
							? Array.from({length: wanted - instances.length}, () => ({pmId: first.pmId, call: {kind: 'duplicate'} as InstanceCall}))
							: instances.slice(wanted).map(process => ({pmId: process.pmId, call: {kind: 'delete'} as InstanceCall}));
					return {
						kind: 'confirm',
						...base,
						message: `Scale "${what.name}" from ${instances.length} to ${wanted} instance(s)?`,
						run: () => runSteps(`scale to ${wanted}`, words.title, what.short, steps, `Scaled "${what.name}" to ${wanted} instance(s).`),
					};
				}
				case 'signal': {
					if (!signalNames.includes(action.signal))
						return {kind: 'refused', message: `Signal: unknown signal ${action.signal} (one of ${signalNames.join(', ')}).`};
					return {
						kind: 'confirm',
						...base,
						title: `Send ${action.signal}`,
						message: `Send ${action.signal} to ${what.long}?`,
						...(action.signal === 'SIGKILL'
							? {secondMessage: `SIGKILL ends ${what.short} at once, without any cleanup (open requests and unsaved data are lost). Really send it?`}
							: {}),
						progressMessage: `Sending ${action.signal} to ${what.short}…`,
						run: () =>
							runSteps(
								`signal ${action.signal}`,
								'Signal',
								what.short,
								each({kind: 'signal', signal: action.signal}),
								`Sent ${action.signal} to ${what.short}.`,
							),
					};
				}
				case 'flush': {
					const steps = instances.map(process => ({
						pmId: process.pmId,
						call: {kind: 'flush', logPaths: [process.outLogPath, process.errLogPath, process.combinedLogPath].filter(isLogFile)} as InstanceCall,
					}));
					return {
						kind: 'confirm',
						...base,
						message: `${words.ask} ${what.long}?`,
						run: () => runSteps(action.kind, words.title, what.short, steps, `${words.past} ${what.short}.`),
					};
				}
				default:
					return {
						kind: 'confirm',
						...base,
						message: `${words.ask} ${what.long}?`,
						run: () => runSteps(action.kind, words.title, what.short, each({kind: action.kind} as InstanceCall), `${words.past} ${what.short}.`),
					};
			}
		},
	};
}

function isLogFile(path: string | null): path is string {
	return path !== null && path !== '/dev/null' && path !== 'NULL';
}

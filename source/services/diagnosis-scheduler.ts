// The one diagnosis schedule of the interactive UI. Its single result feeds the process table's severity
// badges and the doctor view alike (they used to run the checks each on their own timer, and could disagree).
//
// How often: every 5 s while the doctor view is open, every 30 s while only the table shows findings (10 s
// during the first minute, so early findings such as a clear leak reach the badges within 20 s of attach),
// not at all while a view that shows no findings covers the screen (logs, editor, timeline) or nobody is
// subscribed. Never two runs at a time: a re-run asked for during a run happens right after it.
// Runs wait for the store's first poll: checks on an empty list would report a healthy host.
import type {DoctorFacts, Finding} from '../doctor/check-types.js';
import {runChecks} from '../doctor/checks.js';
import type {LiveStore, StoreState} from './store/store-types.js';

/** A diagnosis run: findings, or still running / failed (keeping the previous findings meanwhile). */
export type Diagnosis =
	| {status: 'running'; findings: Finding[] | null; checkedAtMs: number | null}
	| {status: 'done'; findings: Finding[]; checkedAtMs: number}
	| {status: 'failed'; error: string; findings: Finding[] | null; checkedAtMs: number | null};

/** Gathers what the checks read (host facts, log tails) for the store's current state. */
export type FactGatherer = (input: {home: string; state: StoreState; nowMs: number}) => Promise<DoctorFacts>;

/** The time source and timers the scheduler uses (fake ones in tests). */
export type SchedulerClock = {
	now(): number;
	setTimeout(callback: () => void, delayMs: number): unknown;
	clearTimeout(handle: unknown): void;
};

export const systemClock: SchedulerClock = {
	now: () => Date.now(),
	setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
	clearTimeout: handle => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** What is on screen, as far as findings are concerned. */
export type DiagnosisAudience = 'doctor' | 'table' | 'none';

export type DiagnosisCommand = {type: 'audience'; audience: DiagnosisAudience} | {type: 're-run'};

export type DiagnosisScheduler = {
	getSnapshot(): Diagnosis;
	/** The first subscriber starts the schedule, the last one to leave stops it. */
	subscribe(listener: () => void): () => void;
	send(command: DiagnosisCommand): void;
};

/** `deadlineMs`: a run that takes longer is reported failed and the schedule goes on (a hung /proc read must not stop it). */
export type DiagnosisIntervals = {doctorMs: number; tableMs: number; warmUpTableMs: number; warmUpMs: number; deadlineMs: number};

export const defaultDiagnosisIntervals: DiagnosisIntervals = {doctorMs: 5000, tableMs: 30_000, warmUpTableMs: 10_000, warmUpMs: 60_000, deadlineMs: 30_000};

export type DiagnosisSchedulerOptions = {
	store: Pick<LiveStore, 'home' | 'getState' | 'subscribe'>;
	gatherFacts: FactGatherer;
	clock?: SchedulerClock;
	/** The checks (default: every check); the `check` command runs the same ones. */
	diagnose?: (facts: DoctorFacts) => Finding[];
	intervals?: Partial<DiagnosisIntervals>;
	/** Who watches at start (default: the table). */
	audience?: DiagnosisAudience;
};

export function createDiagnosisScheduler(options: DiagnosisSchedulerOptions): DiagnosisScheduler {
	const {store, gatherFacts} = options;
	const clock = options.clock ?? systemClock;
	const diagnose = options.diagnose ?? (facts => runChecks(facts));
	const intervals = {...defaultDiagnosisIntervals, ...options.intervals};
	const listeners = new Set<() => void>();
	let diagnosis: Diagnosis = {status: 'running', findings: null, checkedAtMs: null};
	let audience: DiagnosisAudience = options.audience ?? 'table';
	let startedAtMs: number | null = null;
	let lastRunAtMs: number | null = null;
	let running = false;
	let rerunAfterThis = false;
	let timer: unknown = null;
	let unsubscribeStore: (() => void) | null = null;
	let waitingForFirstPoll = false;

	const publish = (next: Diagnosis) => {
		diagnosis = next;
		for (const listener of [...listeners]) listener();
	};

	const intervalMs = (): number | null => {
		if (audience === 'none') return null;
		if (audience === 'doctor') return intervals.doctorMs;
		const inWarmUp = startedAtMs !== null && clock.now() - startedAtMs < intervals.warmUpMs;
		return inWarmUp ? intervals.warmUpTableMs : intervals.tableMs;
	};

	const clearTimer = () => {
		if (timer !== null) clock.clearTimeout(timer);
		timer = null;
	};

	/** Sets the one timer for the next run from the last run and the current audience. */
	const reschedule = () => {
		clearTimer();
		const everyMs = intervalMs();
		if (listeners.size === 0 || running || everyMs === null) return;
		const dueInMs = lastRunAtMs === null ? 0 : Math.max(0, lastRunAtMs + everyMs - clock.now());
		timer = clock.setTimeout(() => {
			timer = null;
			run();
		}, dueInMs);
	};

	const hasFirstPoll = () => {
		const state = store.getState();
		return state.snapshot !== null || state.connection.kind !== 'connecting';
	};

	const run = () => {
		if (running) {
			rerunAfterThis = true;
			return;
		}
		if (!hasFirstPoll()) {
			waitingForFirstPoll = true;
			return;
		}
		waitingForFirstPoll = false;
		running = true;
		clearTimer();
		lastRunAtMs = clock.now();
		publish({status: 'running', findings: diagnosis.findings, checkedAtMs: diagnosis.checkedAtMs});
		let deadline: unknown = null;
		const overdue = new Promise<never>((_, reject) => {
			deadline = clock.setTimeout(
				() => reject(new Error(`the checks took longer than ${Math.round(intervals.deadlineMs / 1000)} s (a slow /proc or file system?)`)),
				intervals.deadlineMs,
			);
		});
		Promise.race([gatherFacts({home: store.home, state: store.getState(), nowMs: lastRunAtMs}), overdue])
			.then(facts => publish({status: 'done', findings: diagnose(facts), checkedAtMs: clock.now()}))
			.catch((error: unknown) =>
				publish({status: 'failed', error: String((error as Error)?.message ?? error), findings: diagnosis.findings, checkedAtMs: diagnosis.checkedAtMs}),
			)
			.finally(() => {
				clock.clearTimeout(deadline);
				running = false;
				if (rerunAfterThis && listeners.size > 0) {
					rerunAfterThis = false;
					run();
				} else reschedule();
			});
	};

	const start = () => {
		startedAtMs ??= clock.now();
		unsubscribeStore = store.subscribe(() => {
			if (waitingForFirstPoll && hasFirstPoll()) run();
		});
		reschedule();
	};

	const stop = () => {
		clearTimer();
		unsubscribeStore?.();
		unsubscribeStore = null;
		rerunAfterThis = false;
		waitingForFirstPoll = false;
	};

	return {
		getSnapshot: () => diagnosis,
		subscribe(listener) {
			listeners.add(listener);
			if (listeners.size === 1) start();
			return () => {
				if (!listeners.delete(listener)) return;
				if (listeners.size === 0) stop();
			};
		},
		send(command) {
			if (command.type === 're-run') {
				if (listeners.size > 0) run();
				return;
			}
			if (command.audience === audience) return;
			audience = command.audience;
			if (!running) reschedule();
		},
	};
}

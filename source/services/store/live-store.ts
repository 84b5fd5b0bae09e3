// The live store: the one place that keeps pm2-doctor's picture of the daemon up to date.
// It lives outside React (components subscribe with useSyncExternalStore) so polling,
// back-off and history do not depend on rendering, and headless commands can reuse it.
//
// Why polling list() and not the bus: the bus delivers every app's log chunks to every
// subscriber (measured ~6 % of a core at ~770 chunks/s), so its cost grows with the apps'
// log volume; list() at 1 Hz costs ~1 % and is the only source of heap metrics anyway.
// Process events (restarts, exits, memory-limit kills) come from diffing successive polls
// and from the daemon's own pm2.log, which is followed as a file.
import type {ConnectionState, DaemonLogLine, DaemonSnapshot, MetricSample, ProcessSnapshot} from '../../model/types.js';
import type {LiveStore, ReadonlyRing, StoreDaemonClient, StoreState} from './store-types.js';
import {createPollSchedule} from './poll-schedule.js';
import {createRingBuffer} from '../../model/ring-buffer.js';
import {historyCapacityFor, recordSnapshotSamples} from '../../model/process-history.js';
import {keepPoll} from '../../model/poll-window.js';
// Restart timeline: fed from the polls and pm2.log lines below, see timeline-feed.ts.
import {createTimelineFeed} from './timeline-feed.js';
import {withGiveUp} from './with-give-up.js';

/** Longest delay before a background change (see updateInBackground) is shown. */
const backgroundNotifyDelayMs = 1000;
/**
 * A poll unanswered this long marks the daemon "not answering". A daemon stopped with SIGSTOP, or stuck,
 * keeps its socket open (the kernel even accepts new connections for it), so silence is the only sign.
 * The same as the transport's read deadline.
 */
const defaultPollDeadlineMs = 5000;
/**
 * How long an unanswered poll is still awaited before it is given up and sent again. Waiting on the same
 * request, rather than sending a new one at every deadline, lets a daemon that wakes up answer at once,
 * and a long freeze queues one request per give-up in the daemon's socket instead of one per poll.
 */
const defaultPollGiveUpMs = 30_000;
/** After an action, the next poll comes this soon to show its effect. */
const actionFollowUpPollDelayMs = 300;

export type LiveStoreOptions = {
	home: string;
	/** The RPC transport to the daemon at `home` (pm2/daemon-client.ts; a fake in the unit tests). */
	client: StoreDaemonClient;
	readOnly?: boolean;
	basePollIntervalMs?: number;
	pollDeadlineMs?: number;
	pollGiveUpMs?: number;
	/** Samples kept per process (1 h at 1 Hz by default), lowered with many processes (model/process-history.ts). */
	historyCapacity?: number;
	daemonLogCapacity?: number;
	/** Source of daemon log lines ($PM2_HOME/pm2.log), started on attach and stopped on stop(). */
	followDaemonLog?: (home: string, onLines: (lines: DaemonLogLine[], delivery?: {backfill: boolean}) => void) => {close(): void};
	now?: () => number;
};

export function createLiveStore(options: LiveStoreOptions): LiveStore {
	const now = options.now ?? Date.now;
	const {client, home} = options;
	const schedule = createPollSchedule({baseIntervalMs: options.basePollIntervalMs ?? 1000});
	const pollDeadlineMs = options.pollDeadlineMs ?? defaultPollDeadlineMs;
	const pollGiveUpMs = Math.max(pollDeadlineMs, options.pollGiveUpMs ?? defaultPollGiveUpMs);
	const historyCapacity = options.historyCapacity ?? 3600;
	const histories = new Map<number, ReadonlyRing<MetricSample>>();
	const daemonLog = createRingBuffer<DaemonLogLine>(options.daemonLogCapacity ?? 2000);
	const listeners = new Set<() => void>();
	const timelineFeed = createTimelineFeed({now, onChange: updateInBackground});

	let state: StoreState = {
		revision: 0,
		connection: {kind: 'connecting', home},
		snapshot: null,
		histories,
		polls: [],
		daemonLog,
		lastPollDurationMs: null,
		pollIntervalMs: schedule.intervalMs,
		timeline: timelineFeed.state,
	};
	let running = false;
	let timer: NodeJS.Timeout | null = null;
	let notifyQueued = false;
	let daemonLogFollower: {close(): void} | null = null;
	let backgroundTimer: NodeJS.Timeout | null = null;
	/** The poll awaiting its answer: polls never overlap, and one orphaned by a detach is ignored when it settles. */
	let pollInFlight: object | null = null;
	/** An action asked for a prompt poll while one was in flight: it follows that one. */
	let followUpPollWanted = false;
	/** pm2.log recorded an event while a poll was in flight: the next one comes at the prompt interval. */
	let eventPollWanted = false;
	/** When the scheduled poll is due (epoch ms of `now`), or null when the timer is not a poll's. */
	let pollDueAtMs: number | null = null;
	let lastPollEndedAtMs = 0;

	function notify() {
		if (notifyQueued) return;
		notifyQueued = true;
		if (backgroundTimer) clearTimeout(backgroundTimer);
		backgroundTimer = null;
		// Coalesce the updates of one tick into one notification (one render).
		setImmediate(() => {
			notifyQueued = false;
			for (const listener of listeners) listener();
		});
	}

	function update(patch: Partial<StoreState>) {
		state = {...state, ...patch, revision: state.revision + 1};
		notify();
	}

	/**
	 * For changes nobody waits for (pm2.log lines, timeline back-fill): shown with the next poll,
	 * or within backgroundNotifyDelayMs, so a chatty pm2.log does not add renders of its own.
	 */
	function updateInBackground() {
		state = {...state, revision: state.revision + 1};
		if (notifyQueued || backgroundTimer) return;
		backgroundTimer = setTimeout(notify, backgroundNotifyDelayMs);
		backgroundTimer.unref?.();
	}

	function setConnection(connection: ConnectionState) {
		update({connection});
	}

	function scheduleNext(delayMs: number, step: () => Promise<void>) {
		if (!running) return;
		if (timer) clearTimeout(timer);
		pollDueAtMs = step === pollStep ? now() + delayMs : null;
		timer = setTimeout(() => {
			timer = null;
			pollDueAtMs = null;
			void step();
		}, delayMs);
		timer.unref?.();
	}

	function forgetPollInFlight() {
		pollInFlight = null;
		followUpPollWanted = false;
		eventPollWanted = false;
	}

	/**
	 * pm2.log recorded something (an exit, a start, a restart): the quiet interval can be long with many
	 * processes, so the change is fetched at the prompt interval after the last poll instead.
	 */
	function pollSoonAfterDaemonEvent() {
		if (!running || !client.isAttached || state.connection.kind !== 'attached') return;
		if (pollInFlight) {
			eventPollWanted = true;
			return;
		}
		const dueAtMs = lastPollEndedAtMs + schedule.promptIntervalMs;
		if (pollDueAtMs === null || dueAtMs >= pollDueAtMs) return;
		scheduleNext(Math.max(0, dueAtMs - now()), pollStep);
	}

	async function attachStep(): Promise<void> {
		if (!running) return;
		forgetPollInFlight();
		const outcome = await client.attach(reason => {
			if (!running) return;
			forgetPollInFlight();
			const delayMs = schedule.reattachDelayMs();
			setConnection({kind: 'unreachable', home, reason, sinceMs: now(), nextRetryAtMs: now() + delayMs});
			scheduleNext(delayMs, attachStep);
		});
		if (!running) {
			client.detach();
			return;
		}
		if (!outcome.ok) {
			const delayMs = schedule.reattachDelayMs();
			if (outcome.probe.kind === 'permission-denied') {
				setConnection({kind: 'permission-denied', home, reason: outcome.reason});
			} else {
				const since = state.connection.kind === 'unreachable' ? state.connection.sinceMs : now();
				setConnection({kind: 'unreachable', home, reason: outcome.reason, sinceMs: since, nextRetryAtMs: now() + delayMs});
			}
			scheduleNext(delayMs, attachStep);
			return;
		}
		schedule.attached();
		const daemonPid = outcome.probe.kind === 'alive' ? outcome.probe.daemonPid : null;
		setConnection({kind: 'attached', home, daemonPid, sinceMs: now()});
		if (!daemonLogFollower && options.followDaemonLog) {
			daemonLogFollower = options.followDaemonLog(home, (lines, delivery) => {
				for (const line of lines) daemonLog.push(line);
				timelineFeed.onDaemonLogLines(lines);
				updateInBackground();
				// The back-fill is history the attach poll already covers; only new lines are events.
				if (!delivery?.backfill) pollSoonAfterDaemonEvent();
			});
		}
		// A full resync on every (re)attach: events published while detached are lost.
		await pollStep();
	}

	function markNotAnswering(sentAtMs: number) {
		const connection = state.connection;
		if (!running || connection.kind !== 'attached') return;
		const reason = `no answer to the process list within ${pollDeadlineMs / 1000} s`;
		setConnection({kind: 'not-answering', home, daemonPid: connection.daemonPid, reason, sinceMs: sentAtMs});
	}

	async function pollStep(): Promise<void> {
		if (!running || !client.isAttached || pollInFlight) return;
		const poll = {};
		pollInFlight = poll;
		const startedAtMs = now();
		const deadlineTimer = setTimeout(() => {
			if (pollInFlight === poll) markNotAnswering(startedAtMs);
		}, pollDeadlineMs);
		deadlineTimer.unref?.();
		let processes: ProcessSnapshot[] | null = null;
		try {
			processes = await withGiveUp(client.listProcesses(pollGiveUpMs), pollGiveUpMs);
		} catch {
			// Handled below: a failed poll leaves the data as it was.
		}
		clearTimeout(deadlineTimer);
		if (pollInFlight !== poll || !running) return;
		pollInFlight = null;
		lastPollEndedAtMs = now();
		const durationMs = lastPollEndedAtMs - startedAtMs;
		if (processes) {
			const snapshot: DaemonSnapshot = {takenAtMs: now(), processes};
			recordSnapshotSamples(histories, snapshot, historyCapacityFor(processes.length, historyCapacity));
			timelineFeed.onSnapshot(state.snapshot, snapshot);
			schedule.pollSucceeded(durationMs, processes.length);
			// An answer, however late, means the daemon is back.
			const connection: ConnectionState =
				state.connection.kind === 'not-answering' ? {kind: 'attached', home, daemonPid: state.connection.daemonPid, sinceMs: now()} : state.connection;
			update({connection, snapshot, polls: keepPoll(state.polls, snapshot), lastPollDurationMs: durationMs, pollIntervalMs: schedule.intervalMs});
		} else {
			if (!client.isAttached) return; // the link's close handler schedules the re-attach
			schedule.pollFailed();
			update({pollIntervalMs: schedule.intervalMs});
		}
		scheduleNext(followUpPollWanted ? actionFollowUpPollDelayMs : eventPollWanted ? schedule.promptIntervalMs : schedule.intervalMs, pollStep);
		followUpPollWanted = false;
		eventPollWanted = false;
	}

	function requestFollowUpPoll() {
		if (pollInFlight) followUpPollWanted = true;
		else scheduleNext(actionFollowUpPollDelayMs, pollStep);
	}

	return {
		home,
		readOnly: options.readOnly ?? false,
		getState: () => state,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		start() {
			if (running) return;
			running = true;
			void attachStep();
		},
		async stop() {
			running = false;
			if (timer) clearTimeout(timer);
			timer = null;
			if (backgroundTimer) clearTimeout(backgroundTimer);
			backgroundTimer = null;
			forgetPollInFlight();
			daemonLogFollower?.close();
			daemonLogFollower = null;
			timelineFeed.close();
			client.detach();
		},
		requestPoll() {
			if (running && client.isAttached) requestFollowUpPoll();
		},
	};
}

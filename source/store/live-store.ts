// The live store: the one place that keeps pm2-doctor's picture of the daemon up to date.
// It lives outside React (components subscribe with useSyncExternalStore) so polling,
// back-off and history do not depend on rendering, and headless commands can reuse it.
//
// Why polling list() and not the bus: the bus delivers every app's log chunks to every
// subscriber (measured ~6 % of a core at ~770 chunks/s), so its cost grows with the apps'
// log volume; list() at 1 Hz costs ~1 % and is the only source of heap metrics anyway.
// Process events (restarts, exits, memory-limit kills) come from diffing successive polls
// and from the daemon's own pm2.log, which is followed as a file.
import type {ConnectionState, DaemonLogLine, DaemonSnapshot, MetricSample} from '../model/types.js';
import {DaemonClient} from '../pm2/daemon-client.js';
import type {ActionResult, LiveStore, ProcessAction, ReadonlyRing, StoreState} from './store-types.js';
import {createPollSchedule} from './poll-schedule.js';
import {createRingBuffer} from '../model/ring-buffer.js';
import {recordSnapshotSamples} from '../model/process-history.js';
import {keepPoll} from '../model/poll-window.js';
// Restart timeline (trends helper): fed from the polls and pm2.log lines below, see timeline-feed.ts.
import {createTimelineFeed} from './timeline-feed.js';

/** Longest delay before a background change (see updateInBackground) is shown. */
const backgroundNotifyDelayMs = 1000;

export type LiveStoreOptions = {
	home: string;
	readOnly?: boolean;
	basePollIntervalMs?: number;
	/** Samples kept per process (1 h at 1 Hz by default). */
	historyCapacity?: number;
	daemonLogCapacity?: number;
	/** Source of daemon log lines ($PM2_HOME/pm2.log), started on attach and stopped on stop(). */
	followDaemonLog?: (home: string, onLines: (lines: DaemonLogLine[]) => void) => {close(): void};
	now?: () => number;
};

export function createLiveStore(options: LiveStoreOptions): LiveStore {
	const now = options.now ?? Date.now;
	const client = new DaemonClient(options.home);
	const schedule = createPollSchedule({baseIntervalMs: options.basePollIntervalMs ?? 1000});
	const historyCapacity = options.historyCapacity ?? 3600;
	const histories = new Map<number, ReadonlyRing<MetricSample>>();
	const daemonLog = createRingBuffer<DaemonLogLine>(options.daemonLogCapacity ?? 2000);
	const listeners = new Set<() => void>();
	const timelineFeed = createTimelineFeed({now, onChange: updateInBackground});

	let state: StoreState = {
		revision: 0,
		connection: {kind: 'connecting', home: options.home},
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
		timer = setTimeout(() => {
			timer = null;
			void step();
		}, delayMs);
		timer.unref?.();
	}

	async function attachStep(): Promise<void> {
		if (!running) return;
		const outcome = await client.attach(reason => {
			if (!running) return;
			const delayMs = schedule.reattachDelayMs();
			setConnection({kind: 'unreachable', home: options.home, reason, sinceMs: now(), nextRetryAtMs: now() + delayMs});
			scheduleNext(delayMs, attachStep);
		});
		if (!running) {
			client.detach();
			return;
		}
		if (!outcome.ok) {
			const delayMs = schedule.reattachDelayMs();
			if (outcome.probe.kind === 'permission-denied') {
				setConnection({kind: 'permission-denied', home: options.home, reason: outcome.reason});
			} else {
				const since = state.connection.kind === 'unreachable' ? state.connection.sinceMs : now();
				setConnection({kind: 'unreachable', home: options.home, reason: outcome.reason, sinceMs: since, nextRetryAtMs: now() + delayMs});
			}
			scheduleNext(delayMs, attachStep);
			return;
		}
		schedule.attached();
		const daemonPid = outcome.probe.kind === 'alive' ? outcome.probe.daemonPid : null;
		setConnection({kind: 'attached', home: options.home, daemonPid, sinceMs: now()});
		if (!daemonLogFollower && options.followDaemonLog) {
			daemonLogFollower = options.followDaemonLog(options.home, lines => {
				for (const line of lines) daemonLog.push(line);
				timelineFeed.onDaemonLogLines(lines);
				updateInBackground();
			});
		}
		// A full resync on every (re)attach: events published while detached are lost.
		await pollStep();
	}

	async function pollStep(): Promise<void> {
		if (!running || !client.isAttached) return;
		const startedAtMs = now();
		try {
			const processes = await client.listProcesses();
			const durationMs = now() - startedAtMs;
			const snapshot: DaemonSnapshot = {takenAtMs: now(), processes};
			recordSnapshotSamples(histories, snapshot, historyCapacity);
			timelineFeed.onSnapshot(state.snapshot, snapshot);
			schedule.pollSucceeded(durationMs);
			update({snapshot, polls: keepPoll(state.polls, snapshot), lastPollDurationMs: durationMs, pollIntervalMs: schedule.intervalMs});
			scheduleNext(schedule.intervalMs, pollStep);
		} catch {
			if (!client.isAttached) return; // the link's close handler schedules the re-attach
			schedule.pollFailed();
			update({pollIntervalMs: schedule.intervalMs});
			scheduleNext(schedule.intervalMs, pollStep);
		}
	}

	return {
		home: options.home,
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
			daemonLogFollower?.close();
			daemonLogFollower = null;
			timelineFeed.close();
			client.detach();
		},
		async runAction(action: ProcessAction, pmId: number): Promise<ActionResult> {
			if (options.readOnly) return {ok: false, message: 'pm2-doctor runs read-only (--read-only): actions are disabled'};
			if (state.connection.kind !== 'attached' || !client.isAttached) {
				return {ok: false, message: `Not sent: the PM2 daemon at ${options.home} is unreachable`};
			}
			const result = await client.runAction(action, pmId);
			// Show the effect without waiting for the next scheduled poll.
			if (running && client.isAttached) scheduleNext(300, pollStep);
			return result;
		},
	};
}

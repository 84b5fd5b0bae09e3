// The contract between the live store (source/store/live-store.ts) and its readers
// (the Ink UI, the headless commands, the doctor). Readers never talk to PM2.
import type {ReadonlyRing} from '../../model/ring-buffer.js';
import type {ConnectionState, DaemonLogLine, DaemonSnapshot, MetricSample, ProcessSnapshot} from '../../model/types.js';
import type {PolledSnapshot} from '../../model/poll-window.js';
import type {TimelineState} from '../../model/restart-timeline.js';
import type {DaemonProbe} from '../../pm2/probe-daemon.js';

export type {ReadonlyRing};

/** The actions a doctor fix may name (the actions themselves go through source/services/actions.ts). */
export type ProcessAction = 'restart' | 'reload' | 'stop' | 'start';

export type StoreState = {
	/** Increments on every change; cheap equality for subscribers. */
	revision: number;
	connection: ConnectionState;
	/** The latest successful poll; kept (and shown as stale) while the daemon is unreachable. */
	snapshot: DaemonSnapshot | null;
	/** Per pm_id bounded metric history, oldest first. */
	histories: ReadonlyMap<number, ReadonlyRing<MetricSample>>;
	/** The doctor's sampling window: past polls, compact, oldest first (model/poll-window.ts). */
	polls: readonly PolledSnapshot[];
	/** The most recent lines of $PM2_HOME/pm2.log (back-filled on attach, then followed). */
	daemonLog: ReadonlyRing<DaemonLogLine>;
	/** Duration of the last `list()` round-trip, for the status bar and the benchmark. */
	lastPollDurationMs: number | null;
	/** Current poll interval after back-off. */
	pollIntervalMs: number;
	/**
	 * Restart timeline (model/restart-timeline.ts): exits with causes, fed by polls, pm2.log
	 * and error logs. Mutated in place by the store; `revision` tells when it changed. Optional so
	 * stores without it (tests) still type-check; the trends views show "no timeline" then.
	 */
	timeline?: TimelineState;
};

export type LiveStore = {
	getState(): StoreState;
	/** Returns an unsubscribe function. Listeners are called at most once per store change batch. */
	subscribe(listener: () => void): () => void;
	start(): void;
	stop(): Promise<void>;
	/** Polls soon (after an action, to show its effect) instead of at the next scheduled time. */
	requestPoll(): void;
	readonly home: string;
	readonly readOnly: boolean;
};

export type StoreAttachOutcome = {ok: true; probe: DaemonProbe} | {ok: false; probe: DaemonProbe; reason: string};

/**
 * What the live store needs from the PM2 daemon (the RPC transport; source/pm2/daemon-client.ts is the
 * real one). Passed in, so the store's timing rules are tested with a fake client and a fake clock.
 */
export type StoreDaemonClient = {
	/** True while the link is open (it may still be open to a daemon that does not answer). */
	readonly isAttached: boolean;
	/** Never starts a daemon. `onDetach` is called once when an attached link closes by itself. */
	attach(onDetach: (reason: string) => void): Promise<StoreAttachOutcome>;
	detach(): void;
	/** Rejects when the daemon has not answered within `timeoutMs`, or when the link closes. */
	listProcesses(timeoutMs: number): Promise<ProcessSnapshot[]>;
};

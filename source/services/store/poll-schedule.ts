// Poll and re-attach timing, kept pure so its rules are unit-tested:
// - polls never overlap (the store schedules the next one after the previous returns);
// - about 1 Hz: faster polling makes PM2's CPU figures meaningless, since the daemon
//   computes CPU % since the previous getMonitorData call from any client;
// - a poll that takes more than 20 % of the interval stretches the interval;
// - with many processes the quiet interval grows with their number: getMonitorData is the only
//   listing PM2 offers and it ships every process's whole pm2_env (environment included), measured at
//   ~0.14 ms of the daemon's CPU and ~4.7 KB per process per call. 60 ms per process holds the daemon's
//   share near 0.23 % of a core at any size; a quiet 1,000-process daemon is polled every 60 s, where
//   `pm2 monit`, busy redrawing, asks about every 40 s at the same cost per call (daemon CPU sampled
//   each second). Events (pm2.log lines, actions) still get a poll within `promptIntervalMs`;
// - a poll that fails doubles the interval (capped), a success restores it;
// - re-attach attempts back off 1 s, 2 s, 4 s, capped at 5 s (a restarted daemon is
//   picked up within about 6 s).

export type PollSchedule = {
	/** Delay before the next poll when nothing happens. */
	readonly intervalMs: number;
	/** The shortest delay after a poll for one that an event asks for (a pm2.log line): never shorter than the slow-poll floor. */
	readonly promptIntervalMs: number;
	pollSucceeded(durationMs: number, processCount?: number): void;
	pollFailed(): void;
	attached(): void;
	/** Delay before the next attach attempt; grows on each call until attached() resets it. */
	reattachDelayMs(): number;
};

export function createPollSchedule({
	baseIntervalMs = 1000,
	maxIntervalMs = 10_000,
	perProcessIntervalMs = 60,
	maxQuietIntervalMs = 60_000,
	maxReattachDelayMs = 5000,
	firstReattachDelayMs = 1000,
}: {
	baseIntervalMs?: number;
	maxIntervalMs?: number;
	perProcessIntervalMs?: number;
	maxQuietIntervalMs?: number;
	maxReattachDelayMs?: number;
	firstReattachDelayMs?: number;
} = {}): PollSchedule {
	let intervalMs = baseIntervalMs;
	let promptIntervalMs = baseIntervalMs;
	let nextReattachDelayMs = firstReattachDelayMs;
	return {
		get intervalMs() {
			return intervalMs;
		},
		get promptIntervalMs() {
			return promptIntervalMs;
		},
		pollSucceeded(durationMs, processCount = 0) {
			const slowPollFloorMs = Math.ceil(durationMs * 5);
			promptIntervalMs = Math.min(maxIntervalMs, Math.max(baseIntervalMs, slowPollFloorMs));
			intervalMs = Math.max(promptIntervalMs, Math.min(maxQuietIntervalMs, processCount * perProcessIntervalMs));
		},
		pollFailed() {
			intervalMs = Math.max(intervalMs, Math.min(maxIntervalMs, intervalMs * 2));
			promptIntervalMs = intervalMs;
		},
		attached() {
			nextReattachDelayMs = firstReattachDelayMs;
			intervalMs = baseIntervalMs;
			promptIntervalMs = baseIntervalMs;
		},
		reattachDelayMs() {
			const delayMs = nextReattachDelayMs;
			nextReattachDelayMs = Math.min(maxReattachDelayMs, nextReattachDelayMs * 2);
			return delayMs;
		},
	};
}

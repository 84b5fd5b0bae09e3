// Poll and re-attach timing, kept pure so its rules are unit-tested:
// - polls never overlap (the store schedules the next one after the previous returns);
// - about 1 Hz: faster polling makes PM2's CPU figures meaningless, since the daemon
//   computes CPU % since the previous getMonitorData call from any client;
// - a poll that fails doubles the interval (capped), a success restores it;
// - a poll that takes more than 20 % of the interval stretches the interval;
// - re-attach attempts back off 1 s, 2 s, 4 s, capped at 5 s (a restarted daemon is
//   picked up within about 6 s).

export type PollSchedule = {
	readonly intervalMs: number;
	pollSucceeded(durationMs: number): void;
	pollFailed(): void;
	attached(): void;
	/** Delay before the next attach attempt; grows on each call until attached() resets it. */
	reattachDelayMs(): number;
};

export function createPollSchedule({
	baseIntervalMs = 1000,
	maxIntervalMs = 10_000,
	maxReattachDelayMs = 5000,
	firstReattachDelayMs = 1000,
}: {baseIntervalMs?: number; maxIntervalMs?: number; maxReattachDelayMs?: number; firstReattachDelayMs?: number} = {}): PollSchedule {
	let intervalMs = baseIntervalMs;
	let nextReattachDelayMs = firstReattachDelayMs;
	return {
		get intervalMs() {
			return intervalMs;
		},
		pollSucceeded(durationMs) {
			const slowPollFloorMs = Math.ceil(durationMs * 5);
			intervalMs = Math.min(maxIntervalMs, Math.max(baseIntervalMs, slowPollFloorMs));
		},
		pollFailed() {
			intervalMs = Math.min(maxIntervalMs, intervalMs * 2);
		},
		attached() {
			nextReattachDelayMs = firstReattachDelayMs;
			intervalMs = baseIntervalMs;
		},
		reattachDelayMs() {
			const delayMs = nextReattachDelayMs;
			nextReattachDelayMs = Math.min(maxReattachDelayMs, nextReattachDelayMs * 2);
			return delayMs;
		},
	};
}

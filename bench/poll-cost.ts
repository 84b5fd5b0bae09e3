// Poll cost at scale, measured in this process with pm2-doctor's own client and store:
// - DaemonClient.listProcesses(): the getMonitorData round-trip plus mapping, sequential calls;
// - the live store running on its own schedule: the poll durations it reports, plus the time its
//   per-poll bookkeeping (recordSnapshotSamples) takes on each snapshot.
import {DaemonClient} from '../source/pm2/daemon-client.js';
import {createLiveStore} from '../source/services/store/live-store.js';
import {recordSnapshotSamples} from '../source/model/process-history.js';
import type {MetricSample} from '../source/model/types.js';
import type {ReadonlyRing} from '../source/services/store/store-types.js';

export type PollCost = {
	entries: number;
	listMs: number[];
	storePollMs: number[];
	storeBookkeepingMs: number[];
	storePollIntervalMs: number | null;
};

export async function measurePollCost(home: string, options: {calls: number; spacingMs: number; storeSeconds: number}): Promise<PollCost> {
	const client = new DaemonClient(home);
	const outcome = await client.attach(() => {});
	if (!outcome.ok) throw new Error(`poll cost: cannot attach to ${home}: ${outcome.reason}`);
	const listMs: number[] = [];
	let entries = 0;
	try {
		for (let i = 0; i < options.calls + 3; i++) {
			const startedAt = performance.now();
			const processes = await client.listProcesses();
			const elapsedMs = performance.now() - startedAt;
			entries = processes.length;
			if (i >= 3) listMs.push(elapsedMs); // the first calls warm up the JIT and the socket
			await sleep(options.spacingMs);
		}
	} finally {
		client.detach();
	}

	const store = createLiveStore({home, client: new DaemonClient(home)});
	const storePollMs: number[] = [];
	const storeBookkeepingMs: number[] = [];
	const privateHistories = new Map<number, ReadonlyRing<MetricSample>>();
	let lastSnapshot: unknown = null;
	const unsubscribe = store.subscribe(() => {
		const state = store.getState();
		if (!state.snapshot || state.snapshot === lastSnapshot) return;
		lastSnapshot = state.snapshot;
		if (state.lastPollDurationMs !== null) storePollMs.push(state.lastPollDurationMs);
		// The same bookkeeping the store does after each list(), on a private copy of the histories.
		const startedAt = performance.now();
		recordSnapshotSamples(privateHistories, state.snapshot);
		storeBookkeepingMs.push(performance.now() - startedAt);
	});
	store.start();
	try {
		await sleep(options.storeSeconds * 1000);
	} finally {
		unsubscribe();
		await store.stop();
	}
	// The first store poll is the attach resync; keep it out like the warm-up calls above.
	return {
		entries,
		listMs,
		storePollMs: storePollMs.slice(1),
		storeBookkeepingMs: storeBookkeepingMs.slice(1),
		storePollIntervalMs: store.getState().pollIntervalMs,
	};
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

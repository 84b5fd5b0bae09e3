// A scripted StoreDaemonClient for the live store's unit tests: the test decides when (and whether) each
// list call is answered, and closes the link as a dying daemon would. Talking to PM2 is the job of the
// integration tests (test/integration/pm2/).
import type {ProcessSnapshot} from '../../../../source/model/types.js';
import type {DaemonProbe} from '../../../../source/pm2/probe-daemon.js';
import type {StoreAttachOutcome, StoreDaemonClient} from '../../../../source/services/store/store-types.js';

type PendingList = {resolve(processes: ProcessSnapshot[]): void; reject(error: Error): void; settled: boolean};

export type FakeDaemonClient = StoreDaemonClient & {
	/** 'answer': list calls answer at once; 'hang': they wait for answerPending(); 'fail': they reject at once. */
	listMode: 'answer' | 'hang' | 'fail';
	processes: ProcessSnapshot[];
	/** What the next attach attempts find. */
	probe: DaemonProbe;
	readonly attachCalls: number;
	readonly listCalls: Array<{timeoutMs: number}>;
	/** The most list calls awaiting an answer at the same time. */
	readonly maxListsInFlight: number;
	readonly listsInFlight: number;
	/** Answers the waiting list calls (all, or the oldest) with the current processes (a stopped daemon continued). */
	answerPending(processes?: ProcessSnapshot[], options?: {oldestOnly?: boolean}): void;
	/** The daemon dies: the link closes; calls in flight stay unanswered unless `rejectPending`. */
	closeLink(reason: string, options?: {rejectPending?: boolean}): void;
};

export function createFakeDaemonClient(home: string, processes: ProcessSnapshot[]): FakeDaemonClient {
	let attached = false;
	let onDetach: ((reason: string) => void) | null = null;
	let attachCalls = 0;
	let maxListsInFlight = 0;
	let pending: PendingList[] = [];
	const inFlight = () => pending.filter(call => !call.settled).length;

	const client: FakeDaemonClient = {
		listMode: 'answer',
		processes,
		probe: {kind: 'alive', home, daemonPid: 4242},
		listCalls: [],
		get attachCalls() {
			return attachCalls;
		},
		get maxListsInFlight() {
			return maxListsInFlight;
		},
		get listsInFlight() {
			return inFlight();
		},
		get isAttached() {
			return attached;
		},
		async attach(detachListener): Promise<StoreAttachOutcome> {
			attachCalls++;
			client.detach();
			const probe = client.probe;
			if (probe.kind !== 'alive') return {ok: false, probe, reason: `no daemon (${probe.kind})`};
			attached = true;
			onDetach = detachListener;
			return {ok: true, probe};
		},
		detach() {
			attached = false;
			onDetach = null;
		},
		listProcesses(timeoutMs) {
			client.listCalls.push({timeoutMs});
			if (!attached) return Promise.reject(new Error('unreachable'));
			if (client.listMode === 'answer') return Promise.resolve(structuredClone(client.processes));
			if (client.listMode === 'fail') return Promise.reject(new Error('getMonitorData failed'));
			return new Promise<ProcessSnapshot[]>((resolve, reject) => {
				pending.push({resolve, reject, settled: false});
				maxListsInFlight = Math.max(maxListsInFlight, inFlight());
			});
		},
		answerPending(answer = client.processes, {oldestOnly = false} = {}) {
			const waiting = oldestOnly ? pending.slice(0, 1) : pending;
			pending = pending.slice(waiting.length);
			for (const call of waiting) {
				call.settled = true;
				call.resolve(structuredClone(answer));
			}
		},
		closeLink(reason, {rejectPending = false} = {}) {
			const listener = onDetach;
			attached = false;
			onDetach = null;
			if (rejectPending) {
				for (const call of pending) {
					call.settled = true;
					call.reject(new Error(`unreachable: ${reason}`));
				}
				pending = [];
			}
			listener?.(reason);
		},
	};
	return client;
}

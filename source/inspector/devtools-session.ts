// One DevTools-protocol session over the inspector's WebSocket, held by the inspector relay: numbered calls
// answered by id, events by method name. Every call has a deadline, so a target that stops answering cannot
// hold pm2-doctor forever.
import type {DevtoolsTransport, InspectorRelay} from './inspector-relay.js';

type Pending = {resolve: (result: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout};

export class DevtoolsSession {
	private nextId = 1;
	private readonly pending = new Map<number, Pending>();
	private readonly listeners = new Map<string, Set<(params: never) => void>>();
	private closedReason: string | null = null;

	private constructor(private readonly transport: DevtoolsTransport) {
		transport.onMessage(text => this.receive(text));
		transport.onClose(reason => this.fail(reason));
	}

	/** Connects the relay to a ws://127.0.0.1:PORT/ID address; refuses anything but loopback. */
	static async connect(relay: InspectorRelay, url: string, timeoutMs: number): Promise<DevtoolsSession> {
		const {hostname} = new URL(url);
		if (hostname !== '127.0.0.1') throw new Error(`refusing a non-loopback inspector address: ${hostname}`);
		return new DevtoolsSession(await relay.connect(url, timeoutMs));
	}

	get isOpen(): boolean {
		return this.closedReason === null && this.transport.isOpen;
	}

	/** A file being written from this session: removed by the relay if pm2-doctor dies before `complete`. */
	trackPartialFile(filePath: string): {complete(): void} {
		return this.transport.trackPartialFile(filePath);
	}

	call<T = unknown>(method: string, params: Record<string, unknown> = {}, timeoutMs = 10_000): Promise<T> {
		if (!this.isOpen) return Promise.reject(new Error(`${method}: ${this.closedReason ?? 'the inspector session is closed'}`));
		const id = this.nextId++;
		return new Promise<T>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.pending.delete(id);
				reject(new Error(`${method} got no answer within ${Math.round(timeoutMs / 1000)} s`));
			}, timeoutMs);
			this.pending.set(id, {resolve: resolve as (result: unknown) => void, reject, timer});
			this.transport.send(JSON.stringify({id, method, params}));
		});
	}

	/** Sends without waiting for the answer (used for the call that ends the inspector and with it this socket). */
	sendOnly(method: string, params: Record<string, unknown> = {}): void {
		if (this.isOpen) this.transport.send(JSON.stringify({id: this.nextId++, method, params}));
	}

	on<P>(method: string, listener: (params: P) => void): () => void {
		let set = this.listeners.get(method);
		if (!set) this.listeners.set(method, (set = new Set()));
		const stored = listener as (params: never) => void;
		set.add(stored);
		return () => set.delete(stored);
	}

	/** Resolves once the socket is closed (by us or by the target). */
	close(): Promise<void> {
		return this.transport.close();
	}

	/** True once the target has closed the socket, false if it is still open after `timeoutMs`. */
	closedByTarget(timeoutMs: number): Promise<boolean> {
		if (!this.transport.isOpen) return Promise.resolve(true);
		return new Promise(resolve => {
			const timer = setTimeout(() => resolve(false), timeoutMs);
			this.transport.onClose(() => {
				clearTimeout(timer);
				resolve(true);
			});
		});
	}

	private receive(text: string): void {
		let message: {id?: number; method?: string; params?: unknown; result?: unknown; error?: {message?: string}};
		try {
			message = JSON.parse(text);
		} catch {
			return;
		}
		if (typeof message.id === 'number') {
			const pending = this.pending.get(message.id);
			if (!pending) return;
			this.pending.delete(message.id);
			clearTimeout(pending.timer);
			if (message.error) pending.reject(new Error(message.error.message ?? 'inspector error'));
			else pending.resolve(message.result);
		} else if (typeof message.method === 'string') {
			for (const listener of this.listeners.get(message.method) ?? []) listener(message.params as never);
		}
	}

	private fail(reason: string): void {
		this.closedReason ??= reason;
		for (const [id, pending] of this.pending) {
			this.pending.delete(id);
			clearTimeout(pending.timer);
			pending.reject(new Error(reason));
		}
	}
}

// Ending a target's inspector: the request to end goes out, and the connection is left for the target to close.
// A close from this side at that moment can crash the target (a race in Node's inspector, see closeInspector).
import net from 'node:net';
import {describe, expect, it, vi} from 'vitest';
import {DevtoolsSession} from '../../../source/inspector/devtools-session.js';
import type {DevtoolsTransport, InspectorRelay} from '../../../source/inspector/inspector-relay.js';
import {closeInspector, endInspectorExpression} from '../../../source/inspector/open-inspector.js';

/** A transport whose far end the test plays: what was sent, whether we closed it, and the target's close. */
function fakeTransport() {
	const sent: string[] = [];
	const closeListeners: Array<(reason: string) => void> = [];
	let open = true;
	let closedByUs = 0;
	const transport: DevtoolsTransport = {
		send: text => void sent.push(text),
		get isOpen() {
			return open;
		},
		onMessage: () => {},
		onClose: listener => void closeListeners.push(listener),
		close() {
			closedByUs++;
			open = false;
			return Promise.resolve();
		},
		trackPartialFile: () => ({complete() {}}),
	};
	return {
		transport,
		sent,
		closedByUs: () => closedByUs,
		targetCloses() {
			open = false;
			for (const listener of closeListeners) listener('the inspector closed the connection');
		},
	};
}

async function sessionOver(transport: DevtoolsTransport): Promise<DevtoolsSession> {
	const relay = {connect: () => Promise.resolve(transport)} as unknown as InspectorRelay;
	return DevtoolsSession.connect(relay, 'ws://127.0.0.1:1/id', 1000);
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;
	await new Promise(resolve => server.close(resolve));
	return port;
}

describe('closeInspector', () => {
	it('asks the target to end its inspector and waits for the target to close the connection, never closing it itself', async () => {
		const far = fakeTransport();
		const session = await sessionOver(far.transport);
		const relay = {release: vi.fn(), handOver: vi.fn()};
		let done = false;
		const closing = closeInspector(session, await closedPort(), relay, 5000).then(() => (done = true));
		await new Promise(resolve => setTimeout(resolve, 300));
		expect(far.sent.some(text => text.includes(JSON.stringify(endInspectorExpression)))).toBe(true);
		expect(far.closedByUs()).toBe(0);
		expect(done).toBe(false);

		far.targetCloses();
		await closing;
		expect(far.closedByUs()).toBe(0);
		expect(relay.release).toHaveBeenCalledOnce();
		expect(relay.handOver).not.toHaveBeenCalled();
	});

	it('hands over to the relay, still without closing, when the target keeps the connection open', async () => {
		const far = fakeTransport();
		const session = await sessionOver(far.transport);
		const relay = {release: vi.fn(), handOver: vi.fn()};
		await closeInspector(session, await closedPort(), relay, 200);
		expect(far.closedByUs()).toBe(0);
		expect(relay.handOver).toHaveBeenCalledOnce();
		expect(relay.release).not.toHaveBeenCalled();
	});
});

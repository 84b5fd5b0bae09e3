// Loopback ports for fixture servers. A fixed port collides with anything else on the machine that holds it,
// another test run included; the kernel picks free ones. All are held until each is known, so one call never
// returns the same port twice.
import net from 'node:net';

/** `count` distinct ports that were free on 127.0.0.1 a moment ago. */
export async function freeLoopbackPorts(count: number): Promise<number[]> {
	const servers = Array.from({length: count}, () => net.createServer());
	try {
		for (const server of servers) await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		return servers.map(server => (server.address() as net.AddressInfo).port);
	} finally {
		await Promise.all(servers.map(async server => new Promise(resolve => server.close(resolve))));
	}
}

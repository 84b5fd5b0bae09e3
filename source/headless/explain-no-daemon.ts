// The one-line (plus hints) explanation printed when there is no daemon to attach to.
import {toSafeText} from '../logs/sanitize-line.js';
import {findPm2Daemons} from '../host/pm2-daemons.js';
import {daemonHomeMatches, type OtherDaemon} from '../pm2/find-other-daemons.js';
import type {DaemonProbe} from '../pm2/probe-daemon.js';

/** `otherDaemons`: the daemons on the host, read from their process titles when not given. */
export async function explainNoDaemon(probe: DaemonProbe, reason: string, otherDaemons?: readonly OtherDaemon[]): Promise<string> {
	otherDaemons ??= await findPm2Daemons();
	// The reason quotes paths, and other daemons' homes and versions come from their process titles.
	const lines = [`pm2-doctor: ${toSafeText(reason)}`];
	const elsewhere = otherDaemons.filter(daemon => !daemonHomeMatches(daemon, probe.home));
	if (elsewhere.length > 0) {
		lines.push(
			`PM2 daemons running on this host: ${elsewhere
				.map(daemon => `${toSafeText(daemon.home)}${daemon.homeIsPrefix ? '…' : ''} (pid ${daemon.pid}, PM2 ${toSafeText(daemon.version)})`)
				.join(', ')} — attach with --pm2-home DIR`,
		);
	} else if (probe.kind === 'absent' || (probe.kind === 'stale-socket' && probe.daemonPid === null)) {
		lines.push('No other PM2 daemon runs on this host. pm2-doctor never starts one: start your apps with pm2 first.');
	}
	return lines.join('\n');
}

// Graceful shutdown that fails: PM2 escalates to SIGKILL after kill_timeout (playbook: kill-timeout).
import type {Check, Finding} from '../check-types.js';
import {appProcesses, exitsOf} from '../fact-queries.js';
import {toEvidenceText, withoutDaemonLogPrefix} from '../evidence-text.js';

const defaultKillTimeoutMs = 1600;

export const sigkillEscalationCheck: Check = {
	id: 'sigkill-escalation',
	flows: ['kill-timeout'],
	description: 'Stops or restarts that ended with "still alive after Nms, sending SIGKILL" (the app did not exit on SIGINT within kill_timeout).',
	run(facts) {
		const findings: Finding[] = [];
		for (const process of appProcesses(facts)) {
			const exits = exitsOf(facts, process);
			const killed = exits.filter(e => e.cause === 'sigkill-after-timeout');
			if (killed.length === 0) continue;
			const planned = exits.filter(e => e.cause !== 'crash').length;
			const timeout = process.killTimeoutMs ?? defaultKillTimeoutMs;
			findings.push({
				id: 'sigkill-escalation',
				severity: 'warning',
				process: process.name,
				pmId: process.pmId,
				title: `${process.name} does not stop in time and is SIGKILLed`,
				evidence: [
					`pm2.log: ${toEvidenceText(withoutDaemonLogPrefix(killed.at(-1)!.causeLine))}`,
					`${killed.length} of ${planned} planned stops ended in SIGKILL`,
					`kill_timeout ${timeout} ms${process.killTimeoutMs === null ? ' (default)' : ''}; PM2 sends SIGINT first`,
				],
				flow: 'kill-timeout',
			});
		}
		return findings;
	},
};

/** wait_ready without a listen_timeout longer than the default: PM2 marks it online after 3 s whether it is ready or not. */
export const waitReadyTimeoutCheck: Check = {
	id: 'wait-ready-timeout',
	flows: ['kill-timeout'],
	description: 'wait_ready is set but listen_timeout is left at its 3 s default, so a slow boot is declared ready (and the old worker killed) too early.',
	run(facts) {
		return appProcesses(facts)
			.filter(p => p.waitReady && (p.listenTimeoutMs === null || p.listenTimeoutMs <= 3000))
			.map<Finding>(process => ({
				id: 'wait-ready-timeout',
				severity: 'info',
				process: process.name,
				pmId: process.pmId,
				title: `${process.name}: wait_ready with listen_timeout ${process.listenTimeoutMs ?? 3000} ms`,
				evidence: [
					`wait_ready true, listen_timeout ${process.listenTimeoutMs ?? '3000 (default)'} ms: if boot takes longer, PM2 proceeds without the ready signal`,
				],
				flow: 'kill-timeout',
			}));
	},
};

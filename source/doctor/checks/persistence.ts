// Is there a daemon at all (playbook: no-daemon), and would a reboot lose the running list? (playbook: not-persisted)
import type {Check, Finding} from '../check-types.js';
import {appProcesses} from '../fact-queries.js';
import {formatDuration} from '../evidence-text.js';

export const daemonRunningCheck: Check = {
	id: 'daemon-running',
	flows: ['no-daemon'],
	description: 'Whether a PM2 daemon runs for this PM2_HOME at all (pm2.pid alive).',
	run(facts) {
		const daemon = facts.host.daemon;
		if (daemon.running) return [];
		const evidence = [`no live daemon for ${facts.pm2Home} (pm2.pid ${daemon.pid === null ? 'missing' : `${daemon.pid} not alive`})`];
		for (const other of daemon.otherDaemons) evidence.push(`another PM2 daemon runs: pid ${other.pid}, v${other.version ?? '?'}, home ${other.home ?? '?'}`);
		if (facts.host.dump.exists)
			evidence.push(`${facts.host.dump.path} lists ${facts.host.dump.entries.length} app(s): \`pm2 resurrect\` would bring them back`);
		return [
			{id: 'daemon-running', severity: 'error', process: null, pmId: null, title: `No PM2 daemon is running at ${facts.pm2Home}`, evidence, flow: 'no-daemon'},
		];
	},
};

export const startupUnitCheck: Check = {
	id: 'startup-unit',
	flows: ['not-persisted'],
	description: 'A boot-time unit (systemd pm2-<user>.service, init.d, launchd) that resurrects this PM2_HOME, with paths that still exist.',
	run(facts) {
		if (!facts.host.daemon.running || appProcesses(facts).length === 0) return [];
		const units = facts.host.startupUnits;
		const mine = units.filter(u => u.pm2Home === null || u.pm2Home === facts.pm2Home);
		if (mine.length === 0) {
			const evidence = ['no pm2-*.service, /etc/init.d/pm2-*, launchd pm2.*.plist or rc.d pm2 unit found'];
			for (const unit of units) evidence.push(`${unit.path} starts another home: ${unit.pm2Home}`);
			return [
				{
					id: 'startup-unit',
					severity: 'warning',
					process: null,
					pmId: null,
					title: 'Nothing starts PM2 at boot for this PM2_HOME',
					evidence,
					flow: 'not-persisted',
				},
			];
		}
		return mine
			.filter(u => u.execPathExists === false)
			.map<Finding>(unit => ({
				id: 'startup-unit',
				severity: 'warning',
				process: null,
				pmId: null,
				title: `Startup unit ${unit.path} points at a missing PM2 or Node`,
				evidence: [`${unit.execPath} does not exist (Node or PM2 moved/upgraded since \`pm2 startup\`)`],
				flow: 'not-persisted',
			}));
	},
};

export const dumpSyncCheck: Check = {
	id: 'dump-sync',
	flows: ['not-persisted'],
	description: 'dump.pm2 (what `pm2 resurrect` restores at boot) against the running list: missing file, missing or extra apps.',
	run(facts) {
		if (!facts.host.daemon.running) return [];
		const running = appProcesses(facts);
		const dump = facts.host.dump;
		if (running.length === 0) return [];
		const runningNames = [...new Set(running.map(p => p.name))];
		if (!dump.exists || dump.parseError) {
			return [
				{
					id: 'dump-sync',
					severity: 'warning',
					process: null,
					pmId: null,
					title: 'A reboot would lose the running list: nothing is saved',
					evidence: [
						dump.parseError ? `${dump.path} is unreadable: ${dump.parseError}` : `${dump.path} does not exist (\`pm2 save\` was never run)`,
						`running: ${runningNames.join(', ')}`,
					],
					flow: 'not-persisted',
				},
			];
		}
		const saved = new Set(dump.entries.map(e => e.name));
		const missing = runningNames.filter(n => !saved.has(n));
		const extra = [...saved].filter(n => n !== 'pm2-logrotate' && !runningNames.includes(n));
		const findings: Finding[] = [];
		const age = dump.mtimeMs === null ? '' : ` (saved ${formatDuration(Math.max(0, facts.nowMs - dump.mtimeMs))} ago)`;
		if (missing.length > 0)
			findings.push({
				id: 'dump-sync',
				severity: 'warning',
				process: null,
				pmId: null,
				title: `A reboot would lose ${missing.length} running app(s): ${missing.join(', ')}`,
				evidence: [`not in ${dump.path}${age}: ${missing.join(', ')}`, `saved: ${[...saved].join(', ') || '(empty)'}`],
				flow: 'not-persisted',
			});
		if (extra.length > 0)
			findings.push({
				id: 'dump-sync',
				severity: 'info',
				process: null,
				pmId: null,
				title: `A reboot would bring back ${extra.length} app(s) that are not running: ${extra.join(', ')}`,
				evidence: [`in ${dump.path}${age} but not running: ${extra.join(', ')}`],
				flow: 'not-persisted',
			});
		return findings;
	},
};

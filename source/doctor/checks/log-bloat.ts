// Log files that are too big or grow with no rotation, and a filling disk (playbook: log-bloat).
import type {Check, DoctorFacts, Finding, LogFileFact} from '../check-types.js';
import {formatBytes} from '../../model/format.js';
import {formatDuration} from '../evidence-text.js';

export const logBloatThresholds = {
	/** The line: a log file over 100 MB is a finding. */
	largeFileBytes: 100 * 1024 * 1024,
	/** "Growing fast": at this rate a file gains 100 MB a day. */
	fastGrowthBytesPerSecond: (100 * 1024 * 1024) / 86_400,
	lowDiskFreeRatio: 0.1,
};

function rotationDescription(facts: DoctorFacts): string {
	const rotate = facts.host.logrotate;
	if (rotate.installed) {
		const settings = ['max_size', 'retain', 'compress'].map(k => `${k} ${rotate.settings[k] ?? 'default'}`).join(', ');
		return `pm2-logrotate installed (${rotate.moduleStatus ?? 'not running'}; ${settings})`;
	}
	if (rotate.systemLogrotateFiles.length > 0) return `system logrotate: ${rotate.systemLogrotateFiles.join(', ')}`;
	return 'no rotation: pm2-logrotate is not installed and no /etc/logrotate.d file covers this PM2_HOME';
}

function hasWorkingRotation(facts: DoctorFacts): boolean {
	const rotate = facts.host.logrotate;
	return (rotate.installed && rotate.moduleStatus === 'online') || rotate.systemLogrotateFiles.length > 0;
}

function subject(file: LogFileFact): string {
	return file.process ? `${file.process}'s ${file.stream} log` : 'pm2.log';
}

export const logSizeCheck: Check = {
	id: 'log-size',
	flows: ['log-bloat'],
	description: 'A PM2 log file (app out/err or pm2.log) over 100 MB.',
	run(facts) {
		return facts.host.logFiles
			.filter(f => f.sizeBytes >= logBloatThresholds.largeFileBytes)
			.map<Finding>(file => {
				const evidence = [`${file.path}: ${formatBytes(file.sizeBytes)}`];
				if (file.growthBytesPerSecond !== null && file.growthBytesPerSecond > 0)
					evidence.push(`growing ${formatBytes(file.growthBytesPerSecond)}/s (${formatBytes(file.growthBytesPerSecond * 86_400)}/day)`);
				evidence.push(rotationDescription(facts));
				return {
					id: 'log-size',
					severity: 'warning',
					process: file.process,
					pmId: file.pmId,
					title: `${subject(file)} is ${formatBytes(file.sizeBytes)}`,
					evidence,
					flow: 'log-bloat',
				};
			});
	},
};

export const logGrowthCheck: Check = {
	id: 'log-growth',
	flows: ['log-bloat'],
	description: 'A log file growing by more than 100 MB a day while nothing rotates it.',
	run(facts) {
		if (hasWorkingRotation(facts)) return [];
		return facts.host.logFiles
			.filter(f => f.growthBytesPerSecond !== null && f.growthBytesPerSecond >= logBloatThresholds.fastGrowthBytesPerSecond)
			.filter(f => f.sizeBytes < logBloatThresholds.largeFileBytes) // log-size already reports those, with the rate
			.map<Finding>(file => {
				const rate = file.growthBytesPerSecond!;
				const evidence = [
					`${file.path}: ${formatBytes(file.sizeBytes)}, growing ${formatBytes(rate)}/s (${formatBytes(rate * 86_400)}/day)`,
					rotationDescription(facts),
				];
				const free = facts.host.disk?.freeBytes;
				if (free !== undefined)
					evidence.push(`${formatBytes(free)} free on ${facts.host.disk!.path}: full in ~${formatDuration((free / rate) * 1000)} at this rate`);
				return {
					id: 'log-growth',
					severity: 'warning',
					process: file.process,
					pmId: file.pmId,
					title: `${subject(file)} grows ${formatBytes(rate * 86_400)}/day with no rotation`,
					evidence,
					flow: 'log-bloat',
				};
			});
	},
};

export const diskFreeCheck: Check = {
	id: 'disk-free',
	flows: ['log-bloat'],
	description: 'Less than 10 % free on the file system holding the PM2 logs.',
	run(facts) {
		const disk = facts.host.disk;
		if (!disk || disk.totalBytes === 0 || disk.freeBytes / disk.totalBytes >= logBloatThresholds.lowDiskFreeRatio) return [];
		const logsTotal = facts.host.logFiles.reduce((sum, f) => sum + f.sizeBytes, 0);
		return [
			{
				id: 'disk-free',
				severity: 'error',
				process: null,
				pmId: null,
				title: `Only ${Math.round((disk.freeBytes / disk.totalBytes) * 100)} % free on ${disk.path}`,
				evidence: [
					`${formatBytes(disk.freeBytes)} free of ${formatBytes(disk.totalBytes)}`,
					`PM2 logs use ${formatBytes(logsTotal)}`,
					rotationDescription(facts),
				],
				flow: 'log-bloat',
			},
		];
	},
};

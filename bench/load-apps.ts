// The benchmark's load: tiny apps and ecosystem files written into the run's temporary folder,
// so the benchmark does not depend on the demo or test fixtures staying as they are.
import fs from 'node:fs';
import path from 'node:path';

const sleeperSource = `// Does nothing, forever (a typical idle worker).
setInterval(() => {}, 60_000);
`;

// Keeps an exact average rate however late the timer fires: writes the lines that are due.
const loggerSource = `// Logs LINES_PER_SECOND access-log lines per second to stdout, one console.log per line,
// and an error line every 1000 lines.
const linesPerSecond = Number(process.env.LINES_PER_SECOND || 100);
const startedAt = Date.now();
let written = 0;
setInterval(() => {
	const due = Math.floor(((Date.now() - startedAt) / 1000) * linesPerSecond);
	for (; written < due; written++) {
		console.log(new Date().toISOString() + ' GET /api/items/' + (written % 997) + ' 200 ' + (written % 37) + 'ms line=' + written);
		if (written % 1000 === 999) console.error(new Date().toISOString() + ' WARN slow query took ' + (written % 900) + 'ms');
	}
}, 10);
`;

export type LoadApp = {name: string; kind: 'sleeper' | 'logger'; linesPerSecond?: number};

export type LoadFiles = {appsDir: string; sleeperPath: string; loggerPath: string};

export function writeLoadApps(dir: string): LoadFiles {
	const appsDir = path.join(dir, 'apps');
	fs.mkdirSync(appsDir, {recursive: true});
	const sleeperPath = path.join(appsDir, 'sleeper.cjs');
	const loggerPath = path.join(appsDir, 'fast-logger.cjs');
	fs.writeFileSync(sleeperPath, sleeperSource);
	fs.writeFileSync(loggerPath, loggerSource);
	return {appsDir, sleeperPath, loggerPath};
}

/** Writes an ecosystem file for the apps and returns its path. */
export function writeEcosystem(files: LoadFiles, fileName: string, apps: LoadApp[]): string {
	const entries = apps.map(app => {
		const script = app.kind === 'logger' ? files.loggerPath : files.sleeperPath;
		const env = app.kind === 'logger' ? `, env: { LINES_PER_SECOND: '${app.linesPerSecond ?? 100}' }` : '';
		// autorestart off for nothing: these apps never exit. No watch, no merge_logs: PM2's defaults.
		return `    { name: ${JSON.stringify(app.name)}, script: ${JSON.stringify(script)}${env} },`;
	});
	const filePath = path.join(files.appsDir, fileName);
	fs.writeFileSync(filePath, `module.exports = {\n  apps: [\n${entries.join('\n')}\n  ],\n};\n`);
	return filePath;
}

/** The steady-state load: the busy logger first (pm_id 0, the first table row), then the sleepers. */
export function steadyLoad(sleeperCount: number, busyLinesPerSecond: number): LoadApp[] {
	return [{name: 'busy-logger', kind: 'logger', linesPerSecond: busyLinesPerSecond}, ...sleepers('worker', sleeperCount)];
}

export function sleepers(prefix: string, count: number, from = 0): LoadApp[] {
	return Array.from({length: count}, (_, i) => ({name: `${prefix}-${String(from + i).padStart(3, '0')}`, kind: 'sleeper' as const}));
}

/** Soak load: `count` loggers sharing `totalLinesPerSecond`. */
export function soakLoad(count: number, totalLinesPerSecond: number): LoadApp[] {
	const each = Math.max(1, Math.round(totalLinesPerSecond / count));
	return Array.from({length: count}, (_, i) => ({name: `soak-${String(i).padStart(3, '0')}`, kind: 'logger' as const, linesPerSecond: each}));
}

// Costs of the ecosystem editor's steps on this machine: evaluating a file in a child node (what every
// validation and every candidate in the file search costs), linting in process, and a safe save
// (backup + write-file-atomic + fsyncs). Run: npx tsx bench/ecosystem/ecosystem-io.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {lintLoadedEcosystem} from '../../source/ecosystem/lint-ecosystem.js';
import {loadEcosystemFile} from '../../source/ecosystem/load-ecosystem-file.js';
import {openEcosystemFile, saveEcosystemFile} from '../../source/ecosystem/save-ecosystem-file.js';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'eco-bench-'));
const file = path.join(folder, 'ecosystem.config.js');
fs.writeFileSync(path.join(folder, 'app.js'), '');
fs.writeFileSync(
	file,
	`module.exports = {apps: Array.from({length: 10}, (_, i) => ({name: 'app-' + i, script: './app.js', exec_mode: 'cluster', instances: 2, max_memory_restart: '300M', min_uptime: '10s', max_restarts: 10, exp_backoff_restart_delay: 100, kill_timeout: 5000, env: {NODE_ENV: 'production', PORT: String(3000 + i)}}))};\n`,
);

const quantiles = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	return `median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms (n=${sorted.length})`;
};
const time = async <T>(runs: number, action: () => Promise<T> | T): Promise<{times: number[]; last: T}> => {
	const times: number[] = [];
	let last!: T;
	for (let run = 0; run < runs; run++) {
		const started = performance.now();
		last = await action();
		times.push(performance.now() - started);
	}
	return {times, last};
};

try {
	const load = await time(20, () => loadEcosystemFile(file));
	if (!load.last.ok) throw new Error('load failed');
	const loaded = load.last;
	console.log(`load in a child node (10 apps):  ${quantiles(load.times)}`);
	const lint = await time(50, () => lintLoadedEcosystem(loaded));
	console.log(`lint in process (10 apps):       ${quantiles(lint.times)}`);
	const backupDir = path.join(folder, 'backups');
	const save = await time(30, async () => {
		const opened = openEcosystemFile(file);
		return saveEcosystemFile(opened, opened.text + '\n', {backupDir, validation: null});
	});
	console.log(`save (backup + atomic + fsync):  ${quantiles(save.times)}`);
	fs.writeFileSync(path.join(folder, 'loop.config.js'), 'while (true) {}\n');
	const loop = await time(1, () => loadEcosystemFile(path.join(folder, 'loop.config.js'), {timeoutMs: 2000}));
	console.log(`endless loop with a 2000 ms timeout: answered after ${loop.times[0]!.toFixed(0)} ms (${loop.last.ok ? 'ok?!' : loop.last.kind})`);
} finally {
	fs.rmSync(folder, {recursive: true, force: true});
}

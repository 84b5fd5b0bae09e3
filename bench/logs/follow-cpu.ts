// Measures the CPU, RSS and lag of following a log file that grows at a fixed rate. Not a test: numbers
// depend on the machine. The writer runs in a child process so only the reader's cost is counted.
//
//   npx tsx bench/logs/follow-cpu.ts --mode follower --rate 5000 --seconds 30
//   npx tsx bench/logs/follow-cpu.ts --mode sources --rate 20000 --seconds 60
//   NODE_ENV=production npx tsx bench/logs/follow-cpu.ts --mode render --rate 20000 --seconds 60
//   NODE_ENV=production node dist/bench/logs/follow-cpu.js --mode render --rate 5000 --seconds 30 --line iso
//
// Modes: follower (followFile, fs.watch wakes it), follower-poll (poll timer only), sources
// (openProcessLogs: follow + sanitize + bounded buffer + 10 Hz batches), tail-raw (the tail package alone,
// for reference: it loses lines on rotation, see docs/architecture.md), render (sources + the real LogPanel
// drawn by Ink at maxFps 10 into a fake 120×40 terminal: CPU, RSS, terminal bytes and display lag).
// Line formats (--line): epoch (default: "<epoch ms> seq=N GET …"), iso (an ISO time first, like
// bench/load-apps.ts's busy-logger and most apps), color (iso with SGR colours, like morgan/pino-pretty).
import {fork} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import tailPackage from 'tail';
import {followFile} from '../../source/logs/follow-file.js';
import {openProcessLogs} from '../../source/logs/process-log-sources.js';
import type {ProcessSnapshot} from '../../source/model/types.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
	const index = args.indexOf(`--${name}`);
	return index === -1 ? fallback : args[index + 1]!;
};

/** The line the writer appends: it starts with its write time, then "seq=N". */
function benchLine(format: string, nowMs: number, seq: number): string {
	const request = `GET /api/items/${seq % 997}`;
	if (format === 'epoch') return `${nowMs} seq=${seq} ${request} 200 ${seq % 37}ms`;
	const iso = new Date(nowMs).toISOString();
	if (format === 'iso') return `${iso} seq=${seq} ${request} 200 ${seq % 37}ms`;
	if (format === 'color') return `${iso} seq=${seq} \u001b[1m${request}\u001b[22m \u001b[32m200\u001b[39m \u001b[90m${seq % 37}ms\u001b[0m`;
	throw new Error(`unknown line format ${format}`);
}

/** The write time at the start of a bench line (epoch ms or ISO). */
function writtenAtMs(stamp: string): number {
	return /^\d+$/.test(stamp) ? Number(stamp) : Date.parse(stamp);
}

if (args[0] === '--writer') {
	// Child: append `rate` lines per second in 10 ms batches, each line carrying its write time.
	const [, file, rateText, secondsText, format] = args;
	const rate = Number(rateText);
	const endAt = Date.now() + Number(secondsText) * 1000;
	const fd = fs.openSync(file!, 'a');
	let seq = 0;
	const startedAt = Date.now();
	const timer = setInterval(() => {
		const due = Math.floor(((Date.now() - startedAt) / 1000) * rate);
		const lines: string[] = [];
		const now = Date.now();
		while (seq < due) lines.push(benchLine(format!, now, seq++));
		if (lines.length) fs.writeSync(fd, lines.join('\n') + '\n');
		if (Date.now() >= endAt) {
			clearInterval(timer);
			fs.closeSync(fd);
			process.send?.({written: seq});
			process.exit(0);
		}
	}, 10);
} else {
	await main();
}

async function main() {
	const mode = option('mode', 'follower');
	const rate = Number(option('rate', '5000'));
	const seconds = Number(option('seconds', '30'));
	const lineFormat = option('line', 'epoch');
	benchLine(lineFormat, 0, 0); // fail now on an unknown format, not in the writer
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2doc-bench-'));
	const file = path.join(dir, 'app-out.log');
	fs.writeFileSync(file, '');

	let received = 0;
	let terminalBytes = 0;
	const lags: number[] = [];
	const onText = (text: string) => {
		received++;
		if (received % 50 === 0) lags.push(Date.now() - writtenAtMs(text.slice(0, text.indexOf(' '))));
	};
	let stop: () => Promise<void>;
	if (mode === 'follower' || mode === 'follower-poll') {
		const follower = followFile({
			path: file,
			startAt: 'beginning',
			wake: mode === 'follower' ? 'watch' : 'poll',
			onLines: lines => lines.forEach(line => onText(line.text)),
		});
		stop = () => follower.close();
	} else if (mode === 'sources') {
		const snapshot = {pmId: 0, name: 'bench', outLogPath: file, errLogPath: path.join(dir, 'app-err.log')} as ProcessSnapshot;
		const handle = openProcessLogs(snapshot, {backfillLines: 200});
		let lastSeq = -1;
		handle.subscribe(() => {
			// What a view sees: the batch, at most 10 times a second.
			for (const line of handle.getSnapshot().lines) {
				if (line.seq <= lastSeq) continue;
				lastSeq = line.seq;
				onText(line.text);
			}
		});
		stop = () => handle.close();
	} else if (mode === 'render') {
		// The whole display path: sources → LogPanel → Ink (maxFps 10) → a fake 120×40 TTY. Lag is measured
		// when a line's text is written to the terminal.
		const {renderLogPanelForBench} = await import('./render-log-panel.js');
		const snapshot = {pmId: 0, name: 'bench', outLogPath: file, errLogPath: path.join(dir, 'app-err.log')} as ProcessSnapshot;
		stop = renderLogPanelForBench(
			snapshot,
			(frameText: string) => {
				const stamps = [...frameText.matchAll(/(\d{13}|\d{4}-\d\d-\d\dT[\d:.]+Z) seq=(\d+)/g)];
				const last = stamps.at(-1);
				if (!last) return;
				received = Math.max(received, Number(last[2]) + 1);
				lags.push(Date.now() - writtenAtMs(last[1]!));
			},
			bytes => (terminalBytes += bytes),
		);
	} else if (mode === 'tail-raw') {
		const tail = new tailPackage.Tail(file, {fsWatchOptions: {}, follow: true});
		tail.on('line', (line: string) => onText(line));
		stop = async () => tail.unwatch();
	} else throw new Error(`unknown mode ${mode}`);

	const cpuStart = process.cpuUsage();
	const wallStart = performance.now();
	let peakRss = 0;
	const rssEvery10sMiB: number[] = [];
	const heapEvery10sMiB: number[] = [];
	let ticks = 0;
	const rssTimer = setInterval(() => {
		const {rss} = process.memoryUsage();
		peakRss = Math.max(peakRss, rss);
		if (++ticks % 20 === 0) {
			rssEvery10sMiB.push(Math.round(rss / 1024 / 1024));
			heapEvery10sMiB.push(Math.round(process.memoryUsage().heapUsed / 1024 / 1024));
		}
	}, 500);
	const self = fileURLToPath(import.meta.url);
	// From dist/ (plain node) the writer needs no loader; from source it runs under tsx like this script.
	const writer = fork(self, ['--writer', file, String(rate), String(seconds), lineFormat], {execArgv: self.endsWith('.ts') ? ['--import', 'tsx'] : []});
	const written = await new Promise<number>(resolve => writer.on('message', (message: any) => resolve(message.written)));
	// Let the reader drain.
	const drainDeadline = Date.now() + 5000;
	while (received < written && Date.now() < drainDeadline) await new Promise(resolve => setTimeout(resolve, 50));
	const wallMs = performance.now() - wallStart;
	const cpu = process.cpuUsage(cpuStart);
	clearInterval(rssTimer);
	await stop();
	lags.sort((a, b) => a - b);
	const pct = (p: number) => lags[Math.min(lags.length - 1, Math.floor(lags.length * p))] ?? NaN;
	const result = {
		mode,
		rateLinesPerSecond: rate,
		lineFormat,
		seconds,
		written,
		received,
		cpuPercentOfOneCore: +(((cpu.user + cpu.system) / 1000 / wallMs) * 100).toFixed(1),
		cpuUserMs: Math.round(cpu.user / 1000),
		cpuSystemMs: Math.round(cpu.system / 1000),
		lagMsP50: pct(0.5),
		lagMsP95: pct(0.95),
		lagMsMax: lags.at(-1),
		peakRssMiB: +(peakRss / 1024 / 1024).toFixed(1),
		rssEvery10sMiB,
		heapEvery10sMiB,
		heapUsedMiBAtEnd: +(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1),
		terminalKiBPerSecond: mode === 'render' ? +(terminalBytes / 1024 / (wallMs / 1000)).toFixed(1) : undefined,
		nodeEnv: process.env.NODE_ENV ?? '(unset)',
		node: process.version,
		cpus: os.cpus().length,
	};
	console.log(JSON.stringify(result));
	fs.rmSync(dir, {recursive: true, force: true});
	process.exit(0);
}

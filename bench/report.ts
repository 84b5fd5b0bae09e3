// The benchmark's output: one markdown table and the description of the machine it ran on.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type Row = {figure: string; doctor: string; baseline: string; ratio: string; budget: string; verdict: string};

export function formatTable(rows: Row[]): string {
	const header: Row = {
		figure: 'Figure',
		doctor: 'pm2-doctor',
		baseline: 'Baseline (pm2 monit unless said)',
		ratio: 'Ratio',
		budget: 'Budget',
		verdict: 'Verdict',
	};
	const keys: Array<keyof Row> = ['figure', 'doctor', 'baseline', 'ratio', 'budget', 'verdict'];
	const escape = (text: string) => text.replaceAll('|', '\\|');
	const line = (row: Row) => `| ${keys.map(key => escape(row[key])).join(' | ')} |`;
	return [line(header), `| ${keys.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}

export function machineDescription(packageRoot: string): string[] {
	const cpuinfo = safeRead('/proc/cpuinfo');
	const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
	const pm2Version = JSON.parse(safeRead(path.join(packageRoot, 'node_modules', 'pm2', 'package.json')) || '{}').version ?? 'unknown';
	const [load1, load5] = os.loadavg();
	return [
		`CPU: ${os.cpus().length} cores, ${model}`,
		`Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
		`OS: ${os.type()} ${os.release()}`,
		`Node ${process.version}, pm2 ${pm2Version}`,
		`Date: ${new Date().toISOString()}`,
		`Load average at start: ${load1!.toFixed(2)} (1 min), ${load5!.toFixed(2)} (5 min)`,
	];
}

function safeRead(file: string): string {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

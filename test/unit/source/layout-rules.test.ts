// Rules about the source tree that ESLint's import rules cannot see: no UI file performs I/O through an edge's
// reading function or a polling timer, and no source file grows past 300 lines.
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {repoRoot} from '../../helpers/pm2-sandbox.js';

function filesUnder(folder: string): string[] {
	return fs.readdirSync(folder, {withFileTypes: true}).flatMap(entry => {
		const full = path.join(folder, entry.name);
		if (entry.isDirectory()) return filesUnder(full);
		return /\.(ts|tsx|mts|mjs|js)$/.test(entry.name) ? [full] : [];
	});
}

const relative = (file: string) => path.relative(repoRoot, file);

/** Calls that read files, run programs, signal processes or talk to PM2; imports of node:fs & co are ESLint's. */
const ioCalls =
	/\breadPlaybook\(|(?<![.\w])(readFile|readdir|stat|open|watch)(Sync)?\(|\bfs\w*\.\w+\(|process\.kill\(|(?<![.\w])(execFile|execFileSync|execSync|spawn|spawnSync|fork)\(|new Tail\(|\bpm2\.\w+\(/;
/** The one interval in the UI redraws a clock (uptimes, countdowns) and reads nothing. */
const redrawOnlyIntervals = new Set(['source/ui/use-terminal-size.ts']);

const maxLines = 300;

describe('source tree rules', () => {
	it('no file under source/ui performs I/O or polls', () => {
		const offenders: string[] = [];
		for (const file of filesUnder(path.join(repoRoot, 'source', 'ui'))) {
			const lines = fs.readFileSync(file, 'utf8').split('\n');
			lines.forEach((line, index) => {
				if (line.trimStart().startsWith('//') || line.trimStart().startsWith('*')) return;
				if (ioCalls.test(line) || (/\bsetInterval\(/.test(line) && !redrawOnlyIntervals.has(relative(file))))
					offenders.push(`${relative(file)}:${index + 1}: ${line.trim()}`);
			});
		}
		expect(offenders).toEqual([]);
	});

	it('no file under source/ is over 300 lines', () => {
		const counts = filesUnder(path.join(repoRoot, 'source')).map(file => ({
			file: relative(file),
			lines: fs.readFileSync(file, 'utf8').replace(/\n$/, '').split('\n').length,
		}));
		expect(counts.filter(({lines}) => lines > maxLines)).toEqual([]);
	});
});

// docs/architecture.md is the map a newcomer reads first: it stays short, and every path it names exists.
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {repoRoot} from '../helpers/pm2-sandbox.js';

const doc = fs.readFileSync(path.join(repoRoot, 'docs', 'architecture.md'), 'utf8');

/** Whether `name` (a path from the repository root, `*` matching within one name) names something that exists. */
function exists(name: string): boolean {
	if (!name.includes('*')) return fs.existsSync(path.join(repoRoot, name));
	const folder = path.join(repoRoot, path.dirname(name));
	const pattern = new RegExp(`^${path.basename(name).replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`);
	return fs.existsSync(folder) && fs.readdirSync(folder).some(entry => pattern.test(entry));
}

/**
 * The paths in backticks: a path with a folder stands for itself; a bare file name after it on the same line
 * (`live-store.ts`, `poll-schedule.ts`) is in that path's folder.
 */
function namedPaths(text: string): string[] {
	const names: string[] = [];
	for (const line of text.split('\n')) {
		let folder: string | null = null;
		for (const [, token] of line.matchAll(/`([^`\s]+)`/g)) {
			if (/^(source|test|docs|bench|\.ci)\//.test(token!)) {
				names.push(token!);
				folder = token!.endsWith('/') ? token! : path.dirname(token!);
			} else if (folder && /^[\w*.-]+\.(ts|tsx|mjs|js)$/.test(token!)) names.push(path.join(folder, token!));
		}
	}
	return names;
}

describe('docs/architecture.md', () => {
	it('is at most 15 KB', () => {
		expect(Buffer.byteLength(doc)).toBeLessThanOrEqual(15 * 1024);
	});

	it('names only paths that exist', () => {
		const names = namedPaths(doc);
		expect(names.length).toBeGreaterThan(40);
		expect(names.filter(name => !exists(name))).toEqual([]);
	});
});

// The layering in eslint.config.js, checked through ESLint's own API on snippets placed in each folder.
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {ESLint} from 'eslint';
import {beforeAll, describe, expect, it} from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let eslint: ESLint;

beforeAll(() => {
	eslint = new ESLint({cwd: root});
});

/** The rule ids ESLint reports for `code` as if it were the file at `file` (relative to the repository). */
async function ruleIds(file: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, {filePath: path.join(root, file)});
	return result!.messages.map(message => message.ruleId ?? message.message);
}

describe('eslint layering rules', () => {
	it('reject file-system, process and socket imports, pm2 and tail in a UI component', async () => {
		for (const specifier of ['node:fs', 'fs', 'node:fs/promises', 'node:child_process', 'node:net', 'pm2', 'tail']) {
			expect(await ruleIds('source/ui/components/some-view.tsx', `import io from '${specifier}';\nexport const value = io;\n`), specifier).toEqual([
				'no-restricted-imports',
			]);
		}
		expect(
			await ruleIds('source/ui/components/some-view.tsx', `import {DaemonClient} from '../../pm2/daemon-client.js';\nexport const value = DaemonClient;\n`),
		).toEqual(['no-restricted-imports']);
	});

	it('reject I/O, pm2, tail, React and Ink in the pure folders', async () => {
		for (const file of ['source/model/some-model.ts', 'source/doctor/checks/some-check.ts']) {
			for (const specifier of ['node:fs', 'node:os', 'node:child_process', 'pm2', 'tail', 'react', 'ink', '../../services/store/live-store.js']) {
				expect(await ruleIds(file, `import thing from '${specifier}';\nexport const value = thing;\n`), `${file}: ${specifier}`).toEqual([
					'no-restricted-imports',
				]);
			}
			expect(await ruleIds(file, `import path from 'node:path';\nexport const value = path.sep;\n`), file).toEqual([]);
		}
	});

	it('let only source/pm2/ import pm2, nothing import tail, and the edges do their I/O', async () => {
		const importPm2 = `import axon from 'pm2/modules/pm2-axon/index.js';\nexport const value = axon;\n`;
		expect(await ruleIds('source/pm2/some-transport.ts', importPm2)).toEqual([]);
		for (const file of ['source/store/some-store.ts', 'source/logs/some-log.ts', 'source/doctor/some-fact.ts']) {
			expect(await ruleIds(file, `import tailPackage from 'tail';\nexport const value = tailPackage;\n`), file).toEqual(['no-restricted-imports']);
			expect(await ruleIds(file, importPm2), file).toEqual(['no-restricted-imports']);
		}
		for (const file of ['source/logs/some-log.ts', 'source/ecosystem/some-file.ts', 'source/terminal/some-session.ts']) {
			expect(await ruleIds(file, `import fs from 'node:fs';\nexport const value = fs;\n`), file).toEqual([]);
		}
	});

	it('allow console only in the CLI entry and the demo', async () => {
		const log = `console.log('hello');\n`;
		expect(await ruleIds('source/ui/app-state.ts', log)).toEqual(['no-console']);
		expect(await ruleIds('source/logs/some-log.ts', log)).toEqual(['no-console']);
		expect(await ruleIds('source/cli.tsx', log)).toEqual([]);
		expect(await ruleIds('source/demo/run-demo.ts', log)).toEqual([]);
	});

	it('enforce the rules of hooks', async () => {
		const conditionalHook = `import {useState} from 'react';\nexport function View(props: {on: boolean}) {\n\tif (props.on) useState(0);\n\treturn null;\n}\n`;
		expect(await ruleIds('source/ui/components/some-view.tsx', conditionalHook)).toEqual(['react-hooks/rules-of-hooks']);
	});
});

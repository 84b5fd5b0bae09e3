// `npm run lint`. Besides the recommended rules, this encodes the layering (docs/architecture.md): effects at
// the edges, logic pure in the middle.
// - source/model/ and source/doctor/checks/ are pure: no I/O built-ins, no pm2 or tail, no React or Ink, and
//   nothing from the folders that hold effects;
// - source/ui/ is props in, JSX out: no file system, child processes, sockets, pm2 or tail (terminal I/O is in
//   source/terminal/);
// - only source/pm2/ imports pm2, and nothing in source/ imports tail (see source/logs/follow-file.ts);
// - no console in source/ outside the CLI entry and the demo.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Both spellings of Node built-ins: `fs` and `node:fs`. */
const builtins = names => names.flatMap(name => [name, `node:${name}`]);

const ioBuiltins = builtins([
	'fs',
	'fs/promises',
	'child_process',
	'net',
	'http',
	'https',
	'http2',
	'dgram',
	'dns',
	'dns/promises',
	'tls',
	'os',
	'tty',
	'readline',
	'readline/promises',
	'cluster',
	'worker_threads',
	'v8',
	'inspector',
	'module',
]);
const pm2Message = 'Only source/pm2/ talks to PM2.';

/** One no-restricted-imports setting (a later setting of the same rule replaces an earlier one, so each folder gets all of its own). */
function restrictedImports({names = [], patterns = []}) {
	return [
		'error',
		{
			paths: names.map(({name, message}) => ({name, message})),
			patterns,
		},
	];
}

/** Everywhere in source/ (a folder's own setting repeats it). */
const baseRestriction = {
	names: [
		{name: 'pm2', message: pm2Message},
		// A dev dependency now (the benchmark's reference): it cannot be used at run time.
		{name: 'tail', message: 'Log files are followed with fs.watch directly: source/logs/follow-file.ts says why.'},
	],
	patterns: [{group: ['pm2/*'], message: pm2Message}],
};

const pureRestriction = {
	names: [
		...baseRestriction.names,
		...ioBuiltins.map(name => ({name, message: 'Pure code does no I/O: take the facts as arguments.'})),
		...['react', 'ink'].map(name => ({name, message: 'Pure code: no React, no Ink.'})),
	],
	patterns: [
		...baseRestriction.patterns,
		{group: ['react/*', 'react-dom', 'ink-*'], message: 'Pure code: no React, no Ink.'},
		{
			group: ['**/pm2/*', '**/host/*', '**/services/**', '**/ui/*', '**/terminal/*'],
			message: 'Pure code does not reach into the folders that hold effects.',
		},
	],
};

const uiRestriction = {
	names: [
		...baseRestriction.names,
		...builtins(['fs', 'fs/promises', 'child_process', 'net']).map(name => ({
			name,
			message: 'source/ui/ is props in, JSX out: I/O belongs in source/terminal/, source/services/ or the edges.',
		})),
	],
	patterns: [...baseRestriction.patterns, {group: ['**/pm2/*'], message: pm2Message}],
};

export default tseslint.config(
	{
		// doctor-syntax-error.cjs is an app that must fail to parse.
		ignores: ['dist/', 'node_modules/', '.tmp/', 'coverage/', 'test/fixtures/apps/doctor-syntax-error.cjs'],
	},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.{js,mjs,cjs}'],
		languageOptions: {globals: globals.node},
	},
	{
		files: ['**/*.cjs'],
		languageOptions: {sourceType: 'commonjs'},
		rules: {'@typescript-eslint/no-require-imports': 'off'},
	},
	{
		plugins: {'react-hooks': reactHooks},
		rules: {
			'react-hooks/rules-of-hooks': 'error',
			'react-hooks/exhaustive-deps': 'error',
		},
	},
	{
		linterOptions: {reportUnusedDisableDirectives: 'error'},
		rules: {
			// `_`-prefixed names are deliberately unused (placeholders in destructuring and callbacks).
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none'}],
			// Terminal escapes are this product's subject: the sanitizer, the ANSI parsers and their tests match
			// control characters on purpose, in every one of the rule's hits.
			'no-control-regex': 'off',
			// A comment may show the invisible characters it talks about.
			'no-irregular-whitespace': ['error', {skipComments: true}],
		},
	},
	{
		// Benchmarks and tests reach into internals and untyped child-process messages.
		files: ['bench/**', 'test/**'],
		rules: {'@typescript-eslint/no-explicit-any': 'off'},
	},
	// --- the layering ---
	{
		files: ['source/**'],
		rules: {
			'no-restricted-imports': restrictedImports(baseRestriction),
			'no-console': 'error',
		},
	},
	{
		files: ['source/pm2/**'],
		rules: {'no-restricted-imports': restrictedImports({names: baseRestriction.names.filter(({name}) => name !== 'pm2')})},
	},
	{
		files: ['source/model/**', 'source/doctor/checks/**'],
		rules: {'no-restricted-imports': restrictedImports(pureRestriction)},
	},
	{
		files: ['source/ui/**'],
		rules: {'no-restricted-imports': restrictedImports(uiRestriction)},
	},
	{
		// Effects the UI needs live here, outside React: no React, Ink or views.
		files: ['source/services/**', 'source/host/**'],
		rules: {
			'no-restricted-imports': restrictedImports({
				names: [...baseRestriction.names, ...['react', 'ink'].map(name => ({name, message: 'Services and adapters run outside React.'}))],
				patterns: [
					...baseRestriction.patterns,
					{group: ['**/ui/*', '**/terminal/*'], message: 'Dependencies point inward: the UI uses services, not the other way.'},
				],
			}),
		},
	},
	{
		// Untyped data from outside: PM2's JSON answers and its transport (pm2 ships no types for either), and
		// acorn's AST nodes, read by property name.
		files: [
			'source/pm2/map-process.ts',
			'source/pm2/bus-logs.ts',
			'source/pm2/pm2-internals.d.ts',
			'source/ecosystem/edit-config.ts',
			'source/ecosystem/locate-keys.ts',
			'source/ecosystem/evaluate-in-child.ts',
		],
		rules: {'@typescript-eslint/no-explicit-any': 'off'},
	},
	{
		// The CLI entry and the demo (its runner and the apps it starts) talk to the user on the console.
		files: ['source/cli.tsx', 'source/bin.ts', 'source/demo/**'],
		rules: {'no-console': 'off'},
	},
);

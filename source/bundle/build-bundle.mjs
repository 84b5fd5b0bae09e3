// `npm run bundle`: bundles the CLI (source/bin.ts) into dist/source/bin.js with esbuild.
// Why a bundle at all: resolving and evaluating ~300 separate ESM files dominated the time to the first
// frame (`node --cpu-prof`); one file cut it by about 40 %. pm2 stays external (it is required by path at
// run time and reads its own files), and so does Ink's optional devtools module.
// Code splitting: every dynamic import() becomes its own chunk in dist/source/chunks/ (a folder tsc never
// writes to), so the path to the first paint loads the store and the pm2 transport but not Ink, React or
// the views, and --version/--help load neither (docs/architecture.md, "Start-up").
// Plain JavaScript on purpose: it runs before tsc and needs nothing but esbuild.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// ESM output still contains CommonJS dependencies that call require() or read __dirname. Every chunk gets
// the banner; __dirname is then the chunk's folder (the code that looks for package.json or docs/ walks up).
const banner = [
	"import {createRequire as __pm2doctorCreateRequire} from 'node:module';",
	"import {fileURLToPath as __pm2doctorFileURLToPath} from 'node:url';",
	'const require = __pm2doctorCreateRequire(import.meta.url);',
	'const __filename = __pm2doctorFileURLToPath(import.meta.url);',
	"const __dirname = __pm2doctorFileURLToPath(new URL('.', import.meta.url));",
].join(' ');

/**
 * Ink modules swapped for ours, same interface and output: the frame compositor (faster, see
 * source/bundle/fast-ink-output.ts) and the text measuring and wrapping memos (bounded; Ink's keep every
 * text forever, see ink-measure-text.ts).
 */
const inkReplacements = {'./output.js': 'fast-ink-output.ts', './measure-text.js': 'ink-measure-text.ts', './wrap-text.js': 'ink-wrap-text.ts'};
const replaceInkModules = {
	name: 'replace-ink-modules',
	setup(plugin) {
		plugin.onResolve({filter: /^\.\/(output|measure-text|wrap-text)\.js$/}, args =>
			/[/\\]node_modules[/\\]ink[/\\]build[/\\]/.test(args.importer) ? {path: path.join(root, 'source', 'bundle', inkReplacements[args.path])} : undefined,
		);
	},
};

/**
 * string-width builds an Intl.Segmenter and Unicode-property regexes when its module is evaluated (~30 ms),
 * and cached-string-width.ts measures most text without it. So the bundle initialises it on first use, not
 * on the path to the first paint: the stand-in's import of it becomes a require() inside a function, which
 * esbuild turns into a lazily evaluated module.
 */
const lazyStringWidth = {
	name: 'lazy-string-width',
	setup(plugin) {
		plugin.onResolve({filter: /[/\\]string-width[/\\]index\.js$/}, args =>
			args.importer.endsWith(path.join('source', 'bundle', 'cached-string-width.ts')) ? {path: 'string-width', namespace: 'lazy-string-width'} : undefined,
		);
		plugin.onLoad({filter: /.*/, namespace: 'lazy-string-width'}, () => ({
			resolveDir: root,
			contents:
				'let real;\n' +
				'export default function stringWidth(...args) {\n' +
				"\treal ??= require('./node_modules/string-width/index.js').default;\n" +
				'\treturn real(...args);\n' +
				'}\n',
		}));
	},
};

// Chunk names carry a content hash: drop the previous build's chunks.
fs.rmSync(path.join(root, 'dist', 'source', 'chunks'), {recursive: true, force: true});

await build({
	absWorkingDir: root,
	entryPoints: ['source/bin.ts'],
	outdir: 'dist/source',
	outbase: 'source',
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	allowOverwrite: true,
	external: ['pm2', './devtools.js'],
	// Memoised string widths: see source/bundle/cached-string-width.ts.
	alias: {'string-width': './source/bundle/cached-string-width.ts'},
	plugins: [replaceInkModules, lazyStringWidth],
	banner: {js: banner},
	// React, react-reconciler and scheduler pick their development or production build from NODE_ENV at
	// run time, so without this the bundle carries both (the development reconciler alone is 0.7 MB).
	define: {'process.env.NODE_ENV': '"production"'},
	// Node's ESM loader keeps each chunk's source as a two-byte string for as long as the process runs (V8
	// compiles functions lazily from it): render-app was 1.77 M characters, 3.5 MB of heap. Whitespace and
	// syntax minification keep names, so stack traces still read.
	minifyWhitespace: true,
	minifySyntax: true,
	logLevel: 'warning',
});

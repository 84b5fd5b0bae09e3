// The Ink patch: three of Ink's internal modules are bundled in place of Ink's own (same interface, same
// output): the frame compositor (fast-ink-output.ts) and the text measuring and wrapping memos (bounded; Ink's
// keep every text forever: ink-measure-text.ts, ink-wrap-text.ts). Ink does not export these modules, so the
// swap goes by the file names Ink imports them under. A future Ink could rename or restructure them, and a swap
// by name would then silently stop; so the swap checks itself and the build fails when
// - the installed Ink is not the version the replacements were compared against (testedInkVersion);
// - a replacement did not fire, or one of Ink's originals still made it into the bundle;
// - a replacement imports a package that resolves to another copy than the one Ink itself would load.
// test/unit/bundle/fast-ink-output.test.ts runs the differential test against the bundled modules too
// (buildInkSwapProbe). Plain JavaScript: build-bundle.mjs runs before tsc.
import fs from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

/** The Ink release the replacements were compared against. Update it only after re-running those tests. */
export const testedInkVersion = '6.8.0';

/** Ink's module (as Ink imports it) → our replacement, in source/bundle/. */
export const inkReplacements = {'./output.js': 'fast-ink-output.ts', './measure-text.js': 'ink-measure-text.ts', './wrap-text.js': 'ink-wrap-text.ts'};

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Ink's build/ folder as installed. */
export function inkBuildDir(root = repositoryRoot) {
	return path.dirname(createRequire(path.join(root, 'package.json')).resolve('ink'));
}

/** Throws unless the installed Ink is the tested one and package.json pins exactly that version. */
export function assertTestedInk(root = repositoryRoot) {
	const installed = JSON.parse(fs.readFileSync(path.join(inkBuildDir(root), '..', 'package.json'), 'utf8')).version;
	const declared = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).dependencies?.ink;
	if (installed !== testedInkVersion || declared !== testedInkVersion) {
		throw new Error(
			`The Ink patch (source/bundle/ink-swap.mjs) was tested with ink ${testedInkVersion}; installed: ${installed}, package.json: ${declared}. ` +
				'Compare the replacements with the new Ink (test/unit/bundle), then update testedInkVersion and the exact pin together.',
		);
	}
}

const isInsideInkBuild = file => /(^|[/\\])node_modules[/\\]ink[/\\]build[/\\]/.test(file);
const isBarePackage = specifier => !specifier.startsWith('.') && !path.isAbsolute(specifier) && !specifier.startsWith('node:');

/**
 * The esbuild plugin that swaps the modules. `report()` lists what went wrong (empty when every swap fired and
 * every package the replacements import is the copy Ink uses); call it after the build.
 */
export function inkSwapPlugin(root = repositoryRoot) {
	// The replacements and the string-width stand-in they (and Ink) call.
	const checkedImporters = new Set([...Object.values(inkReplacements), 'cached-string-width.ts'].map(file => path.join(root, 'source', 'bundle', file)));
	const fired = new Set();
	const problems = [];
	const inkDir = inkBuildDir(root);
	const plugin = {
		name: 'ink-swap',
		setup(build) {
			build.onResolve({filter: /^\.\/(output|measure-text|wrap-text)\.js$/}, args => {
				if (!isInsideInkBuild(args.importer)) return undefined;
				fired.add(args.path);
				return {path: path.join(root, 'source', 'bundle', inkReplacements[args.path])};
			});
			// A replacement must use the very package copies Ink would: a second copy could measure or style
			// differently from the rest of Ink. (string-width is our own stand-in: see cached-string-width.ts.)
			build.onResolve({filter: /.*/}, async args => {
				if (args.pluginData?.inkSwapProbe || !checkedImporters.has(args.importer) || !isBarePackage(args.path) || args.path === 'string-width')
					return undefined;
				const ours = await build.resolve(args.path, {kind: args.kind, resolveDir: args.resolveDir, pluginData: {inkSwapProbe: true}});
				const inks = await build.resolve(args.path, {kind: args.kind, resolveDir: inkDir, pluginData: {inkSwapProbe: true}});
				if (ours.errors.length > 0 || inks.errors.length > 0 || ours.path !== inks.path) {
					problems.push(
						`${path.relative(root, args.importer)} imports ${args.path} as ${ours.path || '(unresolved)'}, Ink uses ${inks.path || '(unresolved)'}: declare it in package.json in the range Ink uses.`,
					);
				}
				return ours.errors.length > 0 ? undefined : {path: ours.path};
			});
		},
	};
	/** Problems after a build with `metafile: true`. */
	const report = metafile => {
		const result = [...problems];
		for (const inkPath of Object.keys(inkReplacements)) {
			if (!fired.has(inkPath)) result.push(`Ink no longer imports ${inkPath}: the swap for it did not fire (Ink's internals changed).`);
		}
		for (const input of Object.keys(metafile?.inputs ?? {})) {
			if (isInsideInkBuild(input) && Object.keys(inkReplacements).some(inkPath => input.endsWith(`/build/${inkPath.slice(2)}`)))
				result.push(`Ink's own ${input} is still in the bundle.`);
		}
		return result;
	};
	return {plugin, report};
}

/**
 * The stand-in for `string-width` (cached-string-width.ts) replaces every import of it, Ink's dependencies'
 * included; the stand-in's own import of the real one becomes a require() inside a function, which esbuild
 * turns into a lazily evaluated module. string-width builds an Intl.Segmenter and Unicode-property regexes when
 * it is evaluated (~30 ms), and the stand-in measures most text without it, so that set-up stays off the path
 * to the first paint.
 */
export function stringWidthPlugin(root = repositoryRoot) {
	const standIn = path.join(root, 'source', 'bundle', 'cached-string-width.ts');
	return {
		name: 'cached-string-width',
		setup(build) {
			build.onResolve({filter: /^string-width$/}, args => {
				if (args.namespace === 'lazy-string-width') return undefined;
				return args.importer === standIn ? {path: 'string-width', namespace: 'lazy-string-width'} : {path: standIn};
			});
			build.onLoad({filter: /.*/, namespace: 'lazy-string-width'}, () => ({
				resolveDir: path.dirname(standIn),
				contents: "let real;\nexport default function stringWidth(...args) {\n\treal ??= require('string-width').default;\n\treturn real(...args);\n}\n",
			}));
		},
	};
}

// ESM output still contains CommonJS dependencies that call require() or read __dirname. Every chunk gets
// the banner; __dirname is then the chunk's folder (the code that looks for package.json or docs/ walks up).
const banner = [
	"import {createRequire as __pm2doctorCreateRequire} from 'node:module';",
	"import {fileURLToPath as __pm2doctorFileURLToPath} from 'node:url';",
	'const require = __pm2doctorCreateRequire(import.meta.url);',
	'const __filename = __pm2doctorFileURLToPath(import.meta.url);',
	"const __dirname = __pm2doctorFileURLToPath(new URL('.', import.meta.url));",
].join(' ');

/** What the shipped bundle and the probe share: every option that changes the code. */
export function sharedBundleOptions(root = repositoryRoot) {
	return {
		absWorkingDir: root,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
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
		metafile: true,
	};
}

/** Fails (throws) with every problem the swap reported. */
export function assertSwapped(swap, metafile) {
	const problems = swap.report(metafile);
	if (problems.length > 0) throw new Error(`The Ink patch did not apply:\n- ${problems.join('\n- ')}`);
}

/**
 * Bundles Ink's three swapped modules as the shipped bundle does (same plugins and options), imported the way
 * Ink imports them, into `outdir`/ink-swapped-modules.js, which exports {Output, measureText, wrapText}.
 */
export async function buildInkSwapProbe(outdir, root = repositoryRoot) {
	const inkDir = inkBuildDir(root);
	const swap = inkSwapPlugin(root);
	const entry = path.join(inkDir, 'pm2-doctor-swap-probe.js');
	const probeEntry = {
		name: 'ink-swap-probe-entry',
		setup(build) {
			build.onResolve({filter: /^ink-swap-probe$/}, () => ({path: entry, namespace: 'ink-swap-probe'}));
			build.onLoad({filter: /.*/, namespace: 'ink-swap-probe'}, () => ({
				resolveDir: inkDir,
				contents:
					"export {default as Output} from './output.js';\nexport {default as measureText} from './measure-text.js';\nexport {default as wrapText} from './wrap-text.js';\n",
			}));
		},
	};
	const outfile = path.join(outdir, 'ink-swapped-modules.js');
	const result = await build({
		...sharedBundleOptions(root),
		entryPoints: ['ink-swap-probe'],
		outfile,
		plugins: [probeEntry, swap.plugin, stringWidthPlugin(root)],
	});
	assertSwapped(swap, result.metafile);
	return outfile;
}

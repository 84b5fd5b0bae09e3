// `npm run bundle`: bundles the CLI (source/bin.ts) into dist/source/bin.js with esbuild.
// Why a bundle at all: resolving and evaluating ~300 separate ESM files dominated the time to the first
// frame (`node --cpu-prof`); one file cut it by about 40 %. pm2 stays external (it is required by path at
// run time and reads its own files), and so does Ink's optional devtools module.
// Plain JavaScript on purpose: it runs before tsc and needs nothing but esbuild.
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// ESM output still contains CommonJS dependencies that call require() or read __dirname.
const banner = [
	"import {createRequire as __pm2doctorCreateRequire} from 'node:module';",
	"import {fileURLToPath as __pm2doctorFileURLToPath} from 'node:url';",
	'const require = __pm2doctorCreateRequire(import.meta.url);',
	'const __filename = __pm2doctorFileURLToPath(import.meta.url);',
	"const __dirname = __pm2doctorFileURLToPath(new URL('.', import.meta.url));",
].join(' ');

await build({
	absWorkingDir: root,
	entryPoints: ['source/bin.ts'],
	outfile: 'dist/source/bin.js',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	allowOverwrite: true,
	external: ['pm2', './devtools.js'],
	// Memoised string widths: see source/bundle/cached-string-width.ts.
	alias: {'string-width': './source/bundle/cached-string-width.ts'},
	banner: {js: banner},
	logLevel: 'warning',
});

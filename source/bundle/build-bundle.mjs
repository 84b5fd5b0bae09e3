// `npm run bundle`: bundles the CLI (source/bin.ts) into dist/source/bin.js with esbuild.
// Why a bundle at all: resolving and evaluating ~300 separate ESM files dominated the time to the first
// frame (`node --cpu-prof`); one file cut it by about 40 %. pm2 and better-sqlite3 (a native addon) stay external (pm2 is required by path at
// run time and reads its own files), and so does Ink's optional devtools module.
// Code splitting: every dynamic import() becomes its own chunk in dist/source/chunks/ (a folder tsc never
// writes to), so the path to the first paint loads the store and the pm2 transport but not Ink, React or
// the views, and --version/--help load neither (docs/architecture.md, "Start-up").
// The Ink patch and the string-width stand-in are in ink-swap.mjs; the build fails when the patch does not
// apply. Plain JavaScript on purpose: it runs before tsc and needs nothing but esbuild.
import fs from 'node:fs';
import path from 'node:path';
import {build} from 'esbuild';
import {assertSwapped, assertTestedInk, inkSwapPlugin, repositoryRoot, sharedBundleOptions, stringWidthPlugin} from './ink-swap.mjs';

assertTestedInk();
const swap = inkSwapPlugin();

// Chunk names carry a content hash: drop the previous build's chunks.
fs.rmSync(path.join(repositoryRoot, 'dist', 'source', 'chunks'), {recursive: true, force: true});

const result = await build({
	...sharedBundleOptions(),
	entryPoints: ['source/bin.ts'],
	outdir: 'dist/source',
	outbase: 'source',
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	allowOverwrite: true,
	external: ['pm2', 'better-sqlite3', './devtools.js'],
	plugins: [swap.plugin, stringWidthPlugin()],
});
assertSwapped(swap, result.metafile);

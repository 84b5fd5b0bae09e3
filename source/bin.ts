#!/usr/bin/env node
// Bootstrap, run before anything imports Ink or React (ESM imports are hoisted, so this
// file imports nothing and loads the CLI dynamically):
// - Ink 6 decides at import time that it runs under CI when CI is set at all, and then draws
//   only the last frame; pm2-doctor is interactive whenever stdin/stdout are terminals.
// React's production build is chosen when the bundle is built (define in source/bundle/build-bundle.mjs).
if (process.stdin.isTTY && process.stdout.isTTY) {
	delete process.env.CI;
	delete process.env.CONTINUOUS_INTEGRATION;
}

// The recorder's V8 flags act on code compiled after them: set before the CLI loads (source/recorder/recorder-v8.ts).
if (process.argv[2] === 'record') (await import('./recorder/recorder-v8.js')).applyRecorderV8Flags();

const {main} = await import('./cli.js');
process.exitCode = await main(process.argv.slice(2));

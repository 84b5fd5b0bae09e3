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

const {main} = await import('./cli.js');
process.exitCode = await main(process.argv.slice(2));
